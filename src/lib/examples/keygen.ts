/** The examples' own key generator (p11ex-keygen): one key pair per token, and the module's facts. */
import path from 'node:path';

import { baseEnv, commandFor, type ModuleConfig, type ModuleInfo } from './module-config';
import { runChecked } from './proc';

/** Parses keygen's `P11EX-INFO {...}` line. */
export function parseInfoLine(stdout: string): Omit<ModuleInfo, 'packages'> {
  const line = stdout.split('\n').find((l) => l.startsWith('P11EX-INFO '));
  if (!line) throw new Error(`keygen printed no P11EX-INFO line:\n${stdout}`);
  return JSON.parse(line.slice('P11EX-INFO '.length)) as Omit<ModuleInfo, 'packages'>;
}

/** Generates the token's key pair and returns what keygen read of the module (C_GetInfo). */
export async function keygen(
  binDir: string,
  config: Omit<ModuleConfig, 'info'>,
): Promise<Omit<ModuleInfo, 'packages'>> {
  const args = ['--module', config.modulePath, '--token', config.token];
  if (config.initArgs) args.push('--init-args', config.initArgs);
  const { command, args: full } = commandFor(config, path.join(binDir, 'p11ex-keygen'), args);
  const { stdout } = await runChecked(command, full, {
    env: { ...baseEnv(), ...config.env, P11EX_PIN: config.pin },
    timeoutMs: 60_000,
  });
  return parseInfoLine(stdout);
}
