/**
 * A code block whose lines Docusaurus lays out itself (line numbers, a magic comment) is coloured
 * like every other block: src/remark/highlighted-code passes its tokens at build, and
 * src/theme/CodeBlock/Content renders them with Docusaurus's Line, without Prism in the browser.
 * The fixture is the numbered block of dogfood/code-and-tables.mdx.
 */
import type { Locator, Page } from '@playwright/test';
import { checkJsBudget, JS_BUDGET_BYTES } from '../../src/lib/bench/budgets';
import { expect, test } from './fixtures';

const PAGE = 'dogfood/code-and-tables/';

/** The numbered block, found by its title as a reader sees it. */
function numberedBlock(page: Page): Locator {
  return page.locator('.theme-code-block').filter({ hasText: 'examples/numbered.c' });
}

/** The computed colour of the block's first `static` keyword. */
async function keywordColour(block: Locator): Promise<string> {
  return block
    .locator('.token.keyword', { hasText: /^static$/ })
    .first()
    .evaluate((token) => getComputedStyle(token).color);
}

test.describe('a code block with line numbers and a highlighted line', () => {
  test('is coloured by token classes, numbered, and highlights the marked line', async ({
    site,
    page,
  }) => {
    await site.goto(PAGE);
    const block = numberedBlock(page);
    await expect(block.locator('.token.keyword')).not.toHaveCount(0);
    await expect(block.locator('.token.comment').first()).toContainText('Counts the forks');
    // The block comment spans two lines; each keeps its comment class.
    await expect(block.locator('.token.comment').nth(1)).toHaveText(
      '   from the child handler. */',
    );
    const lines = block.locator('.token-line');
    await expect(lines).toHaveCount(7);
    // Docusaurus numbers the lines with a CSS counter on a cell before each line's content.
    const numbers = await lines.evaluateAll((elements) =>
      elements.map((line) => {
        const number = line.firstElementChild;
        if (number === null) return 'none';
        const before = getComputedStyle(number, '::before');
        return `${before.content} ${number.getBoundingClientRect().width > 0 ? 'shown' : 'hidden'}`;
      }),
    );
    expect(numbers).toEqual(Array.from({ length: 7 }, () => 'counter(line-count) shown'));
    const highlighted = block.locator('.theme-code-block-highlighted-line');
    await expect(highlighted).toHaveCount(1);
    await expect(highlighted).toHaveText('    forks_seen++;');
    // Operators and punctuation look like plain text in both colour schemes: one plain token.
    await expect(highlighted.locator('.token')).toHaveCount(1);
    await expect(highlighted.locator('.token.plain')).toHaveText('    forks_seen++;');
    await expect(block).not.toContainText('highlight-next-line');
    expect(site.consoleErrors).toEqual([]);
  });

  test('copies its code without the magic comment', async ({ site, page }) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await site.goto(PAGE);
    const block = numberedBlock(page);
    await block.scrollIntoViewIfNeeded();
    await block.hover();
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await block.getByRole('button', { name: 'Copy code to clipboard' }).click();
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()))
      .toBe(
        [
          '/* Counts the forks this process has seen,',
          '   from the child handler. */',
          'static volatile unsigned long forks_seen = 0UL;',
          '',
          'static void child_handler(void) {',
          '    forks_seen++;',
          '}',
        ].join('\n'),
      );
    expect(site.consoleErrors).toEqual([]);
  });

  test('takes its keyword colour from the colour scheme', async ({ site, page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await site.goto(PAGE);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    const light = await keywordColour(numberedBlock(page));
    await page.emulateMedia({ colorScheme: 'dark' });
    await site.goto(PAGE);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const dark = await keywordColour(numberedBlock(page));
    // The same token class as the blocks highlighted as HTML, coloured by the same sheet.
    const htmlBlock = page.locator('.theme-code-block').filter({ hasText: 'pthread_atfork' });
    expect(await keywordColour(htmlBlock)).toBe(dark);
    expect(light).not.toBe(dark);
    expect(site.consoleErrors).toEqual([]);
  });

  test('ships no highlighter: the page keeps within the JavaScript budget', async ({
    browser,
    server,
  }) => {
    const [result] = await checkJsBudget(browser, server.url, [PAGE]);
    expect(result?.weight.jsBytes).toBeGreaterThan(100_000);
    expect(result?.weight.jsBytes).toBeLessThanOrEqual(JS_BUDGET_BYTES);
  });
});
