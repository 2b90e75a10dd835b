/**
 * The child process of ./served-archive.ts: serves one archive folder with the MHonArc test
 * double, posts its URL to the parent, answers `cpu` with its CPU time, and stops when the parent
 * disconnects or says `close`.
 */
import { serveArchive } from '../../../../test/support/mhonarc';
import { processCpuSeconds } from '../cpu-meter';
import type { ServerMessage } from './served-archive';

const send = (message: ServerMessage): void => {
  process.send?.(message);
};

async function main(root: string): Promise<void> {
  const server = await serveArchive(root);
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= server.close().then(() => {
      process.disconnect();
    }));
  process.on('message', (message) => {
    if (message === 'close') void close();
    if (message === 'cpu') send({ kind: 'cpu', seconds: processCpuSeconds() });
  });
  process.on('disconnect', () => {
    void close();
  });
  send({ kind: 'listening', url: server.url });
}

main(process.argv[2] ?? '').catch((error: unknown) => {
  send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
  process.disconnect();
});
