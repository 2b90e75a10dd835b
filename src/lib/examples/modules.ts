/**
 * Prepares the module configurations in a throw-away folder: SoftHSM2 tokens (reset_on_fork
 * false and true), an NSS softoken database, a p11-kit server in front of SoftHSM2 (remoting),
 * a p11-kit proxy user configuration that loads only SoftHSM2, OpenSC on a virtual smart card
 * through a private pcscd, and tpm2-pkcs11 on swtpm through tpm2-abrmd (device-stacks.ts). Each
 * token gets the ECDSA P-256 key pair from the examples' own keygen (C_GenerateKeyPair), except
 * the card, whose RSA-2048 key is made with its NSS database. A missing module is an error,
 * never a skip.
 */
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { MODULE_IDS, type ModuleId } from './catalog';
import {
  CAC_KEY_LABEL,
  OPENSC_HINT,
  OPENSC_PACKAGES,
  TPM2_HINT,
  TPM2_PACKAGES,
  startOpenscStack,
  startTpm2Stack,
} from './device-stacks';
import { DEVICE_CALL_INTERVAL_MS } from './hazard';
import { runChecked } from './proc';
import { REFERENCE_SOCKET_ENV, startReferenceDaemon } from './reference-daemon';
import { startService, type Service } from './service';

/** The unprivileged uid/gid the proxy case runs as: p11-kit ignores user configuration for root. */
export const UNPRIVILEGED = { uid: 65534, gid: 65534 } as const;
export const TOKEN_LABEL = 'forktest';
export const USER_PIN = '1234';
const SO_PIN = '5678';

export interface ModuleInfo {
  manufacturer: string;
  library: string;
  libraryVersion: string;
  cryptokiVersion: string;
  /** Debian package versions (dpkg-query) of everything the configuration loads. */
  packages: Record<string, string>;
}

export interface ModuleConfig {
  id: ModuleId;
  /** The reference module's daemon request log (tests read it). */
  daemonLog?: string;
  modulePath: string;
  /** For CK_C_INITIALIZE_ARGS.pReserved (NSS softoken's configuration string). */
  initArgs?: string;
  token: string;
  pin: string;
  /** Environment the module needs (SOFTHSM2_CONF, P11_KIT_SERVER_ADDRESS, HOME, ...). */
  env: Record<string, string>;
  runAs?: { uid: number; gid: number };
  info: ModuleInfo;
}

export interface Provisioned {
  workDir: string;
  configs: ModuleConfig[];
  /** The daemons behind the configurations (p11-kit server, pcscd, swtpm, ...), by name. */
  services: Service[];
  /** One line per daemon that ended without being stopped, e.g. `swtpm exited (SIGKILL)`. */
  deaths(): string[];
  /** Stops the p11-kit server and removes the folder. Safe to call twice. */
  dispose(): Promise<void>;
}

/** Command prefix that runs a program as the configuration's user. */
export function commandFor(
  config: Pick<ModuleConfig, 'runAs'>,
  program: string,
  args: string[],
): { command: string; args: string[] } {
  if (!config.runAs) return { command: program, args };
  const { uid, gid } = config.runAs;
  return {
    command: 'setpriv',
    args: [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--', program, ...args],
  };
}

export async function multiarch(): Promise<string> {
  const { stdout } = await runChecked('gcc', ['-print-multiarch'], { timeoutMs: 10_000 });
  const value = stdout.trim();
  if (!value) throw new Error('gcc -print-multiarch printed nothing; is gcc installed?');
  return value;
}

export async function modulePaths(): Promise<Record<string, string>> {
  const lib = path.join('/usr/lib', await multiarch());
  return {
    softhsm2: path.join(lib, 'softhsm', 'libsofthsm2.so'),
    softokn: path.join(lib, 'libsoftokn3.so'),
    p11KitClient: path.join(lib, 'pkcs11', 'p11-kit-client.so'),
    p11KitProxy: path.join(lib, 'p11-kit-proxy.so'),
    opensc: path.join(lib, 'opensc-pkcs11.so'),
    tpm2: path.join(lib, 'pkcs11', 'libtpm2_pkcs11.so'),
    // Not a module: the TCTI through which tpm2-pkcs11 and tpm2_ptool reach tpm2-abrmd.
    tpm2Tcti: path.join(lib, 'libtss2-tcti-tabrmd.so.0'),
  };
}

const PACKAGES: Record<ModuleId, string[]> = {
  softhsm2: ['libsofthsm2'],
  'softhsm2-reset-on-fork': ['libsofthsm2'],
  'nss-softokn': ['libnss3'],
  'p11-kit-remote': ['p11-kit', 'p11-kit-modules', 'libsofthsm2'],
  'p11-kit-proxy': ['p11-kit-modules', 'libsofthsm2'],
  // The module is built from examples/module; its daemon signs with OpenSSL's libcrypto.
  reference: ['libssl3'],
  opensc: OPENSC_PACKAGES,
  tpm2: TPM2_PACKAGES,
};

const INSTALL_HINT =
  'install the Debian packages: softhsm2 libsofthsm2 p11-kit p11-kit-modules libnss3 libnss3-tools';

export async function packageVersions(names: string[]): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  for (const name of names) {
    const { stdout } = await runChecked('dpkg-query', ['-W', '-f', '${Version}', name], {
      timeoutMs: 10_000,
    });
    versions[name] = stdout.trim();
  }
  return versions;
}

