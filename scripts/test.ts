/**
 * `npm test`: the whole suite — type check, lint, unit and integration tests (Vitest, which
 * includes the example runs), browser tests (Playwright on Debian's Chromium) — ending with one
 * line that counts test cases across all runners.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT_FINDINGS, EXIT_OK, runCli, UsageError } from '../src/lib/cli';
import {
  addCounts,
  countPlaywright,
  countVitest,
  formatClosingLine,
  NO_TESTS,
  type TestCounts,
} from '../src/lib/test-summary';

const RESULTS = 'test-results';

interface Step {
  name: string;
  title: string;
  command: string[];
  /** Reads the runner's report; gates (type check, lint) have none and count no test cases. */
  report?: (exitCode: number) => Promise<TestCounts>;
}

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

const STEPS: Step[] = [
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
      `--outputFile.json=${RESULTS}/vitest.json`,
    ],
    report: () => readReport(path.join(RESULTS, 'vitest.json'), countVitest),
  },
  {
    name: 'e2e',
    title: 'Browser tests (Playwright)',
    command: ['npx', 'playwright', 'test'],
    report: () => readReport(path.join(RESULTS, 'e2e.json'), countPlaywright),
  },
];

const HELP = `Usage: npm test [-- --step <name> ...]

Runs the whole test suite and ends with one line "N passed, N failed" counting test cases across
all runners. A failing gate (type check, lint, wording lint) counts as one failed case.

Steps: ${STEPS.map((step) => step.name).join(', ')} (default: all, in this order)

Options:
  --step <name>  run only this step (repeatable)
  -h, --help     show this help
Exit codes: 0 all passed, 1 something failed, 2 usage error.
`;

function run(command: string[]): Promise<number> {
  const [program, ...args] = command;
  return new Promise((resolve, reject) => {
    const child = spawn(program ?? 'false', args, { stdio: 'inherit' });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

runCli(HELP, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: { step: { type: 'string', multiple: true } },
  });
  const wanted = values.step ?? STEPS.map((step) => step.name);
  const unknown = wanted.filter((name) => !STEPS.some((step) => step.name === name));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown step ${unknown.join(', ')}; expected e.g. --step unit (steps: ${STEPS.map((s) => s.name).join(', ')})`,
    );
  }
  await rm(RESULTS, { recursive: true, force: true });
  await mkdir(RESULTS, { recursive: true });

  const lines: string[] = [];
  const totals: TestCounts[] = [];
  for (const step of STEPS.filter((candidate) => wanted.includes(candidate.name))) {
    console.log(`\n=== ${step.title}: ${step.command.join(' ')}`);
    const started = performance.now();
    const exitCode = await run(step.command);
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    let counts: TestCounts;
    if (step.report) {
      counts = await step.report(exitCode);
      // A runner that failed without a failing test (a crash, a failed set-up) still fails.
      if (exitCode !== 0 && counts.failed === 0) counts = { ...counts, failed: 1 };
    } else {
      counts = exitCode === 0 ? NO_TESTS : { ...NO_TESTS, failed: 1 };
    }
    totals.push(counts);
    const verdict = exitCode === 0 ? 'ok' : `FAILED (exit ${exitCode})`;
    const tally = step.report ? ` — ${formatClosingLine(counts)}` : '';
    lines.push(`${step.title}: ${verdict}${tally} [${seconds} s]`);
  }

  const browser = await readFile(path.join(RESULTS, 'browser-version.txt'), 'utf8').catch(() => '');
  console.log('\n=== Summary');
  for (const line of lines) console.log(line);
  if (browser) console.log(`Browser: ${browser.trim()}`);
  const total = addCounts(...totals);
  console.log(formatClosingLine(total));
  return total.failed === 0 ? EXIT_OK : EXIT_FINDINGS;
});
