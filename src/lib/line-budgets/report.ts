import type { BudgetResult } from './count';

/** How many of the longest files an over-budget report names: where to start trimming. */
const LONGEST_SHOWN = 5;

const count = (value: number) => value.toLocaleString('en');
const files = (value: number) => `${count(value)} file${value === 1 ? '' : 's'}`;

/** One line per budget; one over it also names its longest files. */
export function formatLineBudgets(results: readonly BudgetResult[]): string {
  const lines = results.flatMap((result) => {
    const head = `${result.folder}/: ${count(result.lines)} lines in ${files(result.files.length)} (budget: under ${count(result.under)})`;
    if (result.within) return [`${head}: ok`];
    const longest = result.files
      .slice(0, LONGEST_SHOWN)
      .map((file) => `  ${file.file}: ${count(file.lines)}`);
    return [
      `${head}: ${count(result.lines - result.under + 1)} over. Move logic into src/lib/; the longest files:`,
      ...longest,
    ];
  });
  return `${lines.join('\n')}\n`;
}
