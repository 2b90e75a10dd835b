/**
 * What `npm run examples` prints after a matrix run: the results in the format asked for, the
 * wall time, and what makes the run fail (failed cells, processes left behind, differences from
 * the committed results) or is only worth a warning.
 */
import type { OutputFormat } from '../output-formats';
import type { ResultsFile } from './results';
import { compareResults, findFailures } from './results-compare';
import { toMarkdown, toText } from './results-text';
import type { MatrixRun } from './run';

/** `github` prints as text; its annotations are the problem lines. */
export function formatResults(file: ResultsFile, format: OutputFormat): string {
  if (format === 'json') return `${JSON.stringify(file, null, 2)}\n`;
  return format === 'markdown' ? toMarkdown(file) : toText(file);
}

export function describeTimings({ timings }: MatrixRun): string {
  return (
    `wall time ${(timings.totalMs / 1000).toFixed(1)} s (build ${timings.buildMs} ms, ` +
    `set-up ${timings.provisionMs} ms, runs ${timings.runMs} ms)\n`
  );
}

export interface MatrixVerdict {
  problems: string[];
  warnings: string[];
}

/** With `committed` (`--check`), a categorical outcome that differs from it is a problem too. */
export function judgeMatrixRun(run: MatrixRun, committed?: ResultsFile): MatrixVerdict {
  const problems = findFailures(run.file);
  const warnings: string[] = [];
  if (run.leftovers.length > 0) problems.push(`processes left behind: ${run.leftovers.join(', ')}`);
  if (committed !== undefined) {
    const comparison = compareResults(committed, run.file);
    warnings.push(...comparison.versionChanges.map((c) => `module version changed: ${c}`));
    warnings.push(...comparison.unstable.map((line) => `intermittent hazard: ${line}`));
    problems.push(...comparison.differences.map((d) => `differs from committed: ${d}`));
  }
  return { problems, warnings };
}
