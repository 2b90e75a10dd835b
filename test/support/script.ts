/**
 * A project CLI (`scripts/<name>.ts`) as a child process for tests. Node runs the script itself
 * with tsx as a loader — not the `tsx` command, which runs it in a second process, so a SIGKILL
 * would reach the wrapper and leave the script running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const PROJECT_DIR = path.resolve(import.meta.dirname, '..', '..');
const TSX_LOADER = pathToFileURL(
  path.join(PROJECT_DIR, 'node_modules', 'tsx', 'dist', 'loader.mjs'),
).href;

export interface ScriptResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ScriptRun {
  child: ChildProcess;
  /** Settles when the process has ended, however it ended. */
  done: Promise<ScriptResult>;
}

/** Starts `scripts/<script>.ts` in `cwd` with CI set, plus `env`. */
export function startScript(
  script: string,
  cwd: string,
  args: readonly string[],
  env: Record<string, string> = {},
): ScriptRun {
  const cli = path.join(PROJECT_DIR, 'scripts', `${script}.ts`);
  const child = spawn(process.execPath, ['--import', TSX_LOADER, cli, ...args], {
    cwd,
    env: { ...process.env, CI: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<ScriptResult>((resolve) => {
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

/** Runs `scripts/<script>.ts` to its end. */
export function runScript(
  script: string,
  cwd: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<ScriptResult> {
  return startScript(script, cwd, args, env).done;
}
