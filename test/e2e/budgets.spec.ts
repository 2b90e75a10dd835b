/**
 * The byte budget (src/lib/bench/budgets.ts) on every page of the sitemap: no page loads more
 * JavaScript than the bare Docusaurus docs page plus 15 KB, gzip'd as served. The figures go
 * into the test report; `npm run page-weight` prints the same table.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadSiteConfig } from '../../src/config';
import { checkJsBudget, JS_BUDGET_BYTES } from '../../src/lib/bench/budgets';
import { sitemapPaths } from '../../src/lib/sitemap';
import { BUILD_DIR, expect, test } from './fixtures';

test('every page of the sitemap keeps within the JavaScript budget', async ({
  browser,
  server,
}) => {
  test.setTimeout(180_000);
  const site = loadSiteConfig();
  const pages = sitemapPaths(
    await readFile(path.join(BUILD_DIR, 'sitemap.xml'), 'utf8'),
    `${site.url}${site.baseUrl}`,
  );
  expect(pages).toEqual(expect.arrayContaining(['', 'guide/applications', 'errata']));
  const results = await checkJsBudget(browser, server.url, pages);
  const table = results
    .map(
      ({ page, weight, overBytes }) => `${page || '/'}: ${weight.jsBytes} (${-overBytes} to spare)`,
    )
    .join('\n');
  test.info().annotations.push({
    type: `JavaScript bytes (budget ${JS_BUDGET_BYTES})`,
    description: table,
  });
  // Every page loads Docusaurus's runtime and main bundle: a count of 0 would mean nothing was measured.
  for (const { page, weight } of results) expect(weight.jsBytes, page).toBeGreaterThan(100_000);
  expect(
    results
      .filter((result) => result.overBytes > 0)
      .map(({ page, weight }) => `${page}: ${weight.jsBytes}`),
    `pages over the budget of ${JS_BUDGET_BYTES} bytes`,
  ).toEqual([]);
});
