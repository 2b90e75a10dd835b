/**
 * A polite HTTP client for crawling the mailing-list archive incrementally (ARCHITECTURE.md, "Sync
 * semantics"): conditional GETs, a cap on requests in flight, a rate limit on request starts, and
 * retries with backoff for the transient failures a long crawl meets (resets, timeouts, truncated
 * bodies, 5xx, 429). undici's Agent carries the requests (keep-alive connections, HTTP/1.1
 * parsing); the pieces that are the archive's own live in ./http/, one job per module.
 */
import { Agent } from 'undici';
import { attemptOnce } from './http/attempt';
import { conditionalHeaders } from './http/conditional';
import { resolveOptions, type ClientOptions, type ResolvedOptions } from './http/options';
import { Pacer, politeSleep, Slots } from './http/politeness';
import { decideRetry } from './http/retry-policy';
import { MAX_REDIRECTS, parseHttpUrl } from './http/target';
import {
  FetchError,
  type AttemptOutcome,
  type ClientEvent,
  type ClientStats,
  type FetchResult,
  type Validators,
} from './http/types';

export type { ClientOptions } from './http/options';
export {
  FetchError,
  type ClientEvent,
  type ClientStats,
  type FetchResult,
  type Validators,
} from './http/types';

export class ArchiveHttpClient {
  private readonly options: ResolvedOptions;
  private readonly slots: Slots;
  private readonly pacer: Pacer;
  /** Created when a call starts after an idle spell; see closeWhenIdle. */
  private agent: Agent | undefined;
  private readonly counters: ClientStats = {
    requests: 0,
    notModified: 0,
    bodies: 0,
    bodyBytes: 0,
    retries: 0,
  };

  constructor(options: ClientOptions = {}) {
    this.options = resolveOptions(options);
    this.slots = new Slots(this.options.concurrency, this.options.signal);
    this.pacer = new Pacer(this.options.requestsPerSecond);
  }

  /** A snapshot; the client's own counters cannot be changed through it. */
  get stats(): ClientStats {
    return { ...this.counters };
  }

  /** GET `url`, queued behind the concurrency limit and the rate limit. */
  async get(url: string, validators: Validators = {}): Promise<FetchResult> {
    const target = parseHttpUrl(url, url);
    if (this.options.signal?.aborted === true) throw this.abortError(url, 0);
    await this.slots.acquire(() => this.abortError(url, 0));
    try {
      return await this.fetchFollowingRedirects(target, validators);
    } finally {
      this.slots.release();
      await this.closeWhenIdle();
    }
  }

  /**
   * Our own timer bounds each attempt (connect, headers and body together), so undici's connect,
   * header and body timeouts are off; the connection limit is our slots, so the Agent's pools are
   * left unbounded.
   */
  private connections(): Agent {
    this.agent ??= new Agent({
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: { timeout: 0 },
    });
    return this.agent;
  }

  /**
   * With nothing in flight or queued, the keep-alive connections are closed: an idle client
   * holds no socket on the archive's server and leaves no timer behind (undici arms one per idle
   * connection). A crawl keeps its slots busy, so it reuses its connections throughout.
   */
  private async closeWhenIdle(): Promise<void> {
    const agent = this.agent;
    if (!this.slots.idle || agent === undefined) return;
    this.agent = undefined;
    // destroy, not close: an attempt abandoned while connecting must not hold the close up.
    await agent.destroy();
  }

  /**
   * Redirects are followed here rather than by undici's redirect interceptor: each hop takes a
   * pacing turn and counts as a request, and a URL that redirects to itself is asked again up to
   * MAX_REDIRECTS times, where undici's handler stops at the first repeat.
   */
  private async fetchFollowingRedirects(start: URL, validators: Validators): Promise<FetchResult> {
    const headers = {
      'user-agent': this.options.userAgent,
      'accept-encoding': 'gzip',
      ...conditionalHeaders(validators),
    };
    let target = start;
    for (let redirects = 0; ; redirects += 1) {
      const outcome = await this.fetchWithRetries(target, headers);
      if (outcome.kind === 'done') return outcome.result;
      if (redirects >= MAX_REDIRECTS) {
        throw new FetchError(`GET ${start.href} failed: more than ${MAX_REDIRECTS} redirects`, {
          url: target.href,
          attempts: outcome.attempts,
        });
      }
      target = parseHttpUrl(outcome.location, target.href, target);
    }
  }

