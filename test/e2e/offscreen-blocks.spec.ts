/**
 * Long pages render lazily (content-visibility in src/css/custom.css): the browser skips the
 * style, layout and paint of blocks far below the screen, yet they stay in the page for search,
 * find-in-page and assistive technology, and print renders them all (the PDF).
 */
import { expect, test } from './fixtures';

/**
 * Whether the content of the page's last paragraph with markup inside (a link, code) is
 * rendered; the paragraph's own box always is, skipping applies to what is inside it.
 */
async function lastParagraph(page: import('@playwright/test').Page) {
  return page.evaluate(() => {
    const inner = [...document.querySelectorAll('.theme-doc-markdown > p > *')].at(-1);
    if (inner === undefined) throw new Error('no paragraph with markup inside');
    return {
      rendered: inner.checkVisibility({ contentVisibilityAuto: true }),
      inPage: inner.textContent.length > 0,
    };
  });
}

test('blocks far below the screen are skipped on screen and rendered in print', async ({
  site,
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await site.goto('guide/wrappers-and-runtimes');
  expect(await lastParagraph(page)).toEqual({ rendered: false, inPage: true });
  // The first paragraph, on screen, is rendered.
  expect(
    await page
      .locator('.theme-doc-markdown > p > *')
      .first()
      .evaluate((element) => element.checkVisibility({ contentVisibilityAuto: true })),
  ).toBe(true);
  // Scrolled to, a block renders.
  await page.locator('.theme-doc-markdown > p > *').last().scrollIntoViewIfNeeded();
  await expect.poll(async () => (await lastParagraph(page)).rendered).toBe(true);
  // In print nothing is skipped.
  await page.reload();
  await site.waitForHydration();
  await page.emulateMedia({ media: 'print' });
  expect(await lastParagraph(page)).toEqual({ rendered: true, inPage: true });
  expect(site.consoleErrors).toEqual([]);
});