function requireFile(file: string, what: string, hint = INSTALL_HINT): void {
  if (!existsSync(file)) throw new Error(`${what} not found at ${file}: ${hint}`);
}

/** Parses keygen's `P11EX-INFO {...}` line. */
export function parseInfoLine(stdout: string): Omit<ModuleInfo, 'packages'> {
  const line = stdout.split('\n').find((l) => l.startsWith('P11EX-INFO '));
  if (!line) throw new Error(`keygen printed no P11EX-INFO line:\n${stdout}`);
  return JSON.parse(line.slice('P11EX-INFO '.length)) as Omit<ModuleInfo, 'packages'>;
}

/** Marks every process a run starts (see `leftoverProcesses` in run.ts). */
export const RUN_MARKER_VAR = 'P11EX_RUN_ID';
let runMarker = '';

export function baseEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C',
    P11EX_PIN: USER_PIN,
    [RUN_MARKER_VAR]: runMarker,
  };
}

async function keygen(binDir: string, config: Omit<ModuleConfig, 'info'>) {
  const args = ['--module', config.modulePath, '--token', config.token];
  if (config.initArgs) args.push('--init-args', config.initArgs);
  const { command, args: full } = commandFor(config, path.join(binDir, 'p11ex-keygen'), args);
  const { stdout } = await runChecked(command, full, {
    env: { ...baseEnv(), ...config.env, P11EX_PIN: config.pin },
    timeoutMs: 60_000,
  });
  return parseInfoLine(stdout);
}

async function softhsmToken(dir: string, resetOnFork: boolean): Promise<Record<string, string>> {
  await mkdir(path.join(dir, 'tokens'), { recursive: true });
  const conf = path.join(dir, 'softhsm2.conf');
  await writeFile(
    conf,
    [
      `directories.tokendir = ${path.join(dir, 'tokens')}`,
      'objectstore.backend = file',
      'log.level = ERROR',
      'slots.removable = false',
      `library.reset_on_fork = ${resetOnFork}`,
      '',
    ].join('\n'),
  );
  const env = { SOFTHSM2_CONF: conf };
  await runChecked(
    'softhsm2-util',
    ['--init-token', '--free', '--label', TOKEN_LABEL, '--pin', USER_PIN, '--so-pin', SO_PIN],
    { env: { ...baseEnv(), ...env }, timeoutMs: 60_000 },
  );
  return env;
}

/** A started helper (the p11-kit server, a daemon of a device stack), stopped by `stop()`. */
type Server = Pick<Service, 'stop'> & Partial<Service>;

