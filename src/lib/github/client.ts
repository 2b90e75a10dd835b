/**
 * The one GitHub client of the GitHub sync and the wording review: octokit with pagination, the
 * throttling and retry plugins, and conditional requests answered from an ETag / Last-Modified
 * cache. The token is handed to octokit as `auth` and kept out of every error, event and log line.
 *
 * Hook order matters. before-after-hook nests `wrap` hooks in registration order, the first one
 * innermost: auth, request-log (both from @octokit/rest), our conditional-request hook, throttling,
 * retry, then our outermost hook added after construction. So the conditional-request hook sees
 * every attempt, and a 304 it answers from the cache never reaches throttling or retry as an error.
 * Each hook is bound to the options object of the call: what a hook passes to `request(...)` is
 * ignored by the next one, so request headers are changed on that shared object in place (as the
 * retry plugin does with `options.request.retryCount`), and the same object identifies the call.
 */
import { formatWithOptions } from 'node:util';
import { retry } from '@octokit/plugin-retry';
import { throttling, type ThrottlingOptions } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { cacheKey, MemoryHttpCache, type CachedResponse, type HttpCache } from './cache';

export type GitHubEvent =
  | { kind: 'request'; method: string; url: string }
  | { kind: 'not-modified'; method: string; url: string }
  | {
      kind: 'rate-limit';
      method: string;
      url: string;
      retryAfterSeconds: number;
      /** Waits already done for this request (0 on the first limit). */
      retryCount: number;
    }
  | {
      kind: 'secondary-rate-limit';
      method: string;
      url: string;
      retryAfterSeconds: number;
      /** Waits already done for this request (0 on the first limit). */
      retryCount: number;
    }
  | {
      kind: 'retry';
      method: string;
      url: string;
      /** Status of the failed attempt; absent for network errors. */
      status?: number;
      /** Which retry this is (1 for the first). */
      retryCount: number;
    };

/** Where octokit's log lines go, after redaction; every level is optional and silent when absent. */
export interface GitHubLogger {
  debug?(message: string): void;
  info?(message: string): void;
  warn?(message: string): void;
  error?(message: string): void;
}

export interface GitHubClientOptions {
  /** Default `process.env.GITHUB_TOKEN`; none (or '') → unauthenticated. */
  token?: string;
  /** Default https://api.github.com */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Default a new MemoryHttpCache. */
  cache?: HttpCache;
  /** Retries of 5xx and network errors (plugin-retry), default 3. */
  retries?: number;
  /** Base of plugin-retry's backoff, which waits (n + 1)² × this before retry n; default 1000 ms. */
  retryBaseDelayMs?: number;
  /**
   * Pause between writes. By default plugin-throttling's pacing: 1 s between writes and 3 s
   * between writes that notify people (creating issues, comments), as GitHub asks of API clients.
   * Tests against a local server set 0; writes still go one at a time.
   */
  minWriteIntervalMs?: number;
  /** How many times to wait out a primary or secondary rate limit, default 2. */
  rateLimitRetries?: number;
  /** A longer wait fails at once with a clear error, default 900. */
  maxRateLimitWaitSeconds?: number;
  onEvent?: (event: GitHubEvent) => void;
  /** Default silent. */
  log?: GitHubLogger;
  /** Default 'pkcs11-usage-guide-fork' */
  userAgent?: string;
}

export interface GitHubClientStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Requests answered 304 from the cache. */
  notModified: number;
  /** GET (and HEAD) calls, counted once however often they were retried. */
  reads: number;
  /** Other calls, counted once. */
  writes: number;
  /** Retries of 5xx and network errors. */
  retries: number;
  /** Waits for a primary or secondary rate limit. */
  rateLimited: number;
}

type CoreOctokit = Parameters<typeof throttling>[0];

/** Per-client state the conditional-request plugin finds by its octokit instance. */
interface ClientState {
  cache: HttpCache;
  stats: GitHubClientStats;
  emit: (event: GitHubEvent) => void;
}

