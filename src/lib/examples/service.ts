/**
 * Long-running helper processes a module configuration needs (the p11-kit server, the reference
 * module's token daemon): started in their own process group, ready when a line of their output
 * matches, stopped with SIGTERM and, if that is ignored, SIGKILL.
 */
import { spawn } from 'node:child_process';

export interface Service {
  pid: number;
  /** The match of the readiness pattern. */
  ready: RegExpExecArray;
  /** Everything the service printed so far (stdout and stderr). */
  output(): string;
  /** Stops the whole process group; resolves once the service has exited. Safe to call twice. */
  stop(): Promise<void>;
}

export interface ServiceOptions {
  name: string;
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  ready: RegExp;
  /** How long to wait for the readiness line (default 15 s). */
  timeoutMs?: number;
  /** Said after a failure to start (e.g. which package to install). */
  hint?: string;
}

export async function startService(options: ServiceOptions): Promise<Service> {
  const { name, timeoutMs = 15_000 } = options;
  const child = spawn(options.command, [...options.args], {
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.once('error', () => {
      resolve();
    });
  });
  const stop = async (): Promise<void> => {
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
  let output = '';
  const hint = options.hint ? `; ${options.hint}` : '';
  try {
    const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`${name} printed no readiness line within ${timeoutMs} ms:\n${output}`));
      }, timeoutMs);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
        const match = options.ready.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${output}`));
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`cannot start ${name}: ${error.message}${hint}`));
      });
    });
    return { pid: child.pid ?? 0, ready, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
