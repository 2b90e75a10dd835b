/**
 * A polite HTTP client for crawling the mailing-list archive incrementally: conditional GETs, a
 * cap on requests in flight, a rate limit on request starts, and retries with backoff for the
 * transient failures a long crawl meets (resets, timeouts, truncated bodies, 5xx, 429).
 * Built on node:http(s) rather than fetch so that every way a single attempt can fail is seen
 * and bounded: one timer covers the whole attempt, and a body is only accepted when complete.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { gunzip } from 'node:zlib';

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type FetchResult =
  | { status: 200; url: string; body: Buffer; contentType?: string; validators: Validators }
  | { status: 304; url: string }
  | { status: 404 | 410; url: string };

/**
 * Progress for a display. `url` is the URL requested (after redirects); `attempt` counts from 1
 * per URL; in `retry` it is the attempt that failed. `bytes` are body bytes on the wire.
 */
export type ClientEvent =
  | { kind: 'request'; url: string; attempt: number }
  | { kind: 'response'; url: string; status: number; bytes: number; ms: number }
  | { kind: 'retry'; url: string; attempt: number; delayMs: number; reason: string };

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

export class FetchError extends Error {
  readonly url: string;
  /** The HTTP status of the last response, when a status was the failure. */
  readonly status?: number;
  readonly attempts: number;

  constructor(
    message: string,
    details: { url: string; attempts: number; status?: number; cause?: unknown; aborted?: boolean },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    // Callers tell an abort from a failure the usual way, by name.
    this.name = details.aborted === true ? 'AbortError' : 'FetchError';
    this.url = details.url;
    this.status = details.status;
    this.attempts = details.attempts;
  }
}

export interface ClientStats {
  /** Attempts sent, including retries and redirects. */
  requests: number;
  notModified: number;
  /** 200 responses returned. */
  bodies: number;
  /** Wire bytes of the bodies returned (compressed size when gzipped). */
  bodyBytes: number;
  retries: number;
}

const DEFAULT_USER_AGENT = 'pkcs11-usage-guide-fork archive sync';
const MAX_BACKOFF_MS = 30_000;
/** Backoff delays vary by up to ± this fraction so that parallel retries spread out. */
const JITTER_FRACTION = 0.25;
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Socket errors that say "try again later" rather than "this will never work". */
const RETRYABLE_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

interface ResponseSummary {
  status: number;
  bytes: number;
  ms: number;
}

/** How one attempt ended; only the retry loop turns these into results, waits or errors. */
type AttemptOutcome =
  | { kind: 'result'; result: FetchResult; response: ResponseSummary }
  | { kind: 'redirect'; location: string; response: ResponseSummary }
  | {
      kind: 'retry';
      reason: string;
      status?: number;
      retryAfterMs?: number;
      response?: ResponseSummary;
    }
  | { kind: 'fail'; message: string; status?: number; cause?: unknown; response?: ResponseSummary }
  | { kind: 'aborted' };

export class ArchiveHttpClient {
  private readonly concurrency: number;
  private readonly minIntervalMs: number;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly maxBodyBytes: number;
  private readonly userAgent: string;
  private readonly signal: AbortSignal | undefined;
  private readonly onEvent: ((event: ClientEvent) => void) | undefined;
  private readonly random: () => number;
  // Own keep-alive agents: connection reuse is kinder to the server, and idle sockets are unref'd.
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  private readonly counters: ClientStats = {
    requests: 0,
    notModified: 0,
    bodies: 0,
    bodyBytes: 0,
    retries: 0,
  };
  private activeCount = 0;
  private readonly waiting: (() => void)[] = [];
  /** performance.now() at which the next attempt may start. */
  private nextStartAt = 0;

