/**
 * The options every timed benchmark shares, as a `node:util` parseArgs table: how many runs
 * (3 by default: the median of three is the least that shrugs off one outlier) and the output
 * format. The CLIs validate the values with src/lib/cli's validators.
 */
export const BENCHMARK_OPTIONS = {
  runs: { type: 'string', default: '3' },
  format: { type: 'string' },
  json: { type: 'boolean' },
} as const;
