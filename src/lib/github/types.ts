/**
 * The public shapes of the GitHub client: its options, the events it reports and the counters it
 * keeps. Kept apart from the factory so the plugins that fill them do not import the factory.
 */
import type { HttpCache } from './cache';

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
