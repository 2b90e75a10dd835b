/**
 * The benchmark's archive server in a child process of its own, for the baseline download and the
 * syncs alike. A real archive is served by another machine; served from the benchmark's own
 * process, its request handling and file reads would share one thread with the client, and every
 * bit of work the sync does besides downloading would be charged twice.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export type ServerMessage =
  | { kind: 'listening'; url: string }
  | { kind: 'failed'; message: string }
  | { kind: 'cpu'; seconds: number };

export interface ServedArchive {
  /** The archive root URL, ending with `/`. */
  url: string;
  /** The server process's CPU time so far, in seconds. */
  cpuSeconds(): Promise<number>;
  /** Stops the server and waits for its process to end. */
  close(): Promise<void>;
}

interface Question {
  answer: (seconds: number) => void;
  fail: (error: Error) => void;
}

/** Asks the server process for its CPU time; it answers in the order it was asked. */
function cpuTimeOf(child: ChildProcess): () => Promise<number> {
  const asked: Question[] = [];
  child.on('message', (reply: ServerMessage) => {
    if (reply.kind === 'cpu') asked.shift()?.answer(reply.seconds);
  });
  child.once('exit', () => {
    for (const question of asked.splice(0)) question.fail(new Error('server process ended'));
  });
  return () =>
    new Promise((answer, fail) => {
      if (!child.connected) {
        fail(new Error('server process ended'));
        return;
      }
      const question = { answer, fail };
      asked.push(question);
      child.send('cpu', (error) => {
        if (error === null) return;
        asked.splice(asked.indexOf(question), 1);
        fail(error);
      });
    });
}

/** Serves `root` from a child process (under tsx, whose loader the child gets by `--import`). */
export function serveArchiveInChildProcess(root: string): Promise<ServedArchive> {
  const tsx = pathToFileURL(createRequire(__filename).resolve('tsx')).href;
  const child = fork(path.join(__dirname, 'archive-server-process.ts'), [root], {
    execArgv: ['--import', tsx],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      reject(new Error(`the archive server process ended (exit code ${code}) before serving`));
    });
    child.once('message', (message: ServerMessage) => {
      if (message.kind !== 'listening') {
        const detail = message.kind === 'failed' ? message.message : 'no URL';
        reject(new Error(`the archive server process failed: ${detail}`));
        return;
      }
      resolve({
        url: message.url,
        cpuSeconds: cpuTimeOf(child),
        close: async () => {
          if (child.connected) child.send('close');
          await exited;
        },
      });
    });
  });
}
