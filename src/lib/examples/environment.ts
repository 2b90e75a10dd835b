/**
 * One module configuration set up on its own and kept running, so that other tools (the fork
 * probe, a reader's own program) can be pointed at it: `npm run examples -- --env <id>` prints
 * the environment, and stops everything when asked to or when one of its daemons dies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

import { buildExamples } from './build';
import { type ModuleId } from './catalog';
import { RUN_MARKER_VAR, baseEnv, type ModuleConfig, type Provisioned } from './module-config';
import { provisionModules } from './modules';
import { leftoverProcesses } from './run';

export interface ModuleEnvironment {
  config: ModuleConfig;
  provisioned: Provisioned;
  /** Marks every process of this environment (see `leftoverProcesses`). */
  marker: string;
  /** Everything a program needs to use the configuration, including P11EX_MODULE and P11EX_TOKEN. */
  variables: Record<string, string>;
  /** Resolves with the first daemon death (`pcscd exited (SIGKILL)`); never if none dies. */
  firstDeath: Promise<string>;
}

export async function openEnvironment(
  id: ModuleId,
  marker = `p11ex-env-${process.pid}-${Date.now()}`,
): Promise<ModuleEnvironment> {
  const build = await buildExamples();
  const provisioned = await provisionModules(build.binDir, [id], marker);
  const config = provisioned.configs[0];
  if (!config) {
    await provisioned.dispose();
    throw new Error(`provisioning ${id} returned no configuration`);
  }
  const variables: Record<string, string> = {
    ...baseEnv(),
    ...config.env,
    P11EX_PIN: config.pin,
    P11EX_MODULE: config.modulePath,
    P11EX_TOKEN: config.token,
    ...(config.initArgs === undefined ? {} : { P11EX_INIT_ARGS: config.initArgs }),
  };
  delete variables.PATH;
  delete variables.LANG;
  variables[RUN_MARKER_VAR] = marker;
  const firstDeath = Promise.race(provisioned.services.map((service) => service.died));
  return { config, provisioned, marker, variables, firstDeath };
}

/** The variables as POSIX shell `export` lines (single-quoted, so any value is safe). */
export function shellExports(variables: Record<string, string>): string {
  const quote = (value: string): string => `'${value.replaceAll("'", `'\\''`)}'`;
  return Object.entries(variables)
    .map(([name, value]) => `export ${name}=${quote(value)}\n`)
    .join('');
}

export interface ServeResult {
  /** The first daemon that died, if one did. */
  death?: string;
  /** The command's exit code (`--exec`), or undefined when waiting for a signal. */
  commandCode?: number | null;
  /** Processes of the environment still alive after it was stopped (should be none). */
  leftovers: number[];
  /** Whether the configuration's temporary folder is gone. */
  folderRemoved: boolean;
}

/**
 * Keeps the environment until `command` ends (run with `sh -c` in the environment, its output
 * passed through), or without a command until SIGINT/SIGTERM, or until a daemon dies, whichever
 * comes first; then stops everything and checks that nothing is left.
 */
export async function serveEnvironment(
  env: ModuleEnvironment,
  command?: string,
): Promise<ServeResult> {
  const result: ServeResult = { leftovers: [], folderRemoved: false };
  let child: ChildProcess | undefined;
  const ended = command
    ? new Promise<'command'>((resolve) => {
        child = spawn('sh', ['-c', command], {
          env: { ...process.env, ...env.variables },
          stdio: 'inherit',
          detached: true,
        });
        child.once('exit', (code) => {
          result.commandCode = code;
          resolve('command');
        });
        child.once('error', () => {
          result.commandCode = null;
          resolve('command');
        });
      })
    : new Promise<'signal'>((resolve) => {
        process.once('SIGINT', () => {
          resolve('signal');
        });
        process.once('SIGTERM', () => {
          resolve('signal');
        });
      });
  const why = await Promise.race([ended, env.firstDeath]);
  if (why !== 'command' && why !== 'signal') {
    result.death = why;
    // The command may be waiting on the dead daemon: it goes too, with its whole group.
    if (child?.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  await env.provisioned.dispose();
  result.leftovers = leftoverProcesses(env.marker);
  result.folderRemoved = !existsSync(env.provisioned.workDir);
  return result;
}
