/**
 * Runs the steps of `npm test` one after the other, whatever fails, and sums their test cases:
 * a failing gate counts as one failed case, and so does a runner that failed without a failing
 * test (a crash, a failed set-up).
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { addCounts, formatClosingLine, NO_TESTS, type TestCounts } from './index';
import { TEST_RESULTS_DIR, type TestStep } from './steps';

function run(command: readonly string[]): Promise<number> {
  const [program, ...args] = command;
  return new Promise((resolve, reject) => {
    const child = spawn(program ?? 'false', args, { stdio: 'inherit' });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

async function runStep(step: TestStep): Promise<{ line: string; counts: TestCounts }> {
  console.log(`\n=== ${step.title}: ${step.command.join(' ')}`);
  const started = performance.now();
  const exitCode = await run(step.command);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  let counts: TestCounts;
  if (step.report) {
    counts = await step.report();
    if (exitCode !== 0 && counts.failed === 0) counts = { ...counts, failed: 1 };
  } else {
    counts = exitCode === 0 ? NO_TESTS : { ...NO_TESTS, failed: 1 };
  }
  const verdict = exitCode === 0 ? 'ok' : `FAILED (exit ${exitCode})`;
  const tally = step.report ? ` — ${formatClosingLine(counts)}` : '';
  return { line: `${step.title}: ${verdict}${tally} [${seconds} s]`, counts };
}

/** Prints each step's output as it runs, then the summary; resolves with the total. */
export async function runTestSteps(steps: readonly TestStep[]): Promise<TestCounts> {
  await rm(TEST_RESULTS_DIR, { recursive: true, force: true });
  await mkdir(TEST_RESULTS_DIR, { recursive: true });
  const results = [];
  for (const step of steps) results.push(await runStep(step));
  const browserFile = path.join(TEST_RESULTS_DIR, 'browser-version.txt');
  const browser = await readFile(browserFile, 'utf8').catch(() => '');
  console.log('\n=== Summary');
  for (const { line } of results) console.log(line);
  if (browser) console.log(`Browser: ${browser.trim()}`);
  const total = addCounts(...results.map((result) => result.counts));
  console.log(formatClosingLine(total));
  return total;
}
