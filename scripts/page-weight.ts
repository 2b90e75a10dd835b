/**
 * npm run page-weight: the JavaScript budget (src/lib/bench/budgets.ts) measured on the built
 * site's pages, or the baseline measured on a freshly built bare Docusaurus site.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { loadSiteConfig } from '../src/config';
import { createBareSite } from '../src/lib/bench/bare-site';
import {
  BARE_DOCS_PAGE,
  checkJsBudget,
  JS_BUDGET_BYTES,
  type BudgetResult,
} from '../src/lib/bench/budgets';
import { CHROMIUM_ARGS, chromiumExecutable } from '../src/lib/chromium';
import {
  EXIT_FINDINGS,
  EXIT_OK,
  parseFormat,
  type OutputFormat,
  runCli,
  ConfigurationError,
  UsageError,
} from '../src/lib/cli';
import { buildSite } from '../src/lib/site-build';
import { sitemapPaths } from '../src/lib/sitemap';
import { startStaticServer } from '../src/lib/static-server';

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

function printResults(results: readonly BudgetResult[]): void {
  const width = Math.max(...results.map((result) => result.page.length), 4);
  console.log(
    `${'page'.padEnd(width)}  ${'JS bytes'.padStart(9)}  ${'all bytes'.padStart(9)}  budget`,
  );
  for (const { page, weight, overBytes } of results) {
    const verdict = overBytes > 0 ? `OVER by ${overBytes}` : `${-overBytes} to spare`;
    console.log(
      `${(page || '/').padEnd(width)}  ${String(weight.jsBytes).padStart(9)}  ${String(weight.totalBytes).padStart(9)}  ${verdict}`,
    );
  }
}

/** Serves the built site in `root` at `baseUrl` and measures `pages` against the budget. */
async function measureBuild(
  root: string,
  baseUrl: string,
  pages: readonly string[],
  onPage?: (result: BudgetResult) => void,
): Promise<BudgetResult[]> {
  const server = await startStaticServer({ root, baseUrl });
  try {
    const browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: [...CHROMIUM_ARGS],
    });
    try {
      return await checkJsBudget(browser, server.url, pages, onPage);
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
}

async function measureBare(format: OutputFormat): Promise<number> {
  const bare = await createBareSite(process.cwd());
  const outDir = await mkdtemp(path.join(tmpdir(), 'page-weight-bare-'));
  try {
    console.error('building a bare Docusaurus classic site…');
    const built = await buildSite({ siteDir: bare.dir, outDir });
    if (!built.ok) {
      console.error(built.output);
      return EXIT_FINDINGS;
    }
    const [result] = await measureBuild(outDir, '/', [BARE_DOCS_PAGE.page]);
    if (!result) throw new Error('nothing measured');
    const committed = BARE_DOCS_PAGE.jsBytes;
    if (format === 'json') {
      console.log(JSON.stringify({ page: result.page, jsBytes: result.weight.jsBytes, committed }));
    } else {
      console.log(
        `bare ${BARE_DOCS_PAGE.page}: ${result.weight.jsBytes} bytes of JavaScript ` +
          `(committed baseline ${committed}${result.weight.jsBytes === committed ? ', the same' : `; update src/lib/bench/budgets.ts if Docusaurus changed`})`,
      );
    }
    return EXIT_OK;
  } finally {
    await rm(outDir, { recursive: true, force: true });
    await bare.remove();
  }
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
  const format = parseFormat(values, ['text', 'json']);
  if (values.bare) {
    if (positionals.length > 0) throw new UsageError('--bare measures the bare docs page only');
    return measureBare(format);
  }
  const buildDir = path.resolve(values.dir);
  if (!existsSync(path.join(buildDir, 'index.html')))
    throw new ConfigurationError(`${values.dir} holds no built site; run npm run build -- --no-pdf first`);
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
  if (format === 'json') {
    console.log(
      JSON.stringify(
        {
          budgetBytes: JS_BUDGET_BYTES,
          pages: results.map(({ page, weight, overBytes }) => ({
            page,
            jsBytes: weight.jsBytes,
            totalBytes: weight.totalBytes,
            overBytes,
          })),
        },
        null,
        2,
      ),
    );
  } else {
    printResults(results);
  }
  return results.some((result) => result.overBytes > 0) ? EXIT_FINDINGS : EXIT_OK;
});
