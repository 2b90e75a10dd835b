/**
 * A stand-in for plugin-throttling's write and notification groups when the caller sets the pause
 * between writes (tests against a local server set 0).
 */
import type { ThrottlingOptions } from '@octokit/plugin-throttling';

type ThrottleGroup = NonNullable<ThrottlingOptions['write']>;

/**
 * The plugin only calls `key(id).schedule(options, task)` on its groups, and its own groups are
 * shared by every client in the process with a fixed pause; a Bottleneck Group is not needed for
 * that. Writes still go one at a time, at least `intervalMs` apart.
 */
export function pacedGroup(intervalMs: number): ThrottleGroup {
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
