/** Time as GitHub shows it: UTC timestamps in whole seconds that never go back. */

/** GitHub's timestamps: UTC, whole seconds. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A clock of whole seconds over `now` that never goes back, like GitHub's timestamps. */
export function wholeSecondClock(now: () => number): () => number {
  let lastTime = 0;
  return () => {
    lastTime = Math.max(lastTime, Math.floor(now() / 1000) * 1000);
    return lastTime;
  };
}
