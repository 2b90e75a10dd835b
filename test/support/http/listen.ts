/**
 * A fake HTTP server's life: listening on a free port of 127.0.0.1, timers for slow answers, and a
 * shutdown that does not wait for clients. Tests talk to a real node:http server on port 0, never
 * to a mocked fetch.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  server: Server;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Runs `action` after `ms`, unless the server is closed first. */
  later(ms: number, action: () => void): void;
  /** Stops the server and ends every open request, hanging ones included; safe to call twice. */
  close(): Promise<void>;
}

export async function listenLocally(handler: RequestListener): Promise<Listening> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const timers = new Set<NodeJS.Timeout>();
  let closing: Promise<void> | undefined;
  return {
    server,
    origin: `http://127.0.0.1:${port}`,
    later(ms, action) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        action();
      }, ms);
      timers.add(timer);
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((problem) => {
          if (problem) reject(problem);
          else resolve();
        });
        // Clients keep connections alive; waiting for them to go would hang the test.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