  /** Attempts one URL until a result, a redirect, or a failure; the retry budget is per URL. */
  private async fetchWithRetries(
    target: URL,
    headers: Record<string, string>,
  ): Promise<
    { kind: 'done'; result: FetchResult } | { kind: 'redirect'; location: string; attempts: number }
  > {
    const url = target.href;
    for (let attempts = 1, failures = 0; ; attempts += 1) {
      await this.sleep(this.pacer.delayForNextStart(), url, attempts - 1);
      const outcome = await this.attempt(target, headers, attempts);
      switch (outcome.kind) {
        case 'result':
          this.count(outcome);
          return { kind: 'done', result: outcome.result };
        case 'redirect':
          return { kind: 'redirect', location: outcome.location, attempts };
        case 'aborted':
          throw this.abortError(url, attempts);
        case 'fail': {
          const { status, cause } = outcome;
          throw new FetchError(`GET ${url} failed: ${outcome.message}`, {
            url,
            attempts,
            status,
            cause,
          });
        }
        case 'retry':
          failures += 1;
          await this.waitBeforeRetry(outcome, url, attempts, failures);
      }
    }
  }

  private async attempt(
    target: URL,
    headers: Record<string, string>,
    attempt: number,
  ): Promise<AttemptOutcome> {
    const url = target.href;
    this.counters.requests += 1;
    this.emit({ kind: 'request', url, attempt });
    const { timeoutMs, maxBodyBytes, signal } = this.options;
    const dispatcher = this.connections();
    const outcome = await attemptOnce({
      dispatcher,
      target,
      headers,
      timeoutMs,
      maxBodyBytes,
      signal,
    });
    if (outcome.kind !== 'aborted' && outcome.response !== undefined) {
      this.emit({ kind: 'response', url, ...outcome.response });
    }
    return outcome;
  }

  private async waitBeforeRetry(
    outcome: Extract<AttemptOutcome, { kind: 'retry' }>,
    url: string,
    attempts: number,
    failures: number,
  ): Promise<void> {
    const { reason, status } = outcome;
    const decision = decideRetry(this.options, failures, outcome.retryAfterMs);
    if (decision.kind === 'refuse-retry-after') {
      throw new FetchError(
        `GET ${url} failed: ${reason}; the server asked to wait ${decision.askedSeconds} s ` +
          `(Retry-After), more than the ${this.options.maxRetryAfterMs / 1000} s allowed`,
        { url, attempts, status },
      );
    }
    if (decision.kind === 'give-up') {
      const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
      throw new FetchError(`GET ${url} failed after ${tries}: ${reason}`, {
        url,
        attempts,
        status,
      });
    }
    this.counters.retries += 1;
    this.emit({ kind: 'retry', url, attempt: attempts, delayMs: decision.delayMs, reason });
    await this.sleep(decision.delayMs, url, attempts);
  }

  private count(outcome: Extract<AttemptOutcome, { kind: 'result' }>): void {
    if (outcome.result.status === 304) this.counters.notModified += 1;
    if (outcome.result.status === 200) {
      this.counters.bodies += 1;
      this.counters.bodyBytes += outcome.response.bytes;
    }
  }

  private sleep(ms: number, url: string, attempts: number): Promise<void> {
    return politeSleep(ms, this.options.signal, () => this.abortError(url, attempts));
  }

  private abortError(url: string, attempts: number): FetchError {
    const cause: unknown = this.options.signal?.reason;
    return new FetchError(`GET ${url} aborted`, { url, attempts, cause, aborted: true });
  }

  private emit(event: ClientEvent): void {
    this.options.onEvent?.(event);
  }
}
