/**
 * Docusaurus's prefetching with each file asked for once (src/plugins/prefetch-once): a guide
 * page whose sidebar links to every other guide page used to append the docs layout's chunks
 * once per link, 260 `<link rel="prefetch">` for 19 files on /guide/applications.
 */
import type { Page } from '@playwright/test';
import { waitForQuiet } from '../../src/lib/bench/trace/record';
import { expect, test } from './fixtures';

async function prefetchedFiles(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.head.querySelectorAll('link[rel="prefetch"]')].map(
      (link) => link.getAttribute('href') ?? '',
    ),
  );
}

function repeated(files: readonly string[]): string[] {
  return [...new Set(files.filter((file, index) => files.indexOf(file) !== index))];
}

test('each file is prefetched once, however many links lead to its route', async ({
  site,
  page,
}) => {
  await page.setViewportSize({ width: 1350, height: 940 });
  await page.goto(site.url('guide/applications'), { waitUntil: 'load' });
  // The sidebar's links to the other guide pages are on screen: their routes are prefetched.
  await expect.poll(async () => (await prefetchedFiles(page)).length).toBeGreaterThan(5);
  await waitForQuiet(page);
  await page.evaluate(() => {
    window.scrollTo(0, document.body.scrollHeight);
  });
  await waitForQuiet(page);
  const onLoad = await prefetchedFiles(page);
  expect(repeated(onLoad)).toEqual([]);

  // A client-side navigation brings new links on screen; what was fetched is not asked for again.
  await page
    .getByRole('navigation', { name: 'Docs sidebar' })
    .getByRole('link', { name: 'Module implementers' })
    .click();
  await expect(page).toHaveURL(/\/guide\/module-implementers$/);
  await waitForQuiet(page);
  const afterNavigation = await prefetchedFiles(page);
  expect(afterNavigation.length).toBeGreaterThanOrEqual(onLoad.length);
  expect(repeated(afterNavigation)).toEqual([]);
  expect(site.consoleErrors).toEqual([]);
});
