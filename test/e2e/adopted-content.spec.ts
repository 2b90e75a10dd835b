/**
 * The static blocks of the guide pages are adopted, not hydrated (src/components/ServerRendered,
 * src/remark/server-rendered): React attaches to nothing inside them, the server's content is
 * all still there once the page has hydrated, and their links behave as Docusaurus's <Link>
 * makes them: a click navigates inside the single-page app, and a page reached that way is
 * rendered in full by React.
 */
import type { Page } from '@playwright/test';
import { loadSiteConfig, publicUrl } from '../../src/config';
import { BUILD_DIR, expect, test } from './fixtures';
import { guidePages } from './site-map';

/** What the article holds: elements, text, and the top-level blocks React attached to inside. */
async function articleState(page: Page): Promise<{
  elements: number;
  text: string;
  topLevelBlocks: number;
  blocksWithReactInside: string[];
}> {
  return page.evaluate(() => {
    const markdown = document.querySelector('article .markdown');
    if (markdown === null) throw new Error('no article .markdown on the page');
    // React keeps its fiber on every DOM node it hydrated or created, under __reactFiber$….
    const attached = (node: Element): boolean =>
      Object.keys(node).some((key) => key.startsWith('__reactFiber$'));
    const blocks = [
      ...markdown.querySelectorAll(
        ':scope > p, :scope > ul, :scope > ol, :scope > h2, :scope > h3',
      ),
    ];
    return {
      elements: markdown.getElementsByTagName('*').length,
      text: markdown.textContent,
      topLevelBlocks: blocks.length,
      blocksWithReactInside: blocks
        .filter((block) => [...block.querySelectorAll('*')].some(attached))
        .map((block) => block.textContent.slice(0, 60)),
    };
  });
}

test('guide pages keep the server content of adopted blocks and hydrate nothing inside them', async ({
  browser,
  site,
  page,
}) => {
  test.setTimeout(240_000);
  const noScript = await browser.newPage({ javaScriptEnabled: false });
  const pages = await guidePages(BUILD_DIR, publicUrl(loadSiteConfig()));
  expect(pages).toEqual(expect.arrayContaining(['guide/', 'guide/applications']));
  for (const sitePath of pages) {
    await test.step(`/${sitePath}`, async () => {
      await noScript.goto(site.url(sitePath));
      const server = await articleState(noScript);
      await site.goto(sitePath);
      const hydrated = await articleState(page);
      expect(hydrated.text, `/${sitePath}: the article's text`).toBe(server.text);
      expect(hydrated.elements, `/${sitePath}: the article's elements`).toBe(server.elements);
      expect(hydrated.topLevelBlocks, `/${sitePath} has prose`).toBeGreaterThan(0);
      expect(hydrated.blocksWithReactInside, `/${sitePath}: blocks React hydrated`).toEqual([]);
    });
  }
  await noScript.close();
  expect(site.consoleErrors).toEqual([]);
});

test('a link in an adopted block navigates in the app, and the page it reaches is whole', async ({
  browser,
  site,
  page,
}) => {
  const documents: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'document') documents.push(request.url());
  });
  await site.goto('guide/applications');
  await page.evaluate(() => {
    (window as unknown as { sameDocument: boolean }).sameDocument = true;
  });
  const link = page.locator('article .markdown > p a[href$="/guide/module-behaviour"]').first();
  await link.scrollIntoViewIfNeeded();
  await link.click();
  await expect(page).toHaveURL(/\/guide\/module-behaviour$/);
  await expect(page.locator('article h1')).toHaveText('Module behaviour today');
  // No second document was loaded, and the window is the same one.
  expect(documents).toHaveLength(1);
  expect(
    await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument),
  ).toBe(true);
  // React rendered this page itself (no server HTML to adopt): all of it is there.
  const noScript = await browser.newPage({ javaScriptEnabled: false });
  await noScript.goto(site.url('guide/module-behaviour'));
  const server = await articleState(noScript);
  await noScript.close();
  const rendered = await articleState(page);
  expect(rendered.text).toBe(server.text);
  expect(rendered.elements).toBe(server.elements);
  expect(site.consoleErrors).toEqual([]);
});

/** Copies the page's first code block wider than its box and wraps it; what the reader sees. */
async function exerciseCodeBlock(page: Page): Promise<Record<string, unknown>> {
  const block = page.locator('.theme-code-block:has([data-code-scrollable])').first();
  await block.scrollIntoViewIfNeeded();
  const wrap = block.getByRole('button', { name: 'Toggle word wrap' });
  const copy = block.getByRole('button', { name: 'Copy code to clipboard' });
  const wrapShown = await wrap.isVisible();
  await block.hover();
  await copy.click();
  const labelAfterCopy = await block.getByRole('button', { name: 'Copied' }).count();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  // The label goes back after a second, as Docusaurus's does.
  await expect(copy).toHaveCount(1, { timeout: 5_000 });
  await wrap.click();
  const code = block.locator('pre code');
  return {
    wrapShown,
    labelAfterCopy,
    copied,
    whiteSpace: await code.evaluate((element) => getComputedStyle(element).whiteSpace),
    scrollsSideways: await block
      .locator('pre')
      .evaluate((pre) => pre.scrollWidth > pre.clientWidth),
    wrapClasses: await wrap.evaluate((button) => [...button.classList].sort().join(' ')),
  };
}

test('code blocks copy and wrap alike, adopted on first load or rendered by React', async ({
  site,
  page,
}) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.setViewportSize({ width: 390, height: 844 });
  await site.goto('guide/applications');
  const adopted = await exerciseCodeBlock(page);
  expect(adopted).toMatchObject({ wrapShown: true, labelAfterCopy: 1, whiteSpace: 'pre-wrap' });
  expect(adopted.copied).toContain('C_Initialize');
  expect(adopted.copied).not.toMatch(/\n$/);
  // Away and back inside the app: React renders the page's code blocks itself this time.
  await page.locator('article .markdown a[href$="/guide/module-behaviour"]').first().click();
  await expect(page.locator('article h1')).toHaveText('Module behaviour today');
  await page.goBack();
  await expect(page.locator('article h1')).toHaveText('Guidance for applications');
  await page.evaluate(() => navigator.clipboard.writeText(''));
  expect(await exerciseCodeBlock(page)).toEqual(adopted);
  expect(site.consoleErrors).toEqual([]);
});
