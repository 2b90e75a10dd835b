/**
 * Reads the JSON reports of the project's test runners (Vitest and Playwright) and adds up test
 * cases, so `npm test` can end with one `N passed, N failed` line across all of them.
 */

export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
}

export const NO_TESTS: TestCounts = { passed: 0, failed: 0, skipped: 0 };

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

/** Counts from Vitest's `json` reporter (Jest-compatible fields). */
export function countVitest(report: unknown): TestCounts {
  const data = report as Record<string, unknown>;
  if (typeof data !== 'object' || !('numTotalTests' in data)) {
    throw new Error('not a Vitest JSON report: numTotalTests is missing');
  }
  return {
    passed: count(data.numPassedTests),
    failed: count(data.numFailedTests),
    skipped: count(data.numPendingTests) + count(data.numTodoTests),
  };
}

/** Counts from Playwright's `json` reporter; a flaky test passed in the end. */
export function countPlaywright(report: unknown): TestCounts {
  const stats = (report as { stats?: Record<string, unknown> } | null)?.stats;
  if (typeof stats !== 'object') {
    throw new Error('not a Playwright JSON report: stats is missing');
  }
  return {
    passed: count(stats.expected) + count(stats.flaky),
    failed: count(stats.unexpected),
    skipped: count(stats.skipped),
  };
}

export function addCounts(...all: TestCounts[]): TestCounts {
  return all.reduce(
    (sum, next) => ({
      passed: sum.passed + next.passed,
      failed: sum.failed + next.failed,
      skipped: sum.skipped + next.skipped,
    }),
    NO_TESTS,
  );
}

/** The closing line CI reads: `N passed, N failed` (`, N skipped` only when some were). */
export function formatClosingLine(counts: TestCounts): string {
  const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
  return `${counts.passed} passed, ${counts.failed} failed${skipped}`;
}
