/**
 * plugin-throttling's rate-limit handlers: report the limit, then wait it out (return true) or give
 * up (return false) when the wait is too long or the limit came back too often. A handler that
 * gives up leaves the reason on the call context, where errors.ts puts it in the message.
 */
import { callContexts } from './call-context';
import { redactSecrets } from './redact';
import type { GitHubClientStats, GitHubEvent } from './types';

export interface RateLimitPolicy {
  /** How many times to wait out a limit. */
  rateLimitRetries: number;
  /** A longer wait fails at once. */
  maxWaitSeconds: number;
  token: string | undefined;
  stats: GitHubClientStats;
  emit: (event: GitHubEvent) => void;
  warn: (message: string) => void;
}

/** Why the call gives up rather than waiting, or undefined when it waits. */
function reasonToGiveUp(
  retryAfter: number,
  retryCount: number,
  { maxWaitSeconds, rateLimitRetries }: RateLimitPolicy,
): string | undefined {
  if (retryAfter > maxWaitSeconds) {
    return `GitHub asks to wait ${retryAfter} s, longer than maxRateLimitWaitSeconds (${maxWaitSeconds} s), so the request failed without waiting`;
  }
  if (retryCount >= rateLimitRetries) {
    return `still limited after ${retryCount} wait(s) (rateLimitRetries is ${rateLimitRetries})`;
  }
  return undefined;
}

export function rateLimitHandler(kind: 'primary' | 'secondary', policy: RateLimitPolicy) {
  return (
    retryAfter: number,
    // The same options object every hook of the call was given, hence the context lookup.
    endpoint: { method: string; url: string },
    _: unknown,
    retryCount: number,
  ): boolean => {
    const context = callContexts.get(endpoint);
    const method = context?.method ?? endpoint.method;
    const url = context?.url ?? redactSecrets(endpoint.url, policy.token);
    policy.emit({
      kind: kind === 'primary' ? 'rate-limit' : 'secondary-rate-limit',
      method,
      url,
      retryAfterSeconds: retryAfter,
      retryCount,
    });
    const gaveUp = reasonToGiveUp(retryAfter, retryCount, policy);
    if (gaveUp !== undefined) {
      if (context !== undefined)
        context.rateLimit = { kind, retryAfterSeconds: retryAfter, gaveUp };
      return false;
    }
    policy.stats.rateLimited += 1;
    if (context !== undefined) context.rateLimitWaitPending = true;
    policy.warn(`GitHub ${kind} rate limit on ${method} ${url}: waiting ${retryAfter} s`);
    return true;
  };
}
