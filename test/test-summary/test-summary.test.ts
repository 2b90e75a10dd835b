import { describe, expect, test } from 'vitest';
import {
  addCounts,
  countPlaywright,
  countVitest,
  formatClosingLine,
} from '../../src/lib/test-summary';

describe('test summary', () => {
  test('counts Vitest cases, treating pending and todo as skipped', () => {
    expect(
      countVitest({
        numTotalTests: 6,
        numPassedTests: 3,
        numFailedTests: 1,
        numPendingTests: 1,
        numTodoTests: 1,
      }),
    ).toEqual({ passed: 3, failed: 1, skipped: 2 });
  });

  test('counts Playwright cases, a flaky test as passed', () => {
    expect(
      countPlaywright({ stats: { expected: 4, unexpected: 2, flaky: 1, skipped: 0 } }),
    ).toEqual({
      passed: 5,
      failed: 2,
      skipped: 0,
    });
  });

  test('rejects a file that is not the runner report it should be', () => {
    expect(() => countVitest({ stats: {} })).toThrow(/numTotalTests/);
    expect(() => countPlaywright({ numTotalTests: 1 })).toThrow(/stats/);
  });

  test('ends with the line CI reads, naming skipped cases only when there are some', () => {
    const total = addCounts(
      { passed: 3, failed: 0, skipped: 0 },
      { passed: 2, failed: 1, skipped: 0 },
    );
    expect(formatClosingLine(total)).toBe('5 passed, 1 failed');
    expect(formatClosingLine({ passed: 1, failed: 0, skipped: 2 })).toBe(
      '1 passed, 0 failed, 2 skipped',
    );
  });
});
