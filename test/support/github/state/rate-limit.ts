/**
 * GitHub's primary rate limit: `limit` requests per hour-long window, reported on every answer
 * in the x-ratelimit-* headers ("Rate limits for the REST API", GitHub's REST documentation).
 */
export const WINDOW_SECONDS = 3600;

export interface RateLimit {
  limit: number;
  used: number;
  /** When the window ends, in seconds since the epoch. */
  reset: number;
  headers(): Record<string, string>;
  /** Starts a new window once the current one has ended. */
  roll(): void;
  /** Primary limit hit: remaining 0 until `resetInSeconds` from now. */
  exhaust(resetInSeconds: number): void;
}

export function createRateLimit(limit: number, now: () => number): RateLimit {
  const seconds = (): number => Math.floor(now() / 1000);
  const rate: RateLimit = {
    limit,
    used: 0,
    reset: seconds() + WINDOW_SECONDS,
    headers: () => ({
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - rate.used)),
      'x-ratelimit-reset': String(rate.reset),
      'x-ratelimit-used': String(rate.used),
      'x-ratelimit-resource': 'core',
    }),
    roll() {
      if (seconds() >= rate.reset) {
        rate.used = 0;
        rate.reset = seconds() + WINDOW_SECONDS;
      }
    },
    exhaust(resetInSeconds) {
      rate.used = limit;
      rate.reset = seconds() + resetInSeconds;
    },
  };
  return rate;
}
