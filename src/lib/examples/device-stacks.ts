/**
 * The two module configurations that reach their keys through daemons, as hardware users run
 * them: `opensc` (OpenSC's PKCS#11 module → pcscd → vsmartcard's vpcd reader driver → a virtual
 * CAC card made by libcacard from an NSS database) and `tpm2` (tpm2-pkcs11 → tpm2-abrmd on a
 * private session D-Bus → swtpm). Every process runs in the configuration's own folder, is
 * started bounded, and is watched: one that dies is named by `deaths()`.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { EXAMPLES_DIR } from './build';
import { runChecked } from './proc';
import { startService, waitForFile, type Service } from './service';

export const OPENSC_PACKAGES = ['opensc-pkcs11', 'pcscd', 'vsmartcard-vpcd', 'libcacard0'];
// tpm2-abrmd does not pull in the TCTI that talks to it (not even as a recommendation): without
// libtss2-tcti-tabrmd0 the module and tpm2_ptool fail with "Could not load tcti".
export const TPM2_PACKAGES = [
  'libtpm2-pkcs11-1',
  'swtpm',
  'tpm2-abrmd',
  'libtss2-tcti-tabrmd0',
  'dbus-daemon',
];

export const OPENSC_HINT =
  'install the Debian packages: pcscd opensc opensc-pkcs11 vsmartcard-vpcd libcacard-dev libnss3-tools (scripts/setup.sh)';
export const TPM2_HINT =
  'install the Debian packages: libtpm2-pkcs11-1 libtpm2-pkcs11-tools swtpm swtpm-tools tpm2-abrmd libtss2-tcti-tabrmd0 dbus-daemon libglib2.0-bin (scripts/setup.sh)';

/** The CAC card's key pair: OpenSC names it after the certificate slot, not after us. */
export const CAC_KEY_LABEL = 'CAC ID Certificate';

/** A running stack of daemons behind one module configuration. */
export interface DeviceStack {
  /** Environment the module (and every example run on it) needs. */
  env: Record<string, string>;
  /** The stack's processes, named as the harness reports them. */
  services: Service[];
}

function requireProgram(file: string, what: string, hint: string): void {
  if (!existsSync(file)) throw new Error(`${what} not found at ${file}: ${hint}`);
}

/** A TCP port free on every interface, and the next one too (vpcd listens on both). */
async function freePortPair(): Promise<number> {
  const listen = (port: number): Promise<net.Server | undefined> =>
    new Promise((resolve) => {
      const server = net.createServer();
      server.once('error', () => {
        resolve(undefined);
      });
      server.listen({ port, host: '0.0.0.0', exclusive: true }, () => {
        resolve(server);
      });
    });
  const close = (server: net.Server): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  for (let attempt = 0; attempt < 20; attempt++) {
    const first = await listen(0);
    if (!first) continue;
    const port = (first.address() as net.AddressInfo).port;
    const second = port < 65535 ? await listen(port + 1) : undefined;
    await close(first);
    if (second) {
      await close(second);
      return port;
    }
  }
  throw new Error('found no two consecutive free TCP ports for vpcd');
}

async function stopAll(services: Service[]): Promise<void> {
  for (const service of [...services].reverse()) await service.stop();
}

/**
 * pcscd, the vpcd reader and the virtual card. pcscd 1.9.9 fixes its socket and pid file under
 * /run/pcscd (the client library alone reads PCSCLITE_CSOCK_NAME), so it runs in a mount
 * namespace of its own where /run/pcscd is this configuration's folder: the socket appears there,
 * no other pcscd on the machine is disturbed, and two runs never share one.
 */
