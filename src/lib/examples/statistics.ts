/**
 * Rates of rare events with their uncertainty. Hang and crash counts are samples, so every count
 * the project publishes carries a 95% interval, and "none seen" is written with its upper bound
 * instead of as "safe".
 */

/** z for a two-sided 95% interval. */
const Z95 = 1.959964;

export interface Interval {
  low: number;
  high: number;
}

/**
 * The Wilson score interval for `events` successes in `trials` (E. B. Wilson, "Probable
 * inference, the law of succession, and statistical inference", JASA 22, 1927). Unlike the normal
 * approximation it stays inside [0, 1] and gives a useful upper bound when nothing was seen.
 */
export function wilson(events: number, trials: number, z = Z95): Interval {
  if (!Number.isInteger(events) || !Number.isInteger(trials) || events < 0 || trials < events)
    throw new RangeError(`wilson: need 0 <= events <= trials, got ${events} of ${trials}`);
  if (trials === 0) return { low: 0, high: 1 };
  const p = events / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials ** 2));
  // At the edges the interval touches 0 or 1 exactly; rounding must not move it past them.
  return {
    low: events === 0 ? 0 : Math.max(0, centre - half),
    high: events === trials ? 1 : Math.min(1, centre + half),
  };
}

/** A rate as a percentage with one decimal, e.g. 0.1234 → "12.3%". */
export function percent(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/**
 * A count with its interval in words: "23 of 1000 (2.3%, 95% interval 1.5–3.4%)", or for none
 * "0 of 1000 (at most 0.4% at 95% confidence)".
 */
export function describeCount(events: number, trials: number): string {
  const { low, high } = wilson(events, trials);
  if (events === 0) return `0 of ${trials} (at most ${percent(high)} at 95% confidence)`;
  const range = `${percent(low).replace('%', '')}–${percent(high)}`;
  return `${events} of ${trials} (${percent(events / trials)}, 95% interval ${range})`;
}

/**
 * The chance of seeing no event at all in `trials` independent trials when the rate is at least
 * `rate`: how a test decides whether it may assert that a hazard shows up.
 */
export function chanceOfNone(rate: number, trials: number): number {
  return (1 - rate) ** trials;
}

/** The fewest trials for which the chance of seeing no event at `rate` is below `risk`. */
export function trialsForConfidence(rate: number, risk: number): number {
  if (rate <= 0) return Infinity;
  if (rate >= 1) return 1;
  return Math.ceil(Math.log(risk) / Math.log(1 - rate));
}
