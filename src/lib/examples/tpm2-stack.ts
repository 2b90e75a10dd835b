/**
 * The `tpm2` configuration's daemons: swtpm, a private session D-Bus and tpm2-abrmd in front of
 * swtpm (swtpm serves one client at a time, and the module's swtpm TCTI would hold it from
 * C_Initialize to C_Finalize, so a child would block), then a tpm2-pkcs11 store with one token,
 * made with tpm2_ptool.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { EXAMPLES_DIR } from './build';
import { TPM2_HINT, requireProgram, startStack, type DeviceStack } from './device-stacks';
import { runChecked } from './proc';
import { startService, waitForFile, type Service } from './service';

export interface Tpm2StackOptions {
  dir: string;
  label: string;
  pin: string;
  soPin: string;
  env: Record<string, string>;
}

/** swtpm on a Unix socket; the swtpm TCTI finds the control channel at <socket>.ctrl (tpm2-tss, tcti-swtpm.c). */
async function startSwtpm(dir: string, env: Record<string, string>): Promise<Service> {
  const state = path.join(dir, 'tpm-state');
  await mkdir(state, { recursive: true });
  const socket = path.join(dir, 'swtpm.sock');
  const swtpm = await startService({
    name: 'swtpm',
    command: 'swtpm',
    args: [
      ...['socket', '--tpm2', '--tpmstate', `dir=${state}`],
      ...['--server', `type=unixio,path=${socket}`, '--ctrl', `type=unixio,path=${socket}.ctrl`],
      ...['--flags', 'not-need-init,startup-clear'],
    ],
    env,
    ready: /^/,
    readyFile: `${socket}.ctrl`,
    hint: TPM2_HINT,
  });
  try {
    await waitForFile(socket, swtpm.name, 15_000, () => swtpm.death());
  } catch (error) {
    await swtpm.stop();
    throw error;
  }
  return swtpm;
}

/** A session bus of our own: the machine's buses (if any) are never touched. */
async function startSessionBus(dir: string, env: Record<string, string>): Promise<Service> {
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
  return startService({
    name: 'session D-Bus (dbus-daemon)',
    command: 'dbus-daemon',
    args: ['--config-file', busConfig, '--nofork', '--print-address=1'],
    env,
    ready: /^(unix:\S+)$/m,
    hint: TPM2_HINT,
  });
}

/** tpm2-abrmd on the session bus under a name of its own, up once it owns that name. */
async function startAbrmd(
  socket: string,
  busEnv: Record<string, string>,
): Promise<{ abrmd: Service; busName: string }> {
  const busName = `com.intel.tss2.Tabrmd.p11ex${process.pid}x${Date.now()}`;
  const abrmd = await startService({
    name: 'tpm2-abrmd',
    command: 'tpm2-abrmd',
    args: [
      ...['--session', '--allow-root', '--flush-all'],
      ...[`--dbus-name=${busName}`, `--tcti=swtpm:path=${socket}`],
    ],
    env: busEnv,
    ready: /^/,
    hint: TPM2_HINT,
  });
  return { abrmd, busName };
}

/** The environment of the module and of tpm2_ptool: the TCTI through tpm2-abrmd, the store. */
function tpm2ModuleEnv(busAddress: string, busName: string, store: string): Record<string, string> {
  const tcti = `tabrmd:bus_type=session,bus_name=${busName}`;
  return {
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
}

/** A tpm2-pkcs11 store with one token (user and SO PIN), made with tpm2_ptool. */
async function createToken(options: Tpm2StackOptions, store: string, env: Record<string, string>) {
  await runChecked('tpm2_ptool', ['init', '--path', store], { env, timeoutMs: 60_000 });
  const pins = [`--sopin=${options.soPin}`, `--userpin=${options.pin}`];
  await runChecked(
    'tpm2_ptool',
    ['addtoken', '--pid=1', `--label=${options.label}`, ...pins, '--path', store],
    { env, timeoutMs: 60_000 },
  );
}

/** swtpm, the session bus, tpm2-abrmd and a token in a fresh store. */
export async function startTpm2Stack(options: Tpm2StackOptions): Promise<DeviceStack> {
  const { dir, env } = options;
  for (const program of ['/usr/bin/swtpm', '/usr/sbin/tpm2-abrmd', '/usr/bin/dbus-daemon'])
    requireProgram(program, path.basename(program), TPM2_HINT);
  requireProgram('/usr/bin/tpm2_ptool', 'tpm2_ptool', TPM2_HINT);
  const store = path.join(dir, 'store');
  await mkdir(store, { recursive: true });
  return startStack(async (services) => {
    services.push(await startSwtpm(dir, env));
    const bus = await startSessionBus(dir, env);
    services.push(bus);
    const busEnv = { ...env, DBUS_SESSION_BUS_ADDRESS: bus.ready[1] ?? '' };
    const { abrmd, busName } = await startAbrmd(path.join(dir, 'swtpm.sock'), busEnv);
    services.push(abrmd);
    // It serves once it owns its bus name; it says so only in a buffered debug log, so ask the bus.
    await runChecked('gdbus', ['wait', '--session', '--timeout', '15', busName], {
      env: busEnv,
      timeoutMs: 20_000,
    });
    const moduleEnv = tpm2ModuleEnv(bus.ready[1] ?? '', busName, store);
    await createToken(options, store, { ...env, ...moduleEnv });
    return moduleEnv;
  });
}
