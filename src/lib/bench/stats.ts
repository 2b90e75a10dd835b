/** Median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

/** `project / baseline`, as printed by the benchmarks (e.g. `1.12×`). */
export function formatRatio(project: number, baseline: number): string {
  return `${(project / baseline).toFixed(2)}×`;
}
