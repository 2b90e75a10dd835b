/**
 * The `opensc` configuration's daemons: pcscd, the vpcd reader and a virtual CAC card
 * (libcacard, through examples/opensc/vcard-bridge) made from an NSS database.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

import { OPENSC_HINT, requireProgram, startStack, type DeviceStack } from './device-stacks';
import { runChecked } from './proc';
import { startService, type Service } from './service';

const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';

export interface OpenscStackOptions {
  dir: string;
  bridge: string;
  label: string;
  pin: string;
  env: Record<string, string>;
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

/**
 * The card's NSS database (password = card PIN): created empty here, so that a failure before
 * any daemon starts leaves nothing to stop.
 */
async function createCardDatabase(
  options: OpenscStackOptions,
): Promise<{ db: string; pwfile: string }> {
  const db = path.join(options.dir, 'nssdb');
  await mkdir(db, { recursive: true });
  const pwfile = path.join(options.dir, 'pwfile');
  await writeFile(pwfile, `${options.pin}\n`, { mode: 0o600 });
  await runChecked('certutil', ['-N', '-d', `sql:${db}`, '-f', pwfile], {
    env: options.env,
    timeoutMs: 60_000,
  });
  return { db, pwfile };
}

/**
 * An RSA-2048 key and a self-signed certificate in the card's database; OpenSC's CAC emulation
 * names the token after the certificate's CN.
 */
async function addCardKey(options: OpenscStackOptions, db: string, pwfile: string): Promise<void> {
  const noise = path.join(options.dir, 'noise');
  await writeFile(noise, randomBytes(64));
  const subject = ['-n', options.label, '-s', `CN=${options.label}`, '-x', '-t', 'CT,CT,CT'];
  const key = ['-k', 'rsa', '-g', '2048', '-v', '12', '--keyUsage', 'digitalSignature'];
  // -z: a noise file for key generation, so certutil does not wait for keystrokes.
  const args = ['-S', '-d', `sql:${db}`, '-f', pwfile, '-z', noise, ...subject, ...key];
  await runChecked('certutil', args, { env: options.env, timeoutMs: 60_000 });
}

/** The reader configuration folder pcscd reads: one vpcd reader on `port`. */
async function writeReaderConfig(dir: string, port: number): Promise<string> {
  const confDir = path.join(dir, 'reader.conf.d');
  await mkdir(confDir, { recursive: true });
  // DEVICENAME /dev/null:<port>: vpcd listens on <port> (and <port>+1 for its second slot)
  // and the card connects to it (vsmartcard, virtualsmartcard/src/ifd-vpcd/ifd-vpcd.c).
  await writeFile(
    path.join(confDir, 'vpcd'),
    [
      'FRIENDLYNAME "p11ex vpcd"',
      `DEVICENAME /dev/null:${port}`,
      `LIBPATH ${VPCD_DRIVER}`,
      '',
    ].join('\n'),
  );
  return confDir;
}

/**
 * pcscd 1.9.9 fixes its socket and pid file under /run/pcscd (the client library alone reads
 * PCSCLITE_CSOCK_NAME), so it runs in a mount namespace of its own where /run/pcscd is this
 * configuration's folder: the socket appears there, no other pcscd on the machine is disturbed,
 * and two runs never share one.
 */
async function startPcscd(
  dir: string,
  confDir: string,
  env: Record<string, string>,
): Promise<{ pcscd: Service; runDir: string }> {
  const runDir = path.join(dir, 'pcscd-run');
  await mkdir(runDir, { recursive: true });
  // The mount point must exist on the host for the bind mount; pcscd's package creates it too.
  await mkdir('/run/pcscd', { recursive: true });
  const namespace =
    process.getuid?.() === 0
      ? ['--mount', '--propagation', 'private']
      : ['--user', '--map-root-user', '--mount', '--propagation', 'private'];
  const script = 'mount --bind "$1" /run/pcscd && exec /usr/sbin/pcscd --foreground --info -c "$2"';
  const pcscd = await startService({
    name: 'pcscd',
    command: 'unshare',
    args: [...namespace, '--', 'sh', '-c', script, 'pcscd-in-namespace', runDir, confDir],
    env,
    ready: /daemon ready/,
    readyFile: path.join(runDir, 'pcscd.comm'),
    hint: OPENSC_HINT,
  });
  return { pcscd, runDir };
}

/** pcscd, the vpcd reader and the virtual card, up once pcscd has seen the card inserted. */
export async function startOpenscStack(options: OpenscStackOptions): Promise<DeviceStack> {
  const { dir, env } = options;
  requireProgram('/usr/sbin/pcscd', 'pcscd', OPENSC_HINT);
  requireProgram(VPCD_DRIVER, 'the vpcd reader driver', OPENSC_HINT);
  requireProgram(options.bridge, 'vcard-bridge', 'run `make -C examples` (needs libcacard-dev)');
  const { db, pwfile } = await createCardDatabase(options);
  return startStack(async (services) => {
    await addCardKey(options, db, pwfile);
    const port = await freePortPair();
    const confDir = await writeReaderConfig(dir, port);
    const { pcscd, runDir } = await startPcscd(dir, confDir, env);
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
    return { PCSCLITE_CSOCK_NAME: path.join(runDir, 'pcscd.comm') };
  });
}
