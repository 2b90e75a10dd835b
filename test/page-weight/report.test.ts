import { describe, expect, test } from 'vitest';
import { BARE_DOCS_PAGE, JS_BUDGET_BYTES, type BudgetResult } from '../../src/lib/bench/budgets';
import { formatBareResult, formatBudgetResults } from '../../src/lib/page-weight';

const result = (page: string, jsBytes: number): BudgetResult => ({
  page,
  weight: { jsBytes, totalBytes: jsBytes + 1000, requests: [] },
  overBytes: jsBytes - JS_BUDGET_BYTES,
});

describe('formatBudgetResults', () => {
  test('the table names the home page /, and says by how much a page is over', () => {
    const table = formatBudgetResults(
      [result('', 100), result('guide', JS_BUDGET_BYTES + 5)],
      'text',
    );
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^page +JS bytes +all bytes +budget$/);
    expect(lines[1]).toMatch(new RegExp(`^/ +100 +1100 +${JS_BUDGET_BYTES - 100} to spare$`));
    expect(lines[2]).toMatch(/ OVER by 5$/);
  });

  test('json carries the budget and each page', () => {
    const json = JSON.parse(formatBudgetResults([result('', 100)], 'json')) as {
      budgetBytes: number;
      pages: unknown[];
    };
    expect(json.budgetBytes).toBe(JS_BUDGET_BYTES);
    expect(json.pages).toEqual([
      { page: '', jsBytes: 100, totalBytes: 1100, overBytes: 100 - JS_BUDGET_BYTES },
    ]);
  });
});

describe('formatBareResult', () => {
  test('says when the bare page weighs what the committed baseline says', () => {
    expect(formatBareResult(result(BARE_DOCS_PAGE.page, BARE_DOCS_PAGE.jsBytes), 'text')).toContain(
      ', the same)',
    );
  });
});
