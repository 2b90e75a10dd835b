/**
 * npm run page-weight: the JavaScript budget (src/lib/bench/budgets.ts) measured on the built
 * site's pages, or the baseline measured on a freshly built bare Docusaurus site. A thin CLI over
 * src/lib/page-weight.
 */
import { parseArgs } from 'node:util';
import { loadSiteConfig } from '../src/config';
import { EXIT_FINDINGS, EXIT_OK, parseFormat, runCli, UsageError } from '../src/lib/cli';
import {
  formatBareResult,
  formatBudgetResults,
  measureBareSite,
  measureBuild,
  pagesToMeasure,
} from '../src/lib/page-weight';
import { builtSite } from '../src/lib/site-build';
import { PAGE_WEIGHT_HELP, PAGE_WEIGHT_OPTIONS } from '../src/lib/page-weight/help';

async function measureBare(format: 'text' | 'json'): Promise<number> {
  const measured = await measureBareSite(process.cwd(), (line) => {
    console.error(line);
  });
  if (!measured.built) {
    console.error(measured.output);
    return EXIT_FINDINGS;
  }
  process.stdout.write(formatBareResult(measured.result, format));
  return EXIT_OK;
}

runCli(PAGE_WEIGHT_HELP, async (argv) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: PAGE_WEIGHT_OPTIONS,
  });
  const format = parseFormat(values, ['text', 'json']) === 'json' ? 'json' : 'text';
  if (values.bare) {
    if (positionals.length > 0) throw new UsageError('--bare measures the bare docs page only');
    return measureBare(format);
  }
  const buildDir = builtSite(values.dir);
  const site = loadSiteConfig();
  const pages = await pagesToMeasure(buildDir, positionals, `${site.url}${site.baseUrl}`);
  const results = await measureBuild(buildDir, site.baseUrl, pages, (result) => {
    if (format === 'text') console.error(`measured ${result.page || '/'}`);
  });
  process.stdout.write(formatBudgetResults(results, format));
  return results.some((result) => result.overBytes > 0) ? EXIT_FINDINGS : EXIT_OK;
});
