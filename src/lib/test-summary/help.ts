/** The --help text of `npm test`, kept beside the library it describes. */
import { TEST_STEPS } from './steps';

const NAMES = TEST_STEPS.map((step) => step.name);

export const TEST_HELP = `Usage: npm test [-- --step <name> ...]

Runs the whole test suite and ends with one line "N passed, N failed" counting test cases across
all runners. A failing gate (type check, lint, wording lint) counts as one failed case.

Steps: ${NAMES.join(', ')} (default: all, in this order)

Options:
  --step <name>  run only this step (repeatable)
  -h, --help     show this help
Exit codes: 0 all passed, 1 something failed, 2 usage error.
`;