/** What the hooks and throttling handlers of one octokit call share; keyed by its options object. */
interface CallContext {
  method: string;
  /** The final URL, redacted: safe for events and errors. */
  url: string;
  /** The URL octokit requests, for the replayed response. */
  requestUrl: string;
  /** Undefined when the call bypasses the cache. */
  key: string | undefined;
  attempts: number;
  retries: number;
  lastStatus: number | undefined;
  /** Set by a throttling handler that chose to wait, so the next attempt is not called a retry. */
  rateLimitWaitPending: boolean;
  rateLimit?: { kind: 'primary' | 'secondary'; retryAfterSeconds: number; gaveUp: string };
}

const clientStates = new WeakMap<object, ClientState>();
const callContexts = new WeakMap<object, CallContext>();

/** Response headers replayed from the cache; the rest (rate limits, dates, ids) would be stale. */
const CACHED_HEADERS = ['content-type', 'etag', 'last-modified', 'link'];

/** plugin-retry's list plus 429: a 429 is throttling's to wait out, or to fail at once. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

const REDACTED = '[REDACTED]';
const GITHUB_TOKEN_SHAPE = /\b(?:gh[pousr]_[A-Za-z\d_]{16,}|github_pat_[A-Za-z\d_]{22,})/g;
const AUTHORIZATION_HEADER =
  /(authorization["']?\s*[:=]\s*["']?)((?:token|bearer|basic)\s+)?([^\s"',;}]+)/gi;
const BEARER_CREDENTIAL = /\b(bearer\s+)([\w.~+/=-]{8,})/gi;
const TOKEN_CREDENTIAL = /\b(token\s+)([a-f\d]{40}\b)/gi;

/** Replaces every occurrence of the token (and `token <t>`/`Bearer <t>` headers) with [REDACTED]. */
export function redactSecrets(text: string, token: string | undefined): string {
  let result = text;
  if (token !== undefined && token !== '') {
    for (const form of new Set([token, encodeURIComponent(token)])) {
      result = result.split(form).join(REDACTED);
    }
  }
  return result
    .replace(AUTHORIZATION_HEADER, (match, prefix: string, scheme: string | undefined, value) =>
      value === REDACTED ? match : `${prefix}${scheme ?? ''}${REDACTED}`,
    )
    .replace(BEARER_CREDENTIAL, (match, prefix: string, value) =>
      value === REDACTED ? match : `${prefix}${REDACTED}`,
    )
    .replace(TOKEN_CREDENTIAL, `$1${REDACTED}`)
    .replace(GITHUB_TOKEN_SHAPE, REDACTED);
}

/** A GitHub request that failed after retries and waits; the message never contains the token. */
export class GitHubError extends Error {
  override readonly name = 'GitHubError';
  /** HTTP status; absent for network errors. */
  readonly status?: number;
  readonly method: string;
  readonly url: string;
  /** Set when a rate limit was not waited out. */
  readonly rateLimit?: 'primary' | 'secondary';
  readonly retryAfterSeconds?: number;
  /**
   * What GitHub said about permissions on the failed response: the scopes the action checks for
   * (`X-Accepted-OAuth-Scopes`) and those the token has (`X-OAuth-Scopes`), for classic tokens
   * ("Scopes for OAuth apps", GitHub's documentation); the permissions a fine-grained token or an
   * app needs (`X-Accepted-GitHub-Permissions`).
   */
  readonly acceptedScopes?: string;
  readonly tokenScopes?: string;
  readonly acceptedPermissions?: string;

