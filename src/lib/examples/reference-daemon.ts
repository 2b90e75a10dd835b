/**
 * The reference module's token daemon (examples/module/daemon.c): starting it, and reading its
 * request log - one JSON object per line, each request with the connection it came on and the
 * pid the kernel says sent it (SCM_CREDENTIALS), which is how tests prove that a child never
 * spoke on its parent's connection.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { startService, type Service } from './service';

/** Environment variable the module reads the daemon's socket path from (protocol.h). */
export const REFERENCE_SOCKET_ENV = 'P11REF_SOCKET';
/** Environment variable the daemon reads the user PIN from (its default `--pin-env`). */
export const REFERENCE_PIN_ENV = 'P11REF_USER_PIN';

export interface ReferenceDaemon {
  socket: string;
  log: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts the daemon with its socket and log in `dir` (a private folder); it dies with us. */
export async function startReferenceDaemon(options: {
  daemon: string;
  dir: string;
  label: string;
  pin: string;
  env: Record<string, string>;
}): Promise<ReferenceDaemon> {
  const socket = path.join(options.dir, 'token.sock');
  const log = path.join(options.dir, 'requests.jsonl');
  const service: Service = await startService({
    name: 'p11ref-daemon',
    command: options.daemon,
    args: ['--socket', socket, '--log', log, '--label', options.label, '--die-with-parent'],
    env: { ...options.env, [REFERENCE_PIN_ENV]: options.pin },
    ready: /^P11REF-READY socket=.* pid=(\d+)$/m,
    hint: 'build it with `make -C examples` (needs gcc, libssl-dev, libp11-kit-dev)',
  });
  return { socket, log, pid: service.pid, stop: () => service.stop() };
}

export type DaemonEvent =
  | { seq: number; t: number; event: 'listen'; socket: string; pid: number }
  | { seq: number; t: number; event: 'connect'; conn: number; pid: number; uid: number }
  | { seq: number; t: number; event: 'reject'; pid: number; uid: number; reason: string }
  | { seq: number; t: number; event: 'request'; conn: number; pid: number; op: string; rv: string }
  | { seq: number; t: number; event: 'eof'; conn: number }
  | { seq: number; t: number; event: 'close'; conn: number; reason: string }
  | { seq: number; t: number; event: 'stop' };

const EVENT_KEYS: Record<DaemonEvent['event'], string[]> = {
  listen: ['socket', 'pid'],
  connect: ['conn', 'pid', 'uid'],
  reject: ['pid', 'uid', 'reason'],
  request: ['conn', 'pid', 'op', 'rv'],
  eof: ['conn'],
  close: ['conn', 'reason'],
  stop: [],
};

/** Parses the log; a malformed line is an error naming the file and line. */
export function parseDaemonLog(text: string, file = 'request log'): DaemonEvent[] {
  const events: DaemonEvent[] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    const where = `${file}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${where}: not JSON: ${line.slice(0, 80)}`);
    }
    const record = value as Record<string, unknown>;
    const keys = EVENT_KEYS[record.event as DaemonEvent['event']] as string[] | undefined;
    if (!keys) throw new Error(`${where}: unknown event ${JSON.stringify(record.event)}`);
    for (const key of ['seq', 't', ...keys])
      if (!(key in record)) throw new Error(`${where}: ${String(record.event)} lacks "${key}"`);
    events.push(record as unknown as DaemonEvent);
  });
  return events;
}

export async function readDaemonLog(file: string): Promise<DaemonEvent[]> {
  return parseDaemonLog(await readFile(file, 'utf8'), file);
}

export interface ConnectionHistory {
  conn: number;
  /** The process that connected (SO_PEERCRED). */
  owner: number;
  /** Requests in order, with the pid that sent each. */
  requests: { op: string; pid: number; rv: string }[];
  eof: boolean;
  closeReason?: string;
}

/** Each connection's story, in connection order. */
export function connectionHistories(events: readonly DaemonEvent[]): ConnectionHistory[] {
  const byConn = new Map<number, ConnectionHistory>();
  for (const e of events) {
    if (e.event === 'connect')
      byConn.set(e.conn, { conn: e.conn, owner: e.pid, requests: [], eof: false });
    const history = 'conn' in e ? byConn.get(e.conn) : undefined;
    if (!history) continue;
    if (e.event === 'request') history.requests.push({ op: e.op, pid: e.pid, rv: e.rv });
    else if (e.event === 'eof') history.eof = true;
    else if (e.event === 'close') history.closeReason = e.reason;
  }
  return [...byConn.values()].sort((a, b) => a.conn - b.conn);
}

/**
 * What a process did to connections it does not own: every request sent on another process's
 * connection. An empty list is the proof that `pid` never spoke on its parent's connection.
 */
export function foreignRequests(
  histories: readonly ConnectionHistory[],
  pid: number,
): { conn: number; owner: number; op: string }[] {
  return histories.flatMap((h) =>
    h.owner === pid
      ? []
      : h.requests
          .filter((r) => r.pid === pid)
          .map((r) => ({ conn: h.conn, owner: h.owner, op: r.op })),
  );
}
