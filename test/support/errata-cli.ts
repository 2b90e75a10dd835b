/** `npm run errata -- …` as a killable child process for the sync tests. */
import { startScript, type ScriptResult, type ScriptRun } from './script';

export type ErrataCliResult = ScriptResult;
export type ErrataCliRun = ScriptRun;

/** Starts the CLI in `cwd` (its errata/ is the one written) with CI set, plus `env`. */
export function startErrataCli(
  cwd: string,
  args: readonly string[],
  env: Record<string, string> = {},
): ErrataCliRun {
  return startScript('errata', cwd, args, env);
}