  constructor(
    message: string,
    details: {
      status?: number;
      method: string;
      url: string;
      rateLimit?: 'primary' | 'secondary';
      retryAfterSeconds?: number;
      acceptedScopes?: string;
      tokenScopes?: string;
      acceptedPermissions?: string;
    },
  ) {
    super(message);
    if (details.acceptedScopes !== undefined) this.acceptedScopes = details.acceptedScopes;
    if (details.tokenScopes !== undefined) this.tokenScopes = details.tokenScopes;
    if (details.acceptedPermissions !== undefined)
      this.acceptedPermissions = details.acceptedPermissions;
    if (details.status !== undefined) this.status = details.status;
    this.method = details.method;
    this.url = details.url;
    if (details.rateLimit !== undefined) this.rateLimit = details.rateLimit;
    if (details.retryAfterSeconds !== undefined) this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

function recordOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The HTTP status of an octokit error, or undefined when no response came (network errors). */
function httpStatusOf(error: unknown): number | undefined {
  const record = recordOf(error);
  if (recordOf(record?.response) === undefined) return undefined;
  return typeof record?.status === 'number' ? record.status : undefined;
}

function headerText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/**
 * Runs inside throttling and retry (see the hook order above), once per attempt: reports retries,
 * makes GETs conditional, stores 200s and answers 304s from the cache.
 */
function conditionalRequests(octokit: CoreOctokit): void {
  octokit.hook.wrap('request', async (request, options) => {
    const state = clientStates.get(octokit);
    const context = callContexts.get(options);
    if (state === undefined || context === undefined) return request(options);

    context.attempts += 1;
    if (context.attempts > 1) {
      if (context.rateLimitWaitPending) {
        // Throttling already reported this wait as a rate-limit event.
        context.rateLimitWaitPending = false;
      } else {
        context.retries += 1;
        state.stats.retries += 1;
        state.emit({
          kind: 'retry',
          method: context.method,
          url: context.url,
          ...(context.lastStatus === undefined ? {} : { status: context.lastStatus }),
          retryCount: context.retries,
        });
      }
    }

    const { key } = context;
    const cached = key === undefined ? undefined : state.cache.get(key);
    if (key !== undefined) {
      // The options object is reused by every attempt, and the cache may have changed in between.
      delete options.headers['if-none-match'];
      delete options.headers['if-modified-since'];
      if (cached?.etag !== undefined) options.headers['if-none-match'] = cached.etag;
      else if (cached?.lastModified !== undefined) {
        options.headers['if-modified-since'] = cached.lastModified;
      }
    }

    try {
      const response = await request(options);
      if (key !== undefined && response.status === 200) {
        const etag = headerText(response.headers.etag);
        const lastModified = headerText(response.headers['last-modified']);
        if (etag !== undefined || lastModified !== undefined) {
          const headers: Record<string, string> = {};
          for (const name of CACHED_HEADERS) {
            const value = headerText(response.headers[name]);
            if (value !== undefined) headers[name] = value;
          }
          const entry: CachedResponse = {
            ...(etag === undefined ? {} : { etag }),
            ...(lastModified === undefined ? {} : { lastModified }),
            status: response.status,
            headers,
            // A copy: callers (and octokit.paginate) may change the data they were given.
            data: structuredClone(response.data) as unknown,
          };
          state.cache.set(key, entry);
        }
      }
      return response;
    } catch (error) {
      const status = httpStatusOf(error);
      if (status === 304 && cached !== undefined) {
        state.stats.notModified += 1;
        state.emit({ kind: 'not-modified', method: context.method, url: context.url });
        return {
          status: 200,
          url: context.requestUrl,
          headers: { ...cached.headers },
          data: structuredClone(cached.data),
        };
      }
      context.lastStatus = status;
      throw error;
    }
  });
}

/** @octokit/rest (pagination, REST methods, request log) with conditional requests, throttling, retry. */
export const GitHubOctokit = Octokit.plugin(conditionalRequests, throttling, retry);
export type GitHubOctokit = InstanceType<typeof GitHubOctokit>;

type ThrottleGroup = NonNullable<ThrottlingOptions['write']>;

/**
 * Stands in for plugin-throttling's write and notification groups when the caller sets the pause.
 * The plugin only calls `key(id).schedule(options, task)` on them, and its own groups are shared by
 * every client in the process with a fixed pause; a Bottleneck Group is not needed for that.
 */
function pacedGroup(intervalMs: number): ThrottleGroup {
  let queue: Promise<void> = Promise.resolve();
  let last = Number.NEGATIVE_INFINITY;
  const limiter = {
    schedule<T>(_options: unknown, task: () => T | Promise<T>): Promise<T> {
      const turn = queue.then(async () => {
        const wait = last + intervalMs - Date.now();
        if (wait > 0) {
          await new Promise<void>((resolve) => {
            setTimeout(resolve, wait);
          });
        }
        last = Date.now();
      });
      queue = turn;
      return turn.then(task);
    },
  };
  return { key: () => limiter } as unknown as ThrottleGroup;
}

export interface GitHubClient {
  octokit: GitHubOctokit;
  readonly stats: GitHubClientStats;
}

function urlOf(input: string | URL | Request): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

/** GitHub's own message from a failed response (octokit puts it in the error message). */
function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown error';
}

export function createGitHubClient(options: GitHubClientOptions = {}): GitHubClient {
  const token = options.token ?? process.env.GITHUB_TOKEN;
  const auth = token === undefined || token === '' ? undefined : token;
  const rateLimitRetries = options.rateLimitRetries ?? 2;
  const maxWait = options.maxRateLimitWaitSeconds ?? 900;
  const logger = options.log;
  const onEvent = options.onEvent;
  const stats: GitHubClientStats = {
    requests: 0,
    notModified: 0,
    reads: 0,
    writes: 0,
    retries: 0,
    rateLimited: 0,
  };
  const emit = (event: GitHubEvent): void => {
    onEvent?.(event);
  };

  const forward =
    (level: keyof GitHubLogger) =>
    (message: unknown, ...rest: unknown[]): void => {
      if (logger === undefined) return;
      const text = redactSecrets(
        formatWithOptions({ depth: 4, breakLength: Infinity, colors: false }, message, ...rest),
        token,
      );
      // request-log reports a 304 at error level; here it is an expected answer from the cache.
      const effective = level === 'error' && /^[A-Z]+ \S+ - 304 /.test(text) ? 'info' : level;
      logger[effective]?.(text);
    };
  const log = {
    debug: forward('debug'),
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
  };

  const baseFetch = options.fetch ?? globalThis.fetch;
  // Every HTTP request passes here, retries included: the place to count them.
  const countingFetch: typeof fetch = (input, init) => {
    stats.requests += 1;
    emit({
      kind: 'request',
      method: init?.method ?? 'GET',
      url: redactSecrets(urlOf(input), token),
    });
    return baseFetch(input, init);
  };

  const onLimit =
    (kind: 'primary' | 'secondary') =>
    (
      retryAfter: number,
      // The same options object every hook of the call was given, hence the context lookup.
      endpoint: { method: string; url: string },
      _: unknown,
      retryCount: number,
    ) => {
      const context = callContexts.get(endpoint);
      const method = context?.method ?? endpoint.method;
      const url = context?.url ?? redactSecrets(endpoint.url, token);
      emit({
        kind: kind === 'primary' ? 'rate-limit' : 'secondary-rate-limit',
        method,
        url,
        retryAfterSeconds: retryAfter,
        retryCount,
      });
      const gaveUp =
        retryAfter > maxWait
          ? `GitHub asks to wait ${retryAfter} s, longer than maxRateLimitWaitSeconds (${maxWait} s), so the request failed without waiting`
          : retryCount >= rateLimitRetries
            ? `still limited after ${retryCount} wait(s) (rateLimitRetries is ${rateLimitRetries})`
            : undefined;
      if (gaveUp !== undefined) {
        if (context !== undefined)
          context.rateLimit = { kind, retryAfterSeconds: retryAfter, gaveUp };
        return false;
      }
      stats.rateLimited += 1;
      if (context !== undefined) context.rateLimitWaitPending = true;
      log.warn(`GitHub ${kind} rate limit on ${method} ${url}: waiting ${retryAfter} s`);
      return true;
    };

  const octokit = new GitHubOctokit({
    ...(auth === undefined ? {} : { auth }),
    baseUrl: options.baseUrl ?? 'https://api.github.com',
    userAgent: options.userAgent ?? 'pkcs11-usage-guide-fork',
    log,
    // request.log takes @octokit/request's deprecation warnings, which go to console otherwise.
    request: { fetch: countingFetch, log },
    throttle: {
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      ...(options.minWriteIntervalMs === undefined
        ? {}
        : {
            write: pacedGroup(options.minWriteIntervalMs),
            notifications: pacedGroup(options.minWriteIntervalMs),
          }),
    },
    retry: {
      retries: options.retries ?? 3,
      doNotRetry: DO_NOT_RETRY,
      retryAfterBaseValue: options.retryBaseDelayMs ?? 1000,
    },
  });
  clientStates.set(octokit, { cache: options.cache ?? new MemoryHttpCache(), stats, emit });

  // Outermost: sees each call once, after all retries and waits, so it counts calls and turns
  // whatever finally failed into a GitHubError with a redacted message.
  octokit.hook.wrap('request', async (request, endpoint) => {
    const parsed = octokit.request.endpoint.parse(endpoint);
    const method = parsed.method.toUpperCase();
    const isRead = method === 'GET' || method === 'HEAD';
    if (isRead) stats.reads += 1;
    else stats.writes += 1;
    // A caller sending its own conditional headers wants to see the 304 itself.
    const callerConditional =
      endpoint.headers['if-none-match'] !== undefined ||
      endpoint.headers['if-modified-since'] !== undefined;
    const context: CallContext = {
      method,
      url: redactSecrets(parsed.url, token),
      requestUrl: parsed.url,
      key:
        method === 'GET' && !callerConditional
          ? cacheKey(method, parsed.url, headerText(parsed.headers.accept))
          : undefined,
      attempts: 0,
      retries: 0,
      lastStatus: undefined,
      rateLimitWaitPending: false,
    };
    callContexts.set(endpoint, context);
    try {
      return await request(endpoint);
    } catch (error) {
      throw toGitHubError(error, context, token);
    }
  });

  return { octokit, stats };
}

function toGitHubError(
  error: unknown,
  context: CallContext,
  token: string | undefined,
): GitHubError {
  if (error instanceof GitHubError) return error;
  const status = httpStatusOf(error);
  const { method, url } = context;
  const detail = messageOf(error);
  const retried =
    context.retries === 0
      ? ''
      : ` (after ${context.retries} ${context.retries === 1 ? 'retry' : 'retries'})`;
  const rateLimit =
    context.rateLimit !== undefined && (status === 403 || status === 429)
      ? context.rateLimit
      : undefined;
  const message =
    rateLimit !== undefined
      ? `GitHub ${rateLimit.kind} rate limit on ${method} ${url}: ${rateLimit.gaveUp} (HTTP ${status}: ${detail})`
      : status === undefined
        ? `GitHub ${method} ${url} failed: ${detail}${retried}`
        : `GitHub ${method} ${url} failed with HTTP ${status}: ${detail}${retried}`;
  const headers = recordOf(recordOf(recordOf(error)?.response)?.headers);
  const header = (name: string): string | undefined => {
    const value = headerText(headers?.[name]);
    return value === undefined ? undefined : redactSecrets(value, token);
  };
  const acceptedScopes = header('x-accepted-oauth-scopes');
  const tokenScopes = header('x-oauth-scopes');
  const acceptedPermissions = header('x-accepted-github-permissions');
  return new GitHubError(redactSecrets(message, token), {
    ...(acceptedScopes === undefined ? {} : { acceptedScopes }),
    ...(tokenScopes === undefined ? {} : { tokenScopes }),
    ...(acceptedPermissions === undefined ? {} : { acceptedPermissions }),
    ...(status === undefined ? {} : { status }),
    method,
    url,
    ...(rateLimit === undefined
      ? {}
      : { rateLimit: rateLimit.kind, retryAfterSeconds: rateLimit.retryAfterSeconds }),
  });
}
