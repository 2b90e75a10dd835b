/**
 * What a fake HTTP server remembers of the requests it received, in arrival order, so tests can
 * count requests, conditional ones and writes, and kill a client at the n-th arrival.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface LoggedRequest {
  method: string;
  path: string;
  /** The status sent; 0 while the request is in flight, and when no response was sent. */
  status: number;
  /** The request carried If-None-Match or If-Modified-Since. */
  conditional: boolean;
}

export type OnRequest<Arrival> = ((request: Arrival, arrivals: number) => void) | undefined;

export interface RequestLog<Entry extends LoggedRequest> {
  /** The log itself; fakes hand this very array to tests. */
  entries: Entry[];
  /** Logs a request as it arrives; returns its arrival number (1 for the first). */
  arrive(entry: Entry): number;
  /** Empties the log; with `restartCount`, the next arrival is number 1 again. */
  clear(restartCount: boolean): void;
}

export function isConditional(headers: IncomingHttpHeaders): boolean {
  return headers['if-none-match'] !== undefined || headers['if-modified-since'] !== undefined;
}

export function createRequestLog<Entry extends LoggedRequest>(): RequestLog<Entry> {
  const entries: Entry[] = [];
  let arrivals = 0;
  return {
    entries,
    arrive(entry) {
      entries.push(entry);
      arrivals += 1;
      return arrivals;
    },
    clear(restartCount) {
      entries.length = 0;
      if (restartCount) arrivals = 0;
    },
  };
}