  constructor(options: ClientOptions = {}) {
    this.concurrency = options.concurrency ?? 2;
    const requestsPerSecond = options.requestsPerSecond ?? 4;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retries = options.retries ?? 4;
    this.backoffMs = options.backoffMs ?? 500;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 120_000;
    this.maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.signal = options.signal;
    this.onEvent = options.onEvent;
    this.random = options.random ?? Math.random;

    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, not ${this.concurrency}`);
    }
    if (!(requestsPerSecond > 0)) {
      throw new RangeError(`requestsPerSecond must be positive, not ${requestsPerSecond}`);
    }
    if (!(this.timeoutMs > 0) || !Number.isFinite(this.timeoutMs)) {
      throw new RangeError(`timeoutMs must be a positive number, not ${this.timeoutMs}`);
    }
    if (!Number.isInteger(this.retries) || this.retries < 0) {
      throw new RangeError(`retries must be a non-negative integer, not ${this.retries}`);
    }
    if (!(this.backoffMs >= 0) || !(this.maxRetryAfterMs >= 0)) {
      throw new RangeError('backoffMs and maxRetryAfterMs must not be negative');
    }
    if (!Number.isInteger(this.maxBodyBytes) || this.maxBodyBytes < 1) {
      throw new RangeError(`maxBodyBytes must be a positive integer, not ${this.maxBodyBytes}`);
    }
    this.minIntervalMs = 1000 / requestsPerSecond;
    // No maxSockets: the client's own slots are the one limit, so there is one place to look.
    this.httpAgent = new http.Agent({ keepAlive: true });
    this.httpsAgent = new https.Agent({ keepAlive: true });
  }

  /** A snapshot; the client's own counters cannot be changed through it. */
  get stats(): ClientStats {
    return { ...this.counters };
  }

  /** GET `url`, queued behind the concurrency limit and the rate limit. */
  async get(url: string, validators: Validators = {}): Promise<FetchResult> {
    const target = parseHttpUrl(url, url);
    if (this.signal?.aborted === true) throw this.abortError(url, 0);
    await this.acquireSlot(url);
    try {
      return await this.fetchFollowingRedirects(target, validators);
    } finally {
      this.releaseSlot();
    }
  }

  private async fetchFollowingRedirects(start: URL, validators: Validators): Promise<FetchResult> {
    let target = start;
    let redirects = 0;
    // Counted per URL: a redirect target gets the same retry budget as the first URL.
    let attempts = 0;
    let failures = 0;
    for (;;) {
      const url = target.href;
      await this.waitForRateLimit(url, attempts);
      attempts += 1;
      this.counters.requests += 1;
      this.emit({ kind: 'request', url, attempt: attempts });

      const outcome = await this.attemptOnce(target, validators);
      if (outcome.kind !== 'aborted' && outcome.response !== undefined) {
        this.emit({ kind: 'response', url, ...outcome.response });
      }

      switch (outcome.kind) {
        case 'result': {
          const result = outcome.result;
          if (result.status === 304) this.counters.notModified += 1;
          if (result.status === 200) {
            this.counters.bodies += 1;
            this.counters.bodyBytes += outcome.response.bytes;
          }
          return result;
        }
        case 'aborted':
          throw this.abortError(url, attempts);
        case 'fail':
          throw new FetchError(`GET ${url} failed: ${outcome.message}`, {
            url,
            attempts,
            status: outcome.status,
            cause: outcome.cause,
          });
        case 'redirect': {
          redirects += 1;
          if (redirects > MAX_REDIRECTS) {
            throw new FetchError(`GET ${start.href} failed: more than ${MAX_REDIRECTS} redirects`, {
              url,
              attempts,
            });
          }
          target = parseHttpUrl(outcome.location, url, target);
          attempts = 0;
          failures = 0;
          break;
        }
        case 'retry': {
          const { reason, retryAfterMs, status } = outcome;
          if (retryAfterMs !== undefined && retryAfterMs > this.maxRetryAfterMs) {
            const askedSeconds = Math.ceil(retryAfterMs / 1000);
            throw new FetchError(
              `GET ${url} failed: ${reason}; the server asked to wait ${askedSeconds} s ` +
                `(Retry-After), more than the ${this.maxRetryAfterMs / 1000} s allowed`,
              { url, attempts, status },
            );
          }
          failures += 1;
          if (failures > this.retries) {
            throw new FetchError(
              `GET ${url} failed after ${attempts === 1 ? '1 attempt' : `${attempts} attempts`}: ${reason}`,
              {
                url,
                attempts,
                status,
              },
            );
          }
          const delayMs = retryAfterMs ?? this.backoffDelay(failures);
          this.counters.retries += 1;
          this.emit({ kind: 'retry', url, attempt: attempts, delayMs, reason });
          await this.sleep(delayMs, url, attempts);
          break;
        }
      }
    }
  }

  /** One request and its whole response, bounded by one timer. Never rejects. */
  private attemptOnce(target: URL, validators: Validators): Promise<AttemptOutcome> {
    return new Promise<AttemptOutcome>((resolve) => {
      const startedAt = performance.now();
      const signal = this.signal;
      let settled = false;
      let request: http.ClientRequest | undefined;

      const settle = (outcome: AttemptOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      // For endings that leave the socket in an unknown state: it must not be reused.
      const abandon = (outcome: AttemptOutcome): void => {
        settle(outcome);
        request?.destroy();
      };
      const onAbort = (): void => {
        abandon({ kind: 'aborted' });
      };
      const timer = setTimeout(() => {
        abandon({ kind: 'retry', reason: `timed out after ${this.timeoutMs} ms` });
      }, this.timeoutMs);
      if (signal?.aborted === true) {
        settle({ kind: 'aborted' });
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });

      const headers: http.OutgoingHttpHeaders = {
        'User-Agent': this.userAgent,
        'Accept-Encoding': 'gzip',
      };
      if (validators.etag !== undefined) headers['If-None-Match'] = validators.etag;
      if (validators.lastModified !== undefined) {
        headers['If-Modified-Since'] = validators.lastModified;
      }

      try {
        request =
          target.protocol === 'https:'
            ? https.request(target, { method: 'GET', headers, agent: this.httpsAgent })
            : http.request(target, { method: 'GET', headers, agent: this.httpAgent });
      } catch (error) {
        // e.g. a validator with characters a header may not hold: no attempt will do better.
        settle({ kind: 'fail', message: errorMessage(error), cause: error });
        return;
      }
      request.on('error', (error) => {
        settle(connectionFailure(error));
      });
      request.on('response', (response) => {
        this.readResponse(response, target.href, startedAt, settle, abandon);
      });
      request.end();
    });
  }

  /** Reads the whole body (so the timer covers it) and decides what the response means. */
  private readResponse(
    response: http.IncomingMessage,
    url: string,
    startedAt: number,
    settle: (outcome: AttemptOutcome) => void,
    abandon: (outcome: AttemptOutcome) => void,
  ): void {
    const status = response.statusCode ?? 0;
    const keepBody = status === 200;
    const declaredLength = parseContentLength(response.headers['content-length']);
    const chunks: Buffer[] = [];
    let wireBytes = 0;
    const summary = (): ResponseSummary => ({
      status,
      bytes: wireBytes,
      ms: Math.round(performance.now() - startedAt),
    });
    const truncated = (detail: string): AttemptOutcome => ({
      kind: 'retry',
      reason:
        declaredLength === undefined
          ? `body truncated after ${wireBytes} bytes (${detail})`
          : `body truncated: ${wireBytes} of ${declaredLength} bytes (${detail})`,
      response: summary(),
    });
    const tooLarge = (): AttemptOutcome =>
      keepBody
        ? {
            kind: 'fail',
            message: `body larger than maxBodyBytes (${this.maxBodyBytes} bytes)`,
            status,
            response: summary(),
          }
        : // An error page too big to drain: its status still says what happened.
          outcomeForStatus(status, response.headers, url, summary());

    response.on('error', (error) => {
      settle(truncated(error.message));
    });
    response.on('close', () => {
      if (!response.complete) settle(truncated('connection closed'));
    });
    if (declaredLength !== undefined && declaredLength > this.maxBodyBytes) {
      abandon(tooLarge());
      return;
    }
    response.on('data', (chunk: Buffer) => {
      wireBytes += chunk.length;
      if (wireBytes > this.maxBodyBytes) {
        abandon(tooLarge());
        return;
      }
      if (keepBody) chunks.push(chunk);
    });
    response.on('end', () => {
      if (declaredLength !== undefined && wireBytes < declaredLength) {
        settle(truncated('ended early'));
        return;
      }
      if (!keepBody) {
        settle(outcomeForStatus(status, response.headers, url, summary()));
        return;
      }
      const raw = Buffer.concat(chunks);
      const encoding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
      const finish = (body: Buffer): void => {
        settle({
          kind: 'result',
          result: okResult(url, body, response.headers),
          response: summary(),
        });
      };
      if (encoding === 'identity' || encoding === '' || raw.length === 0) {
        finish(raw);
      } else if (encoding === 'gzip' || encoding === 'x-gzip') {
        gunzip(raw, { maxOutputLength: this.maxBodyBytes }, (error, body) => {
          if (error === null) finish(body);
          else if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
            settle({
              kind: 'fail',
              message: `decompressed body larger than maxBodyBytes (${this.maxBodyBytes} bytes)`,
              status,
              response: summary(),
            });
          } else {
            // Mostly a body cut short in a way the framing did not show: worth another try.
            settle({
              kind: 'retry',
              reason: `gzip stream error: ${error.message}`,
              response: summary(),
            });
          }
        });
      } else {
        settle({
          kind: 'fail',
          message: `unsupported Content-Encoding: ${encoding}`,
          status,
          response: summary(),
        });
      }
    });
  }

  private acquireSlot(url: string): Promise<void> {
    if (this.activeCount < this.concurrency) {
      this.activeCount += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const signal = this.signal;
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(this.abortError(url, 0));
      };
      this.waiting.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private releaseSlot(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next caller, so activeCount stays the same.
    if (next === undefined) this.activeCount -= 1;
    else next();
  }

  /** Reserves the next start time, so that waiting callers are spaced out, not bunched. */
  private waitForRateLimit(url: string, attempts: number): Promise<void> {
    const now = performance.now();
    const startAt = Math.max(now, this.nextStartAt);
    this.nextStartAt = startAt + this.minIntervalMs;
    return this.sleep(startAt - now, url, attempts);
  }

  private backoffDelay(failures: number): number {
    const exponential = this.backoffMs * 2 ** (failures - 1);
    const jitter = 1 + (this.random() * 2 - 1) * JITTER_FRACTION;
    return Math.round(Math.min(MAX_BACKOFF_MS, exponential * jitter));
  }

  private sleep(ms: number, url: string, attempts: number): Promise<void> {
    const signal = this.signal;
    if (signal?.aborted === true) return Promise.reject(this.abortError(url, attempts));
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(this.abortError(url, attempts));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private abortError(url: string, attempts: number): FetchError {
    return new FetchError(`GET ${url} aborted`, {
      url,
      attempts,
      cause: this.signal?.reason,
      aborted: true,
    });
  }

  private emit(event: ClientEvent): void {
    this.onEvent?.(event);
  }
}

/** Parses `value` (relative to `base` for redirects) and accepts only http: and https:. */
function parseHttpUrl(value: string, reportedUrl: string, base?: URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(value, base);
  } catch (error) {
    throw new FetchError(`not a valid URL: ${value}`, {
      url: reportedUrl,
      attempts: 0,
      cause: error,
    });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new FetchError(`only http: and https: URLs can be fetched, not ${parsed.href}`, {
      url: reportedUrl,
      attempts: 0,
    });
  }
  return parsed;
}

/** What a complete response with a status other than 200 means. */
function outcomeForStatus(
  status: number,
  headers: http.IncomingHttpHeaders,
  url: string,
  response: ResponseSummary,
): AttemptOutcome {
  if (status === 304) return { kind: 'result', result: { status, url }, response };
  // Archives have gaps: a missing page is an answer, not a failure.
  if (status === 404 || status === 410) {
    return { kind: 'result', result: { status, url }, response };
  }
  if (REDIRECT_STATUSES.has(status)) {
    const location = headers.location;
    if (location === undefined || location === '') {
      return { kind: 'fail', message: `HTTP ${status} without a Location`, status, response };
    }
    return { kind: 'redirect', location, response };
  }
  if (status >= 500 || status === 429) {
    return {
      kind: 'retry',
      reason: `HTTP ${status}`,
      status,
      retryAfterMs: parseRetryAfter(headers['retry-after'], Date.now()),
      response,
    };
  }
  return { kind: 'fail', message: `HTTP ${status}`, status, response };
}

function okResult(url: string, body: Buffer, headers: http.IncomingHttpHeaders): FetchResult {
  const validators: Validators = {};
  if (headers.etag !== undefined) validators.etag = headers.etag;
  if (headers['last-modified'] !== undefined) validators.lastModified = headers['last-modified'];
  const contentType = headers['content-type'];
  return contentType === undefined
    ? { status: 200, url, body, validators }
    : { status: 200, url, body, contentType, validators };
}

/** Retry-After as delta-seconds or an HTTP-date, in ms from `now`; undefined when unreadable. */
function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function parseContentLength(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

function connectionFailure(error: Error): AttemptOutcome {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code !== undefined && !error.message.includes(code)
      ? `${error.message} (${code})`
      : error.message;
  if (code !== undefined && RETRYABLE_ERROR_CODES.has(code)) return { kind: 'retry', reason };
  return { kind: 'fail', message: reason, cause: error };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
