/**
 * Long-running helper processes a module configuration needs (the p11-kit server, the reference
 * module's token daemon, pcscd and the virtual card, swtpm and tpm2-abrmd): started in their own
 * process group, ready when a line of their output matches (or a file they create appears),
 * stopped with SIGTERM and, if that is ignored, SIGKILL. A service that ends without being asked
 * to is recorded as dead, so a harness can say which component died.
 */
import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';

export interface Service {
  name: string;
  pid: number;
  /** The match of the readiness pattern. */
  ready: RegExpExecArray;
  /** Everything the service printed so far (stdout and stderr). */
  output(): string;
  /** Stops the whole process group; resolves once the service has exited. Safe to call twice. */
  stop(): Promise<void>;
  /** Waits until the output so far (or later) matches, bounded; throws with the output. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Why the service ended without stop() (e.g. `pcscd exited (signal SIGKILL)`), else undefined. */
  death(): string | undefined;
  /** Resolves with the death() text when the service ends without stop(); never otherwise. */
  died: Promise<string>;
}

export interface ServiceOptions {
  name: string;
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  ready: RegExp;
  /** Also wait until this file exists (a socket the service creates without saying so). */
  readyFile?: string;
  /** How long to wait for the readiness line (default 15 s). */
  timeoutMs?: number;
  /** Said after a failure to start (e.g. which package to install). */
  hint?: string;
}

/** The process-group end of a service: SIGTERM, then SIGKILL if it is still there after 5 s. */
function stopProcessGroup(child: ChildProcess, exited: Promise<void>): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        // gone
      }
    }, 5_000);
    await exited;
    clearTimeout(timer);
  };
}

/** Collects a service's stdout and stderr, and waits (bounded) for a pattern in them. */
function watchOutput(
  child: ChildProcessByStdio<null, Readable, Readable>,
  name: string,
  timeoutMs: number,
): Pick<Service, 'output' | 'waitFor'> {
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const waitFor = (pattern: RegExp, ms = timeoutMs): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const match = pattern.exec(output);
        if (!match) return false;
        finish();
        resolve(match);
        return true;
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(`${name} printed nothing matching ${pattern} within ${ms} ms:\n${output}`),
        );
      }, ms);
      const onExit = (): void => {
        finish();
        reject(new Error(`${name} exited before printing ${pattern}:\n${output}`));
      };
      const finish = (): void => {
        clearTimeout(timer);
        listeners.delete(listener);
        child.off('exit', onExit);
      };
      const listener = (): void => void check();
      if (check()) return;
      listeners.add(listener);
      child.once('exit', onExit);
    });
  return { output: () => output, waitFor };
}

export async function startService(options: ServiceOptions): Promise<Service> {
  const { name, timeoutMs = 15_000 } = options;
  let stopping = false;
  let death: string | undefined;
  let announceDeath: (why: string) => void = () => {};
  const died = new Promise<string>((resolve) => (announceDeath = resolve));
  const child = spawn(options.command, [...options.args], {
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      if (!stopping) {
        death = `${name} exited (${signal ?? `code ${code}`})`;
        announceDeath(death);
      }
      resolve();
    });
    child.once('error', () => {
      resolve();
    });
  });
  const stopGroup = stopProcessGroup(child, exited);
  const stop = (): Promise<void> => {
    stopping = true;
    return stopGroup();
  };
  const { output, waitFor } = watchOutput(child, name, timeoutMs);
  const hint = options.hint ? `; ${options.hint}` : '';
  try {
    const started = new Promise<never>((_, reject) => {
      child.once('error', (error) => {
        reject(new Error(`cannot start ${name}: ${error.message}${hint}`));
      });
    });
    started.catch(() => {}); // an error after readiness shows up as a death instead
    const ready = await Promise.race([waitFor(options.ready), started]);
    if (options.readyFile)
      await waitForFile(options.readyFile, name, timeoutMs, () =>
        child.exitCode !== null || child.signalCode !== null ? `${name} exited` : undefined,
      );
    return { name, pid: child.pid ?? 0, ready, output, stop, waitFor, death: () => death, died };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Polls (every 20 ms, bounded) for a file a service creates without printing anything; `ended`
 * says whether the service has gone, which ends the wait at once.
 */
export async function waitForFile(
  file: string,
  name: string,
  timeoutMs: number,
  ended: () => string | undefined,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!existsSync(file)) {
    const why = ended();
    if (why !== undefined) throw new Error(`${why} before it created ${file}`);
    if (performance.now() > deadline)
      throw new Error(`${name} did not create ${file} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
