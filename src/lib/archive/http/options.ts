/** The client's options, their defaults, and the checks that fail fast on a wrong one. */
import type { ClientEvent } from './types';

export interface ClientOptions {
  /** Requests in flight at once; default 2. */
  concurrency?: number;
  /** Rate limit on request starts (every attempt counts); default 4; Infinity = none. */
  requestsPerSecond?: number;
  /** Per attempt: connect + idle + whole response; default 30 000. */
  timeoutMs?: number;
  /** Further attempts after the first; default 4. */
  retries?: number;
  /** Base of the exponential backoff with jitter; default 500. */
  backoffMs?: number;
  /** A Retry-After longer than this fails at once; default 120 000. */
  maxRetryAfterMs?: number;
  /** Larger bodies (on the wire or decompressed) are an error, not retried; default 32 MiB. */
  maxBodyBytes?: number;
  userAgent?: string;
  /** Aborts queued and running requests. */
  signal?: AbortSignal;
  onEvent?: (event: ClientEvent) => void;
  /** Source of jitter; default Math.random. */
  random?: () => number;
}

export type ResolvedOptions = Required<Omit<ClientOptions, 'signal' | 'onEvent'>> &
  Pick<ClientOptions, 'signal' | 'onEvent'>;

const DEFAULT_USER_AGENT = 'pkcs11-usage-guide-fork archive sync';

export function resolveOptions(options: ClientOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    concurrency: options.concurrency ?? 2,
    requestsPerSecond: options.requestsPerSecond ?? 4,
    timeoutMs: options.timeoutMs ?? 30_000,
    retries: options.retries ?? 4,
    backoffMs: options.backoffMs ?? 500,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 120_000,
    maxBodyBytes: options.maxBodyBytes ?? 32 * 1024 * 1024,
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    random: options.random ?? Math.random,
    signal: options.signal,
    onEvent: options.onEvent,
  };
  const { concurrency, requestsPerSecond, timeoutMs, retries, maxBodyBytes } = resolved;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, not ${concurrency}`);
  }
  if (!(requestsPerSecond > 0)) {
    throw new RangeError(`requestsPerSecond must be positive, not ${requestsPerSecond}`);
  }
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
    throw new RangeError(`timeoutMs must be a positive number, not ${timeoutMs}`);
  }
  if (!Number.isInteger(retries) || retries < 0) {
    throw new RangeError(`retries must be a non-negative integer, not ${retries}`);
  }
  if (!(resolved.backoffMs >= 0) || !(resolved.maxRetryAfterMs >= 0)) {
    throw new RangeError('backoffMs and maxRetryAfterMs must not be negative');
  }
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new RangeError(`maxBodyBytes must be a positive integer, not ${maxBodyBytes}`);
  }
  return resolved;
}
