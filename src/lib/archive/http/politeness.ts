/**
 * Politeness towards the archive's server (ARCHITECTURE.md, "Sync semantics": bounded concurrency):
 * a fixed number of request slots, and a pacer that spaces request starts. Both are ours: undici's
 * Agent limits connections per origin, not calls that each span retries, redirects and waits.
 */

/** Waits `ms`, or rejects with `abortError()` as soon as `signal` aborts; leaves no timer. */
export function politeSleep(
  ms: number,
  signal: AbortSignal | undefined,
  abortError: () => Error,
): Promise<void> {
  if (signal?.aborted === true) return Promise.reject(abortError());
  if (ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** At most `size` holders at once; waiters are served in arrival order. */
export class Slots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly size: number,
    private readonly signal: AbortSignal | undefined,
  ) {}

  acquire(abortError: () => Error): Promise<void> {
    if (this.active < this.size) {
      this.active += 1;
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
        reject(abortError());
      };
      this.waiting.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** No holder and no waiter: the client has nothing to do. */
  get idle(): boolean {
    return this.active === 0 && this.waiting.length === 0;
  }

  release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next caller, so the count stays the same.
    if (next === undefined) this.active -= 1;
    else next();
  }
}

/** Spaces request starts `1000 / requestsPerSecond` ms apart; every attempt takes a turn. */
export class Pacer {
  private readonly minIntervalMs: number;
  /** performance.now() at which the next attempt may start. */
  private nextStartAt = 0;

  constructor(requestsPerSecond: number) {
    this.minIntervalMs = 1000 / requestsPerSecond;
  }

  /** Reserves the next start time, so that waiting callers are spaced out, not bunched. */
  delayForNextStart(): number {
    const now = performance.now();
    const startAt = Math.max(now, this.nextStartAt);
    this.nextStartAt = startAt + this.minIntervalMs;
    return startAt - now;
  }
}
