/**
 * What the hooks and throttling handlers of one octokit call share. Each hook is bound to the
 * options object of the call (see the hook order in client.ts), so that object is the key; the
 * per-client state is keyed by the octokit instance the plugins are given.
 */
import { cacheKey, type HttpCache } from './cache';
import { headerText } from './octokit-values';
import { redactSecrets } from './redact';
import type { GitHubClientStats, GitHubEvent } from './types';

/** Per-client state the conditional-request plugin finds by its octokit instance. */
export interface ClientState {
  cache: HttpCache;
  stats: GitHubClientStats;
  emit: (event: GitHubEvent) => void;
}

export interface CallContext {
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

export const clientStates = new WeakMap<object, ClientState>();
export const callContexts = new WeakMap<object, CallContext>();

/** The parts of a parsed octokit endpoint a call context is built from. */
export interface ParsedEndpoint {
  method: string;
  url: string;
  headers: Record<string, unknown>;
}

/**
 * Opens the context of one call. Only GETs use the cache, and not those whose caller sent its own
 * conditional headers: that caller wants to see the 304 itself.
 */
export function openCallContext(
  endpoint: { headers: Record<string, unknown> },
  parsed: ParsedEndpoint,
  token: string | undefined,
): CallContext {
  const method = parsed.method.toUpperCase();
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
  return context;
}
