/**
 * `npm test`: the whole suite — type check, lint, unit and integration tests (Vitest, which
 * includes the example runs), browser tests (Playwright on Debian's Chromium) — ending with one
 * line that counts test cases across all runners. The steps are src/lib/test-summary/steps.ts.
 */
import { parseArgs } from 'node:util';
import { EXIT_FINDINGS, EXIT_OK, runCli, UsageError } from '../src/lib/cli';
import { runTestSteps } from '../src/lib/test-summary/run-steps';
import { TEST_STEPS } from '../src/lib/test-summary/steps';
import { TEST_HELP } from '../src/lib/test-summary/help';

const NAMES = TEST_STEPS.map((step) => step.name);

runCli(TEST_HELP, async (argv) => {
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