export async function startOpenscStack(options: {
  dir: string;
  bridge: string;
  label: string;
  pin: string;
  env: Record<string, string>;
}): Promise<DeviceStack> {
  const { dir, env } = options;
  requireProgram('/usr/sbin/pcscd', 'pcscd', OPENSC_HINT);
  requireProgram(
    '/usr/lib/pcsc/drivers/serial/libifdvpcd.so',
    'the vpcd reader driver',
    OPENSC_HINT,
  );
  requireProgram(options.bridge, 'vcard-bridge', 'run `make -C examples` (needs libcacard-dev)');

  // The card: an NSS database (password = card PIN) with an RSA-2048 key and a self-signed
  // certificate; OpenSC's CAC emulation names the token after the certificate's CN.
  const db = path.join(dir, 'nssdb');
  await mkdir(db, { recursive: true });
  const pwfile = path.join(dir, 'pwfile');
  await writeFile(pwfile, `${options.pin}\n`, { mode: 0o600 });
  const noise = path.join(dir, 'noise');
  await writeFile(noise, randomBytes(64));
  await runChecked('certutil', ['-N', '-d', `sql:${db}`, '-f', pwfile], { env, timeoutMs: 60_000 });
  const services: Service[] = [];
  try {
    await runChecked(
      'certutil',
      [
        '-S',
        '-d',
        `sql:${db}`,
        '-f',
        pwfile,
        // -z: a noise file for key generation, so certutil does not wait for keystrokes.
        '-z',
        noise,
        '-n',
        options.label,
        '-s',
        `CN=${options.label}`,
        '-x',
        '-t',
        'CT,CT,CT',
        '-k',
        'rsa',
        '-g',
        '2048',
        '-v',
        '12',
        '--keyUsage',
        'digitalSignature',
      ],
      { env, timeoutMs: 60_000 },
    );

    const port = await freePortPair();
    const confDir = path.join(dir, 'reader.conf.d');
    await mkdir(confDir, { recursive: true });
    // DEVICENAME /dev/null:<port>: vpcd listens on <port> (and <port>+1 for its second slot)
    // and the card connects to it (vsmartcard, virtualsmartcard/src/ifd-vpcd/ifd-vpcd.c).
    await writeFile(
      path.join(confDir, 'vpcd'),
      [
        'FRIENDLYNAME "p11ex vpcd"',
        `DEVICENAME /dev/null:${port}`,
        'LIBPATH /usr/lib/pcsc/drivers/serial/libifdvpcd.so',
        '',
      ].join('\n'),
    );
    const runDir = path.join(dir, 'pcscd-run');
    await mkdir(runDir, { recursive: true });
    // The mount point must exist on the host for the bind mount; pcscd's package creates it too.
    await mkdir('/run/pcscd', { recursive: true });
    const namespace =
      process.getuid?.() === 0
        ? ['--mount', '--propagation', 'private']
        : ['--user', '--map-root-user', '--mount', '--propagation', 'private'];
    const pcscd = await startService({
      name: 'pcscd',
      command: 'unshare',
      args: [
        ...namespace,
        '--',
        'sh',
        '-c',
        'mount --bind "$1" /run/pcscd && exec /usr/sbin/pcscd --foreground --info -c "$2"',
        'pcscd-in-namespace',
        runDir,
        confDir,
      ],
      env,
      ready: /daemon ready/,
      readyFile: path.join(runDir, 'pcscd.comm'),
      hint: OPENSC_HINT,
    });
    services.push(pcscd);
    const card = await startService({
      name: 'virtual card (vcard-bridge)',
      command: options.bridge,
      args: ['--db', db, '--cert', options.label, '--port', `${port}`, '--wait-ms', '10000'],
      env,
      ready: /^VCARD-BRIDGE-CONNECTED /m,
      hint: OPENSC_HINT,
    });
    services.push(card);
    await pcscd.waitFor(/Card inserted into p11ex vpcd 00 00/, 15_000);
    return { env: { PCSCLITE_CSOCK_NAME: path.join(runDir, 'pcscd.comm') }, services };
  } catch (error) {
    await stopAll(services);
    throw error;
  }
}

/**
 * swtpm, a private session D-Bus and tpm2-abrmd in front of swtpm (swtpm serves one client at a
 * time, and the module's swtpm TCTI would hold it from C_Initialize to C_Finalize, so a child
 * would block), then a tpm2-pkcs11 store with one token, made with tpm2_ptool.
 */
