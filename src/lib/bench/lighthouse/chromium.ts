/**
 * A headless Chromium with a DevTools port, for Lighthouse to drive: a fresh profile each time
 * (empty cache), and a process group that is taken down whole when the run ends or this process
 * is stopped.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { chromiumExecutable } from '../../chromium';
import { ChromiumSetupError, chromiumMissingMessage } from './types';

export interface DebuggableChromium {
  port: number;
  close(): Promise<void>;
}

/**
 * Port 0 lets Chromium pick a free one, which it prints on stderr. The sandbox is dropped only
 * for root, where Chromium refuses to start with it.
 */
function chromiumArgs(profile: string): string[] {
  return [
    '--headless',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-default-apps',
    '--disable-extensions',
    '--disable-sync',
    '--no-first-run',
    '--no-default-browser-check',
    '--remote-debugging-address=127.0.0.1',
    '--remote-debugging-port=0',
    `--user-data-dir=${profile}`,
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    'about:blank',
  ];
}

/** Chromium with only its stderr piped (where it announces the DevTools port). */
type Child = ChildProcessByStdio<null, null, Readable>;

/** Resolves once the browser is gone, or never started (which emits no 'exit'). */
function exitOf(child: Child): Promise<void> {
  return new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.once('error', () => {
      resolve();
    });
  });
}

/** Signals the browser's whole process group (renderers and helpers too), if still running. */
function groupKiller(child: Child): (signal: NodeJS.Signals) => void {
  return (signal) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
}

/**
 * A detached group misses the terminal's Ctrl-C: take it down when this process exits or is
 * stopped. Returns the function that removes these handlers again.
 */
function killOnProcessEnd(killGroup: (signal: NodeJS.Signals) => void, profile: string) {
  const onExit = (): void => {
    killGroup('SIGKILL');
    rmSync(profile, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    onExit();
    // The listener was registered once, so this now ends the process the default way.
    process.kill(process.pid, signal);
  };
  process.once('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return (): void => {
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

/** The DevTools port Chromium announces on stderr, within 30 s. */
function devToolsPort(child: Child): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => {
      reject(new ChromiumSetupError(`Chromium did not open a DevTools port in 30 s:\n${stderr}`));
    }, 30_000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new ChromiumSetupError(`Chromium did not start: ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new ChromiumSetupError(`Chromium exited (code ${code}) before listening:\n${stderr}`));
    });
  });
}

/** Starts headless Chromium with a DevTools port for Lighthouse to drive. */
export async function launchDebuggableChromium(): Promise<DebuggableChromium> {
  let executable: string;
  try {
    executable = chromiumExecutable();
  } catch {
    throw new ChromiumSetupError(chromiumMissingMessage());
  }
  const profile = await mkdtemp(path.join(tmpdir(), 'bench-site-chromium-'));
  // Its own process group, so closing takes the renderers and helpers down with the browser.
  const child = spawn(executable, chromiumArgs(profile), {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = exitOf(child);
  const killGroup = groupKiller(child);
  const removeHandlers = killOnProcessEnd(killGroup, profile);
  const close = async (): Promise<void> => {
    removeHandlers();
    killGroup('SIGTERM');
    const timer = setTimeout(() => {
      killGroup('SIGKILL');
    }, 5_000);
    await exited;
    clearTimeout(timer);
    await rm(profile, { recursive: true, force: true });
  };
  try {
    const port = await devToolsPort(child);
    // Keep reading so a chatty Chromium never blocks on a full pipe.
    child.stderr.resume();
    return { port, close };
  } catch (error) {
    await close();
    throw error;
  }
}
