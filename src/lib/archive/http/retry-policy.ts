/**
 * When a transient failure is tried again, and after how long. Ours rather than undici's
 * RetryHandler (lib/handler/retry-handler.js in undici 7.30): that handler resumes a cut body with
 * a Range request and gives up when the server answers 200 instead of 206, as plain archive
 * servers do, while a page here is fetched again whole; it also has no jitter, and it shortens a
 * long Retry-After to its maximum where we refuse it (the server asked us to stay away).
 */
const MAX_BACKOFF_MS = 30_000;
/** Backoff delays vary by up to ± this fraction so that parallel retries spread out. */
const JITTER_FRACTION = 0.25;

export interface RetryPolicy {
  retries: number;
  backoffMs: number;
  maxRetryAfterMs: number;
  random: () => number;
}

export type RetryDecision =
  | { kind: 'wait'; delayMs: number }
  | { kind: 'give-up' }
  | { kind: 'refuse-retry-after'; askedSeconds: number };

/** What to do after the `failures`th transient failure of one URL. */
export function decideRetry(
  policy: RetryPolicy,
  failures: number,
  retryAfterMs: number | undefined,
): RetryDecision {
  // Honour Retry-After (RFC 9110 §10.2.3), unless it asks for longer than we may wait.
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) {
    return { kind: 'refuse-retry-after', askedSeconds: Math.ceil(retryAfterMs / 1000) };
  }
  if (failures > policy.retries) return { kind: 'give-up' };
  return { kind: 'wait', delayMs: retryAfterMs ?? backoffDelay(policy, failures) };
}

function backoffDelay(policy: RetryPolicy, failures: number): number {
  const exponential = policy.backoffMs * 2 ** (failures - 1);
  const jitter = 1 + (policy.random() * 2 - 1) * JITTER_FRACTION;
  return Math.round(Math.min(MAX_BACKOFF_MS, exponential * jitter));
}