export async function startTpm2Stack(options: {
  dir: string;
  label: string;
  pin: string;
  soPin: string;
  env: Record<string, string>;
}): Promise<DeviceStack> {
  const { dir, env } = options;
  for (const program of ['/usr/bin/swtpm', '/usr/sbin/tpm2-abrmd', '/usr/bin/dbus-daemon'])
    requireProgram(program, path.basename(program), TPM2_HINT);
  requireProgram('/usr/bin/tpm2_ptool', 'tpm2_ptool', TPM2_HINT);
  const state = path.join(dir, 'tpm-state');
  const store = path.join(dir, 'store');
  await mkdir(state, { recursive: true });
  await mkdir(store, { recursive: true });
  const socket = path.join(dir, 'swtpm.sock');
  const services: Service[] = [];
  try {
    // The swtpm TCTI finds the control channel at <socket>.ctrl (tpm2-tss, tcti-swtpm.c).
    const swtpm = await startService({
      name: 'swtpm',
      command: 'swtpm',
      args: [
        'socket',
        '--tpm2',
        '--tpmstate',
        `dir=${state}`,
        '--server',
        `type=unixio,path=${socket}`,
        '--ctrl',
        `type=unixio,path=${socket}.ctrl`,
        '--flags',
        'not-need-init,startup-clear',
      ],
      env,
      ready: /^/,
      readyFile: `${socket}.ctrl`,
      hint: TPM2_HINT,
    });
    services.push(swtpm);
    await waitForFile(socket, swtpm.name, 15_000, () => swtpm.death());

    // A session bus of our own: the machine's buses (if any) are never touched.
    const busConfig = path.join(dir, 'session-bus.conf');
    await writeFile(
      busConfig,
      [
        '<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"',
        ' "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">',
        '<busconfig>',
        '  <type>session</type>',
        `  <listen>unix:dir=${dir}</listen>`,
        '  <auth>EXTERNAL</auth>',
        '  <policy context="default">',
        '    <allow send_destination="*"/>',
        '    <allow receive_sender="*"/>',
        '    <allow own="*"/>',
        '    <allow user="*"/>',
        '  </policy>',
        '</busconfig>',
        '',
      ].join('\n'),
    );
    const bus = await startService({
      name: 'session D-Bus (dbus-daemon)',
      command: 'dbus-daemon',
      args: ['--config-file', busConfig, '--nofork', '--print-address=1'],
      env,
      ready: /^(unix:\S+)$/m,
      hint: TPM2_HINT,
    });
    services.push(bus);
    const busAddress = bus.ready[1] ?? '';
    const busName = `com.intel.tss2.Tabrmd.p11ex${process.pid}x${Date.now()}`;
    const abrmd = await startService({
      name: 'tpm2-abrmd',
      command: 'tpm2-abrmd',
      args: [
        '--session',
        '--allow-root',
        '--flush-all',
        `--dbus-name=${busName}`,
        `--tcti=swtpm:path=${socket}`,
      ],
      env: { ...env, DBUS_SESSION_BUS_ADDRESS: busAddress },
      ready: /^/,
      hint: TPM2_HINT,
    });
    services.push(abrmd);
    // It serves once it owns its bus name; it says so only in a buffered debug log, so ask the bus.
    await runChecked('gdbus', ['wait', '--session', '--timeout', '15', busName], {
      env: { ...env, DBUS_SESSION_BUS_ADDRESS: busAddress },
      timeoutMs: 20_000,
    });
    const tcti = `tabrmd:bus_type=session,bus_name=${busName}`;
    const moduleEnv = {
      DBUS_SESSION_BUS_ADDRESS: busAddress,
      TPM2_PKCS11_TCTI: tcti,
      TPM2TOOLS_TCTI: tcti,
      TPM2_PKCS11_STORE: store,
      // tpm2-pkcs11 logs warnings to stderr by default; the examples' output stays clean.
      TPM2_PKCS11_LOG_LEVEL: '0',
      // The module's own leak at C_Finalize (examples/lsan-module-leaks.supp) must not fail the
      // sanitizer builds, which check the examples.
      LSAN_OPTIONS: `suppressions=${path.join(EXAMPLES_DIR, 'lsan-module-leaks.supp')}:print_suppressions=0`,
    };
    const ptoolEnv = { ...env, ...moduleEnv };
    await runChecked('tpm2_ptool', ['init', '--path', store], {
      env: ptoolEnv,
      timeoutMs: 60_000,
    });
    await runChecked(
      'tpm2_ptool',
      [
        'addtoken',
        '--pid=1',
        `--label=${options.label}`,
        `--sopin=${options.soPin}`,
        `--userpin=${options.pin}`,
        '--path',
        store,
      ],
      { env: ptoolEnv, timeoutMs: 60_000 },
    );
    return { env: moduleEnv, services };
  } catch (error) {
    await stopAll(services);
    throw error;
  }
}
