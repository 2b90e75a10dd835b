/**
 * `npm run errata -- …` as a child process for the sync tests. Node runs the script itself with
 * tsx as a loader — not the `tsx` command, which runs it in a second process, so a SIGKILL would
 * reach the wrapper and leave the sync running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const PROJECT_DIR = path.resolve(import.meta.dirname, '..', '..');
const TSX_LOADER = pathToFileURL(
  path.join(PROJECT_DIR, 'node_modules', 'tsx', 'dist', 'loader.mjs'),
).href;
const CLI = path.join(PROJECT_DIR, 'scripts', 'errata.ts');

export interface ErrataCliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ErrataCliRun {
  child: ChildProcess;
  /** Settles when the process has ended, however it ended. */
  done: Promise<ErrataCliResult>;
}

/** Starts the CLI in `cwd` (its errata/ is the one written) with CI set, plus `env`. */
export function startErrataCli(
  cwd: string,
  args: readonly string[],
  env: Record<string, string> = {},
): ErrataCliRun {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, CLI, ...args], {
    cwd,
    env: { ...process.env, CI: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<ErrataCliResult>((resolve) => {
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}
