/**
 * What a provisioned module configuration is (its module, token, PIN, environment and user) and
 * how the examples are started on one: the base environment every run gets, and the command
 * prefix that runs a program as the configuration's user.
 */
import type { ModuleId } from './catalog';
import type { Service } from './service';

/** The unprivileged uid/gid the proxy case runs as: p11-kit ignores user configuration for root. */
export const UNPRIVILEGED = { uid: 65534, gid: 65534 } as const;
export const TOKEN_LABEL = 'forktest';
export const USER_PIN = '1234';
export const SO_PIN = '5678';

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

/** Sets the marker `baseEnv()` gives every process of this run (provisionModules sets it). */
export function setRunMarker(marker: string): void {
  runMarker = marker;
}
