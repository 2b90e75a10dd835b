/**
 * The steps of `npm test`, in order: the gates (type check, lint, wording lint) and the runners
 * whose JSON reports count test cases (Vitest, Playwright).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { countPlaywright, countVitest, NO_TESTS, type TestCounts } from './index';

/** Where the runners write their reports; Playwright's configuration names the same folder. */
export const TEST_RESULTS_DIR = 'test-results';

export interface TestStep {
  name: string;
  title: string;
  command: string[];
  /** Reads the runner's report; gates (type check, lint) have none and count no test cases. */
  report?: () => Promise<TestCounts>;
}

/** A report that cannot be read counts as one failed case, with the reason on standard error. */
async function readReport(
  file: string,
  count: (report: unknown) => TestCounts,
): Promise<TestCounts> {
  try {
    return count(JSON.parse(await readFile(file, 'utf8')));
  } catch (error) {
    console.error(
      `  could not read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return { ...NO_TESTS, failed: 1 };
  }
}

export const TEST_STEPS: readonly TestStep[] = [
  { name: 'typecheck', title: 'Type check', command: ['npx', 'tsc', '--noEmit'] },
  { name: 'lint', title: 'Lint', command: ['npm', 'run', '--silent', 'lint'] },
  {
    name: 'wording',
    title: 'Wording lint of the guide (docs/)',
    command: ['npm', 'run', '--silent', 'lint:wording'],
  },
  {
    name: 'unit',
    title: 'Unit, integration and example tests (Vitest)',
    command: [
      'npx',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${TEST_RESULTS_DIR}/vitest.json`,
    ],
    report: () => readReport(path.join(TEST_RESULTS_DIR, 'vitest.json'), countVitest),
  },
  {
    name: 'e2e',
    title: 'Browser tests (Playwright)',
    command: ['npx', 'playwright', 'test'],
    report: () => readReport(path.join(TEST_RESULTS_DIR, 'e2e.json'), countPlaywright),
  },
];
