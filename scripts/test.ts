/**
 * `npm test`: the whole suite — type check, lint, unit and integration tests (Vitest, which
 * includes the example runs), browser tests (Playwright on Debian's Chromium) — ending with one
 * line that counts test cases across all runners. The steps are src/lib/test-summary/steps.ts.
 */
import { parseArgs } from 'node:util';
import { EXIT_FINDINGS, EXIT_OK, runCli, UsageError } from '../src/lib/cli';
import { runTestSteps } from '../src/lib/test-summary/run-steps';
import { TEST_STEPS } from '../src/lib/test-summary/steps';

const NAMES = TEST_STEPS.map((step) => step.name);

const HELP = `Usage: npm test [-- --step <name> ...]

Runs the whole test suite and ends with one line "N passed, N failed" counting test cases across
all runners. A failing gate (type check, lint, wording lint) counts as one failed case.

Steps: ${NAMES.join(', ')} (default: all, in this order)

Options:
  --step <name>  run only this step (repeatable)
  -h, --help     show this help
Exit codes: 0 all passed, 1 something failed, 2 usage error.
`;

runCli(HELP, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: { step: { type: 'string', multiple: true } },
  });
  const wanted = values.step ?? NAMES;
  const unknown = wanted.filter((name) => !NAMES.includes(name));
  if (unknown.length > 0)
    throw new UsageError(
      `unknown step ${unknown.join(', ')}; expected e.g. --step unit (steps: ${NAMES.join(', ')})`,
    );
  const total = await runTestSteps(TEST_STEPS.filter((step) => wanted.includes(step.name)));
  return total.failed === 0 ? EXIT_OK : EXIT_FINDINGS;
});
