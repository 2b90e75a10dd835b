import { expect, test } from './fixtures';

// dogfood/errata/E-0007.yaml puts script tags, event handlers, javascript: and data: links, MDX
// expressions and import/export lines into every text field. Each would set window.__pwned.
test.describe('record text is inert in the browser', () => {
  test('nothing in a hostile record runs, and its text shows as text', async ({ site, page }) => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await site.goto('dogfood/errata/E-0007');
    // Fire the events a hostile attribute could have hooked, on every element.
    await page.evaluate(() => {
      for (const element of document.querySelectorAll('main *')) {
        for (const type of ['mouseover', 'focus', 'load', 'error'])
          element.dispatchEvent(new Event(type));
      }
    });
    expect(
      await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned),
    ).toBeUndefined();
    expect(dialogs).toEqual([]);

    const main = page.locator('main');
    await expect(main.getByRole('heading', { level: 1 })).toContainText(
      "<script>window.__pwned = 'title'</script>",
    );
    await expect(main).toContainText(
      'Mallory Example <b onmouseover="window.__pwned = \'name\'">bold</b>',
    );
    await expect(main).toContainText("import fs from 'node:fs'");
    await expect(main).toContainText('The original text, after an iframe.');
    await expect(main).toContainText('The proposed text, after an svg.');
    await expect(main).toContainText("{window.__pwned = 'mdx'}");
    // Raw HTML in record Markdown is dropped, and unsafe links lose their target.
    expect(
      await main.locator('script, iframe, img, svg[onload], [onerror], [onmouseover]').count(),
    ).toBe(0);
    // The javascript: and data: links keep their words but lose their targets.
    await expect(main).toContainText('An innocent link and a data link.');
    expect(await page.locator('a[href^="javascript:"], a[href^="data:"]').count()).toBe(0);
    await expect(page.getByRole('link', { name: 'innocent link' })).toHaveCount(0);
    expect(site.consoleErrors).toEqual([]);
  });

  test('the dogfood index shows a record of every status and stays out of search engines', async ({
    site,
    page,
  }) => {
    await site.goto('dogfood/errata');
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
    const statuses = await page.locator('tbody td:nth-child(5)').allTextContents();
    expect(new Set(statuses)).toEqual(
      new Set([
        'Reported',
        'Under review',
        'Accepted',
        'Rejected',
        'Held for revision',
        'Resolved',
      ]),
    );
  });
});

test.describe('erratum text comparison', () => {
  test('short passages are compared word by word', async ({ site, page }) => {
    await site.goto('dogfood/errata/E-0006');
    const diff = page.locator('main blockquote');
    await expect(diff.locator('del')).toHaveText([' original']);
    await expect(diff.locator('ins')).toHaveText([' proposed']);
    await expect(diff).toHaveText('The original proposed text.');
  });

  test('long passages are shown in full, side by side', async ({ site, page }) => {
    await site.goto('errata/E-0001');
    await expect(page.getByRole('heading', { name: 'As published' })).toBeVisible();
    await expect(page.locator('main del, main ins')).toHaveCount(0);
  });
});
