/**
 * The one GitHub client of the GitHub sync and the wording review: octokit with pagination, the
 * throttling and retry plugins, and conditional requests answered from an ETag / Last-Modified
 * cache. The token is handed to octokit as `auth` and kept out of every error, event and log line.
 * This file builds the client; each plugin and handler has its own module.
 *
 * Hook order matters. before-after-hook nests `wrap` hooks in registration order, the first one
 * innermost: auth, request-log (both from @octokit/rest), our conditional-request hook, throttling,
 * retry, then our outermost hook added after construction. So the conditional-request hook sees
 * every attempt, and a 304 it answers from the cache never reaches throttling or retry as an error.
 * Each hook is bound to the options object of the call: what a hook passes to `request(...)` is
 * ignored by the next one, so request headers are changed on that shared object in place (as the
 * retry plugin does with `options.request.retryCount`), and the same object identifies the call.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { MemoryHttpCache } from './cache';
import { clientStates, openCallContext } from './call-context';
import { conditionalRequests } from './conditional-requests';
import { toGitHubError } from './errors';
import { redactingLog } from './logging';
import { rateLimitHandler } from './rate-limits';
import { redactSecrets } from './redact';
import type { GitHubClientOptions, GitHubClientStats, GitHubEvent } from './types';
import { pacedGroup } from './write-pacing';

/** plugin-retry's list plus 429: a 429 is throttling's to wait out, or to fail at once. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

/** @octokit/rest (pagination, REST methods, request log) with conditional requests, throttling, retry. */
export const GitHubOctokit = Octokit.plugin(conditionalRequests, throttling, retry);
export type GitHubOctokit = InstanceType<typeof GitHubOctokit>;

export interface GitHubClient {
  octokit: GitHubOctokit;
  readonly stats: GitHubClientStats;
}

function urlOf(input: string | URL | Request): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

/** Every HTTP request passes here, retries included: the place to count them. */
function countingFetch(
  baseFetch: typeof fetch,
  stats: GitHubClientStats,
  emit: (event: GitHubEvent) => void,
  token: string | undefined,
): typeof fetch {
  return (input, init) => {
    stats.requests += 1;
    emit({
      kind: 'request',
      method: init?.method ?? 'GET',
      url: redactSecrets(urlOf(input), token),
    });
    return baseFetch(input, init);
  };
}

/**
 * Outermost: sees each call once, after all retries and waits, so it counts calls and turns
 * whatever finally failed into a GitHubError with a redacted message.
 */
function countCallsAndWrapErrors(
  octokit: GitHubOctokit,
  stats: GitHubClientStats,
  token: string | undefined,
): void {
  octokit.hook.wrap('request', async (request, endpoint) => {
    const context = openCallContext(endpoint, octokit.request.endpoint.parse(endpoint), token);
    if (context.method === 'GET' || context.method === 'HEAD') stats.reads += 1;
    else stats.writes += 1;
    try {
      return await request(endpoint);
    } catch (error) {
      throw toGitHubError(error, context, token);
    }
  });
}

export function createGitHubClient(options: GitHubClientOptions = {}): GitHubClient {
  const token = options.token ?? process.env.GITHUB_TOKEN;
  const auth = token === undefined || token === '' ? undefined : token;
  const stats: GitHubClientStats = {
    requests: 0,
    notModified: 0,
    reads: 0,
    writes: 0,
    retries: 0,
    rateLimited: 0,
  };
  const { onEvent } = options;
  const emit = (event: GitHubEvent): void => {
    onEvent?.(event);
  };
  const log = redactingLog(options.log, token);
  const policy = {
    rateLimitRetries: options.rateLimitRetries ?? 2,
    maxWaitSeconds: options.maxRateLimitWaitSeconds ?? 900,
    token,
    stats,
    emit,
    warn: log.warn,
  };
  const writePacing =
    options.minWriteIntervalMs === undefined
      ? {}
      : {
          write: pacedGroup(options.minWriteIntervalMs),
          notifications: pacedGroup(options.minWriteIntervalMs),
        };

  const octokit = new GitHubOctokit({
    ...(auth === undefined ? {} : { auth }),
    baseUrl: options.baseUrl ?? 'https://api.github.com',
    userAgent: options.userAgent ?? 'pkcs11-usage-guide-fork',
    log,
    // request.log takes @octokit/request's deprecation warnings, which go to console otherwise.
    request: { fetch: countingFetch(options.fetch ?? globalThis.fetch, stats, emit, token), log },
    throttle: {
      onRateLimit: rateLimitHandler('primary', policy),
      onSecondaryRateLimit: rateLimitHandler('secondary', policy),
      ...writePacing,
    },
    retry: {
      retries: options.retries ?? 3,
      doNotRetry: DO_NOT_RETRY,
      retryAfterBaseValue: options.retryBaseDelayMs ?? 1000,
    },
  });
  clientStates.set(octokit, { cache: options.cache ?? new MemoryHttpCache(), stats, emit });
  countCallsAndWrapErrors(octokit, stats, token);
  return { octokit, stats };
}
