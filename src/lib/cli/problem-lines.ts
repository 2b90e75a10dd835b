/**
 * Problems and warnings a run reports on standard error: `FAIL …` lines, or with `--format
 * github` workflow annotations (`::error title=…::…`) that GitHub shows on the run.
 */
import type { OutputFormat } from '../output-formats';

export function problemLines(
  problems: readonly string[],
  format: OutputFormat,
  title: string,
): string {
  return problems
    .map((problem) =>
      format === 'github' ? `::error title=${title}::${problem}\n` : `FAIL ${problem}\n`,
    )
    .join('');
}

export function warningLines(
  warnings: readonly string[],
  format: OutputFormat,
  title: string,
): string {
  return warnings
    .map((warning) =>
      format === 'github' ? `::warning title=${title}::${warning}\n` : `${warning}\n`,
    )
    .join('');
}
