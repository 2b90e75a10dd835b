/** npm run lint:sizes: the whole-folder line budgets of src/lib/line-budgets, part of `npm run lint`. */
import { EXIT_FINDINGS, EXIT_OK, runCli, UsageError } from '../src/lib/cli';
import {
  checkLineBudgets,
  formatLineBudgets,
  LINE_BUDGETS,
  LINT_SIZES_HELP,
} from '../src/lib/line-budgets';

runCli(LINT_SIZES_HELP, async (argv) => {
  if (argv.length > 0) throw new UsageError(`lint:sizes takes no arguments; got ${argv.join(' ')}`);
  const results = await checkLineBudgets(process.cwd(), LINE_BUDGETS);
  process.stdout.write(formatLineBudgets(results));
  return results.every((result) => result.within) ? EXIT_OK : EXIT_FINDINGS;
});
