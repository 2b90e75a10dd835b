/**
 * How each module configuration is set up in its own folder: one function per configuration,
 * each returning the configuration (without its keygen facts) and the daemons it started.
 * SoftHSM2 tokens (reset_on_fork false and true), an NSS softoken database, a p11-kit server in
 * front of SoftHSM2 (remoting), a p11-kit proxy user configuration that loads only SoftHSM2, the
 * reference module's daemon, and the two device stacks (device-stacks.ts).
 */
import { chmod, chown, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { ModuleId } from './catalog';
import { CAC_KEY_LABEL, OPENSC_HINT, TPM2_HINT } from './device-stacks';
import { DEVICE_CALL_INTERVAL_MS } from './hazard';
import { INSTALL_HINT, requireFile } from './host-modules';
import { keygen } from './keygen';
import {
  SO_PIN,
  TOKEN_LABEL,
  UNPRIVILEGED,
  USER_PIN,
  baseEnv,
  type ModuleConfig,
} from './module-config';
import { startOpenscStack } from './opensc-stack';
import { runChecked } from './proc';
import { REFERENCE_SOCKET_ENV, startReferenceDaemon } from './reference-daemon';
import { startService, type Service } from './service';
import { startTpm2Stack } from './tpm2-stack';

/** A started helper (the p11-kit server, a daemon of a device stack), stopped by `stop()`. */
export type Server = Pick<Service, 'stop'> & Partial<Service>;

/** Where a configuration is set up: its private folder, the examples' build and the modules. */
export interface SetupContext {
  id: ModuleId;
  dir: string;
  binDir: string;
  paths: Record<string, string>;
}

/** A configuration set up: `servers` are stopped at dispose; `services` are watched for deaths. */
export interface SetUp {
  config: Omit<ModuleConfig, 'info'>;
  servers: Server[];
  services: Service[];
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

/** The token settings every configuration but NSS softoken shares. */
const OUR_TOKEN = { token: TOKEN_LABEL, pin: USER_PIN } as const;

async function setUpSoftHsm({ id, dir, paths }: SetupContext): Promise<SetUp> {
  requireFile(paths.softhsm2 ?? '', 'SoftHSM2 module');
  const env = await softhsmToken(dir, id === 'softhsm2-reset-on-fork');
  const config = { id, modulePath: paths.softhsm2 ?? '', ...OUR_TOKEN, env };
  return { config, servers: [], services: [] };
}

async function setUpNssSoftokn({ id, dir, paths }: SetupContext): Promise<SetUp> {
  requireFile(paths.softokn ?? '', 'NSS softoken');
  const db = path.join(dir, 'nssdb');
  await mkdir(db);
  const pwfile = path.join(dir, 'pwfile');
  await writeFile(pwfile, `${USER_PIN}\n`, { mode: 0o600 });
  await runChecked('certutil', ['-N', '-d', `sql:${db}`, '-f', pwfile], {
    env: baseEnv(),
    timeoutMs: 60_000,
  });
  const config = {
    id,
    modulePath: paths.softokn ?? '',
    // NSS reads this from CK_C_INITIALIZE_ARGS.pReserved ("LibraryParameters").
    initArgs: `configdir='sql:${db}' certPrefix='' keyPrefix='' secmod='secmod.db' flags=`,
    token: 'NSS Certificate DB',
    pin: USER_PIN,
    env: {},
  };
  return { config, servers: [], services: [] };
}

async function setUpP11KitRemote({ id, dir, binDir, paths }: SetupContext): Promise<SetUp> {
  requireFile(paths.p11KitClient ?? '', 'p11-kit client module');
  requireFile(paths.softhsm2 ?? '', 'SoftHSM2 module');
  const env = await softhsmToken(dir, false);
  // The key pair goes in directly; the examples then reach it through the server.
  await keygen(binDir, { id, modulePath: paths.softhsm2 ?? '', ...OUR_TOKEN, env });
  const server = await startP11KitServer(paths.softhsm2 ?? '', env, path.join(dir, 'runtime'));
  const config = {
    id,
    modulePath: paths.p11KitClient ?? '',
    ...OUR_TOKEN,
    env: { P11_KIT_SERVER_ADDRESS: server.address },
  };
  return { config, servers: [server], services: [] };
}

async function setUpReference({ id, dir, binDir }: SetupContext): Promise<SetUp> {
  const moduleDir = path.join(binDir, 'module');
  requireFile(path.join(moduleDir, 'libp11ref.so'), 'reference module', 'run `make -C examples`');
  const daemon = await startReferenceDaemon({
    daemon: path.join(moduleDir, 'p11ref-daemon'),
    dir,
    label: TOKEN_LABEL,
    pin: USER_PIN,
    env: baseEnv(),
  });
  const config = {
    id,
    modulePath: path.join(moduleDir, 'libp11ref.so'),
    ...OUR_TOKEN,
    env: { [REFERENCE_SOCKET_ENV]: daemon.socket },
    daemonLog: daemon.log,
  };
  return { config, servers: [daemon], services: [] };
}

async function setUpOpensc({ id, dir, binDir, paths }: SetupContext): Promise<SetUp> {
  requireFile(paths.opensc ?? '', 'OpenSC PKCS#11 module', OPENSC_HINT);
  const stack = await startOpenscStack({
    dir,
    bridge: path.join(binDir, 'opensc', 'vcard-bridge'),
    label: TOKEN_LABEL,
    pin: USER_PIN,
    env: baseEnv(),
  });
  const config = {
    id,
    modulePath: paths.opensc ?? '',
    ...OUR_TOKEN,
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
  return { config, servers: stack.services, services: stack.services };
}

async function setUpTpm2({ id, dir, paths }: SetupContext): Promise<SetUp> {
  requireFile(paths.tpm2 ?? '', 'tpm2-pkcs11 module', TPM2_HINT);
  requireFile(paths.tpm2Tcti ?? '', 'the tpm2-abrmd TCTI', TPM2_HINT);
  const stack = await startTpm2Stack({
    dir,
    label: TOKEN_LABEL,
    pin: USER_PIN,
    soPin: SO_PIN,
    env: baseEnv(),
  });
  const config = { id, modulePath: paths.tpm2 ?? '', ...OUR_TOKEN, env: stack.env };
  return { config, servers: stack.services, services: stack.services };
}

async function setUpP11KitProxy({ id, dir, paths }: SetupContext): Promise<SetUp> {
  requireFile(paths.p11KitProxy ?? '', 'p11-kit proxy module');
  requireFile(paths.softhsm2 ?? '', 'SoftHSM2 module');
  const env = await softhsmToken(dir, false);
  const home = path.join(dir, 'home');
  const confDir = path.join(home, '.config', 'pkcs11');
  await mkdir(path.join(confDir, 'modules'), { recursive: true });
  // `user-config: only`: ignore the system modules in /usr/share/p11-kit/modules/.
  await writeFile(path.join(confDir, 'pkcs11.conf'), 'user-config: only\n');
  await writeFile(path.join(confDir, 'modules', 'softhsm2.module'), `module: ${paths.softhsm2}\n`);
  // As root, run as an unprivileged uid (p11-kit reads no user configuration for root);
  // as any other user, run as that user.
  const runAs = process.getuid?.() === 0 ? UNPRIVILEGED : undefined;
  if (runAs) await chownTree(dir, runAs.uid, runAs.gid);
  const config = {
    id,
    modulePath: paths.p11KitProxy ?? '',
    ...OUR_TOKEN,
    env: { ...env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') },
    ...(runAs ? { runAs } : {}),
  };
  return { config, servers: [], services: [] };
}

/** The set-up of each module configuration, by id. */
export const MODULE_SETUPS: Record<ModuleId, (context: SetupContext) => Promise<SetUp>> = {
  softhsm2: setUpSoftHsm,
  'softhsm2-reset-on-fork': setUpSoftHsm,
  'nss-softokn': setUpNssSoftokn,
  'p11-kit-remote': setUpP11KitRemote,
  'p11-kit-proxy': setUpP11KitProxy,
  reference: setUpReference,
  opensc: setUpOpensc,
  tpm2: setUpTpm2,
};