async function startP11KitServer(
  provider: string,
  env: Record<string, string>,
  runtimeDir: string,
): Promise<Server & { address: string }> {
  await mkdir(runtimeDir, { recursive: true, mode: 0o700 });
  await chmod(runtimeDir, 0o700);
  const service = await startService({
    name: 'p11-kit server',
    command: 'p11-kit',
    args: ['server', '-f', '--provider', provider, `pkcs11:token=${TOKEN_LABEL}`],
    env: { ...baseEnv(), ...env, XDG_RUNTIME_DIR: runtimeDir },
    // e.g. P11_KIT_SERVER_ADDRESS=unix:path=/run/.../pkcs11-123; export P11_KIT_SERVER_ADDRESS;
    ready: /P11_KIT_SERVER_ADDRESS=([^;\s]+)/,
    hint: INSTALL_HINT,
  });
  const address = (service.ready[1] ?? '').replace(/^['"]|['"]$/g, '');
  return { address, stop: () => service.stop() };
}

async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  await runChecked('chown', ['-R', `${uid}:${gid}`, dir], { timeoutMs: 30_000 });
  await chown(dir, uid, gid);
}

/**
 * Provisions the requested module configurations; build the examples first (keygen, and the
 * reference module and its daemon in `<binDir>/module`).
 */
export async function provisionModules(
  binDir: string,
  ids: readonly ModuleId[] = MODULE_IDS,
  marker = `p11ex-${process.pid}-${Date.now()}`,
): Promise<Provisioned> {
  runMarker = marker;
  const paths = await modulePaths();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'p11ex-'));
  // Traversable by the unprivileged uid of the proxy case; each folder inside is private.
  await chmod(workDir, 0o755);
  const servers: Server[] = [];
  const services: Service[] = [];
  let disposed = false;
  const dispose = async (): Promise<void> => {
    if (disposed) return;
    disposed = true;
    for (const server of [...servers].reverse()) await server.stop();
    await rm(workDir, { recursive: true, force: true });
  };
  const configs: ModuleConfig[] = [];
  try {
    for (const id of ids) {
      const dir = path.join(workDir, id);
      await mkdir(dir, { mode: 0o700 });
      let config: Omit<ModuleConfig, 'info'>;
      switch (id) {
        case 'softhsm2':
        case 'softhsm2-reset-on-fork': {
          requireFile(paths.softhsm2 ?? '', 'SoftHSM2 module');
          const env = await softhsmToken(dir, id === 'softhsm2-reset-on-fork');
          config = { id, modulePath: paths.softhsm2 ?? '', token: TOKEN_LABEL, pin: USER_PIN, env };
          break;
        }
        case 'nss-softokn': {
          requireFile(paths.softokn ?? '', 'NSS softoken');
          const db = path.join(dir, 'nssdb');
          await mkdir(db);
          const pwfile = path.join(dir, 'pwfile');
          await writeFile(pwfile, `${USER_PIN}\n`, { mode: 0o600 });
          await runChecked('certutil', ['-N', '-d', `sql:${db}`, '-f', pwfile], {
            env: baseEnv(),
            timeoutMs: 60_000,
          });
          config = {
            id,
            modulePath: paths.softokn ?? '',
            // NSS reads this from CK_C_INITIALIZE_ARGS.pReserved ("LibraryParameters").
            initArgs: `configdir='sql:${db}' certPrefix='' keyPrefix='' secmod='secmod.db' flags=`,
            token: 'NSS Certificate DB',
            pin: USER_PIN,
            env: {},
          };
          break;
        }
        case 'p11-kit-remote': {
          requireFile(paths.p11KitClient ?? '', 'p11-kit client module');
          requireFile(paths.softhsm2 ?? '', 'SoftHSM2 module');
          const env = await softhsmToken(dir, false);
          // The key pair goes in directly; the examples then reach it through the server.
          await keygen(binDir, {
            id,
            modulePath: paths.softhsm2 ?? '',
            token: TOKEN_LABEL,
            pin: USER_PIN,
            env,
          });
          const server = await startP11KitServer(
            paths.softhsm2 ?? '',
            env,
            path.join(dir, 'runtime'),
          );
          servers.push(server);
          config = {
            id,
            modulePath: paths.p11KitClient ?? '',
            token: TOKEN_LABEL,
            pin: USER_PIN,
            env: { P11_KIT_SERVER_ADDRESS: server.address },
          };
          break;
        }
        case 'reference': {
          const moduleDir = path.join(binDir, 'module');
          requireFile(
            path.join(moduleDir, 'libp11ref.so'),
            'reference module',
            'run `make -C examples`',
          );
          const daemon = await startReferenceDaemon({
            daemon: path.join(moduleDir, 'p11ref-daemon'),
            dir,
            label: TOKEN_LABEL,
            pin: USER_PIN,
            env: baseEnv(),
          });
          servers.push(daemon);
          config = {
            id,
            modulePath: path.join(moduleDir, 'libp11ref.so'),
            token: TOKEN_LABEL,
            pin: USER_PIN,
            env: { [REFERENCE_SOCKET_ENV]: daemon.socket },
            daemonLog: daemon.log,
          };
          break;
        }
        case 'opensc': {
          requireFile(paths.opensc ?? '', 'OpenSC PKCS#11 module', OPENSC_HINT);
          const stack = await startOpenscStack({
            dir,
            bridge: path.join(binDir, 'opensc', 'vcard-bridge'),
            label: TOKEN_LABEL,
            pin: USER_PIN,
            env: baseEnv(),
          });
          servers.push(...stack.services);
          services.push(...stack.services);
          config = {
            id,
            modulePath: paths.opensc ?? '',
            token: TOKEN_LABEL,
            pin: USER_PIN,
            // The card holds an RSA key only (libcacard and OpenSC's CAC driver sign with RSA), so
            // every example on this configuration signs with RSA-2048 PKCS #1 v1.5; busy workers
            // leave the card to other processes between their paced device calls (hazard.ts).
            env: {
              ...stack.env,
              P11EX_KEY_TYPE: 'rsa',
              P11EX_KEY_LABEL: CAC_KEY_LABEL,
              P11EX_DEVICE_INTERVAL_MS: `${DEVICE_CALL_INTERVAL_MS.opensc ?? 0}`,
            },
          };
          break;
        }
        case 'tpm2': {
          requireFile(paths.tpm2 ?? '', 'tpm2-pkcs11 module', TPM2_HINT);
          requireFile(paths.tpm2Tcti ?? '', 'the tpm2-abrmd TCTI', TPM2_HINT);
          const stack = await startTpm2Stack({
            dir,
            label: TOKEN_LABEL,
            pin: USER_PIN,
            soPin: SO_PIN,
            env: baseEnv(),
          });
          servers.push(...stack.services);
          services.push(...stack.services);
          config = {
            id,
            modulePath: paths.tpm2 ?? '',
            token: TOKEN_LABEL,
            pin: USER_PIN,
            env: stack.env,
          };
          break;
        }
        case 'p11-kit-proxy': {
          requireFile(paths.p11KitProxy ?? '', 'p11-kit proxy module');
          requireFile(paths.softhsm2 ?? '', 'SoftHSM2 module');
          const env = await softhsmToken(dir, false);
          const home = path.join(dir, 'home');
          const confDir = path.join(home, '.config', 'pkcs11');
          await mkdir(path.join(confDir, 'modules'), { recursive: true });
          // `user-config: only`: ignore the system modules in /usr/share/p11-kit/modules/.
          await writeFile(path.join(confDir, 'pkcs11.conf'), 'user-config: only\n');
          await writeFile(
            path.join(confDir, 'modules', 'softhsm2.module'),
            `module: ${paths.softhsm2}\n`,
          );
          // As root, run as an unprivileged uid (p11-kit reads no user configuration for root);
          // as any other user, run as that user.
          const runAs = process.getuid?.() === 0 ? UNPRIVILEGED : undefined;
          if (runAs) await chownTree(dir, runAs.uid, runAs.gid);
          config = {
            id,
            modulePath: paths.p11KitProxy ?? '',
            token: TOKEN_LABEL,
            pin: USER_PIN,
            env: { ...env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') },
            ...(runAs ? { runAs } : {}),
          };
          break;
        }
      }
      const info = await keygen(binDir, config);
      configs.push({ ...config, info: { ...info, packages: await packageVersions(PACKAGES[id]) } });
    }
  } catch (error) {
    await dispose();
    throw error;
  }
  const deaths = (): string[] =>
    services.map((service) => service.death()).filter((d): d is string => d !== undefined);
  return { workDir, configs, services, deaths, dispose };
}
