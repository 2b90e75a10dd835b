/** What `npm run page-weight` prints: a table or JSON of the pages, or the bare baseline. */
import { BARE_DOCS_PAGE, JS_BUDGET_BYTES, type BudgetResult } from '../bench/budgets';

export function formatBudgetResults(
  results: readonly BudgetResult[],
  format: 'text' | 'json',
): string {
  if (format === 'json') {
    const pages = results.map(({ page, weight, overBytes }) => ({
      page,
      jsBytes: weight.jsBytes,
      totalBytes: weight.totalBytes,
      overBytes,
    }));
    return `${JSON.stringify({ budgetBytes: JS_BUDGET_BYTES, pages }, null, 2)}\n`;
  }
  const width = Math.max(...results.map((result) => result.page.length), 4);
  const header = `${'page'.padEnd(width)}  ${'JS bytes'.padStart(9)}  ${'all bytes'.padStart(9)}  budget`;
  const rows = results.map(({ page, weight, overBytes }) => {
    const verdict = overBytes > 0 ? `OVER by ${overBytes}` : `${-overBytes} to spare`;
    return `${(page || '/').padEnd(width)}  ${String(weight.jsBytes).padStart(9)}  ${String(weight.totalBytes).padStart(9)}  ${verdict}`;
  });
  return [header, ...rows].map((line) => `${line}\n`).join('');
}

/** The bare docs page's weight beside the baseline committed in src/lib/bench/budgets.ts. */
export function formatBareResult(result: BudgetResult, format: 'text' | 'json'): string {
  const committed = BARE_DOCS_PAGE.jsBytes;
  const { jsBytes } = result.weight;
  if (format === 'json') return `${JSON.stringify({ page: result.page, jsBytes, committed })}\n`;
  return (
    `bare ${BARE_DOCS_PAGE.page}: ${jsBytes} bytes of JavaScript ` +
    `(committed baseline ${committed}${jsBytes === committed ? ', the same' : `; update src/lib/bench/budgets.ts if Docusaurus changed`})\n`
  );
}
