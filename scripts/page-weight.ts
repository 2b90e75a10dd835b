/**
 * npm run page-weight: the JavaScript budget (src/lib/bench/budgets.ts) measured on the built
 * site's pages, or the baseline measured on a freshly built bare Docusaurus site. A thin CLI over
 * src/lib/page-weight.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSiteConfig } from '../src/config';
import { BARE_DOCS_PAGE, JS_BUDGET_BYTES } from '../src/lib/bench/budgets';
import {
  EXIT_FINDINGS,
  EXIT_OK,
  parseFormat,
  runCli,
  ConfigurationError,
  UsageError,
} from '../src/lib/cli';
import {
  formatBareResult,
  formatBudgetResults,
  measureBareSite,
  measureBuild,
} from '../src/lib/page-weight';
import { sitemapPaths } from '../src/lib/sitemap';

const HELP = `Usage: npm run page-weight -- [--dir <build>] [--format text|json] [pages...]
       npm run page-weight -- --bare

Loads pages of the built site (default build/, served at SITE_BASE_URL with gzip) in Debian's
Chromium, mobile viewport, waits until they have hydrated, and counts the JavaScript they loaded
as sent (gzip bodies, no headers; prefetches of linked pages not counted). Pages are site paths
such as guide/applications; default: every page of the sitemap. Each is held to the budget:
the bare Docusaurus ${BARE_DOCS_PAGE.docusaurus} docs page's ${BARE_DOCS_PAGE.jsBytes} bytes + 15 000 = ${JS_BUDGET_BYTES} bytes.

  --bare         build a bare Docusaurus classic site of the installed version in a temporary
                 folder and measure its ${BARE_DOCS_PAGE.page} page: the budget's baseline
  --dir <build>  the built site to measure (default build)
  --format <f>   text (default) or json

Exit codes: 0 every page within the budget (or --bare measured), 1 a page over it or the build
failed, 2 usage or set-up error (no build, no Chromium).
`;

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

runCli(HELP, async (argv) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      bare: { type: 'boolean' },
      dir: { type: 'string', default: 'build' },
      format: { type: 'string' },
    },
  });
  const format = parseFormat(values, ['text', 'json']) === 'json' ? 'json' : 'text';
  if (values.bare) {
    if (positionals.length > 0) throw new UsageError('--bare measures the bare docs page only');
    return measureBare(format);
  }
  const buildDir = path.resolve(values.dir);
  if (!existsSync(path.join(buildDir, 'index.html')))
    throw new ConfigurationError(
      `${values.dir} holds no built site; run npm run build -- --no-pdf first`,
    );
  const site = loadSiteConfig();
  const pages =
    positionals.length > 0
      ? positionals.map((page) => page.replace(/^\//, ''))
      : sitemapPaths(
          await readFile(path.join(buildDir, 'sitemap.xml'), 'utf8'),
          `${site.url}${site.baseUrl}`,
        );
  const results = await measureBuild(buildDir, site.baseUrl, pages, (result) => {
    if (format === 'text') console.error(`measured ${result.page || '/'}`);
  });
  process.stdout.write(formatBudgetResults(results, format));
  return results.some((result) => result.overBytes > 0) ? EXIT_FINDINGS : EXIT_OK;
});
