/**
 * The guide on a phone (390 px, an iPhone 12-15's CSS width): the decision chart is readable
 * (its steps replace the drawing, whose labels would be about 5 px), and no guide page scrolls
 * sideways: prose wraps, and a wide table or code block scrolls inside its own box.
 */
import { loadSiteConfig, publicUrl } from '../../src/config';
import { BUILD_DIR, expect, test } from './fixtures';
import { guidePages } from './site-map';

const PHONE = { width: 390, height: 844 };

/** The smallest font size (CSS px) a reader sees for an element's text. */
const MIN_LABEL_PX = 12;

test.use({ viewport: PHONE });

test('on a phone the decision chart is shown as readable steps naming every recommendation', async ({
  site,
  page,
}) => {
  await site.goto('guide/decision-chart');
  await expect(page.locator('.mermaid-diagram img:visible')).toHaveCount(0);
  const steps = page.locator('.mermaid-steps');
  await expect(steps).toBeVisible();
  await expect(steps.getByRole('listitem').first()).toContainText(
    'Will the child only run another program?',
  );
  // Every recommendation the table below the chart links is reachable from the steps.
  const ids = await page
    .locator('table a[href*="#R-"]')
    .evaluateAll((links) => links.map((link) => link.textContent));
  expect(ids.length).toBeGreaterThanOrEqual(6);
  for (const id of ids) await expect(steps).toContainText(id);
  const smallest = await steps.evaluate((element) =>
    Math.min(
      ...[...element.querySelectorAll('li, p, strong')].map((node) =>
        Number.parseFloat(getComputedStyle(node).fontSize),
      ),
    ),
  );
  expect(smallest).toBeGreaterThanOrEqual(MIN_LABEL_PX);
});

test('on a desktop the decision chart is the drawing, and its steps are not shown', async ({
  site,
  page,
}) => {
  await page.setViewportSize({ width: 1350, height: 940 });
  await site.goto('guide/decision-chart');
  await expect(page.locator('.mermaid-diagram img:visible')).toHaveCount(1);
  await expect(page.locator('.mermaid-steps')).toBeHidden();
});

test('no guide page scrolls sideways on a phone; wide tables and code scroll in their own box', async ({
  site,
  page,
}) => {
  test.setTimeout(180_000);
  const pages = await guidePages(BUILD_DIR, publicUrl(loadSiteConfig()));
  expect(pages.length).toBeGreaterThan(5);
  let wideBoxes = 0;
  for (const sitePath of pages) {
    await test.step(`/${sitePath}`, async () => {
      await site.goto(sitePath);
      const layout = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        // Text inside a box that scrolls on its own (a table, code) is that box's business.
        const inScrollingBox = (element: Element): boolean => {
          for (let node = element.parentElement; node; node = node.parentElement) {
            if (['auto', 'scroll'].includes(getComputedStyle(node).overflowX)) return true;
          }
          return false;
        };
        const overflowing = [
          ...document.querySelectorAll('.markdown p, .markdown li, .markdown h2, .markdown h3'),
        ]
          .filter((element) => element.getBoundingClientRect().right > width + 0.5)
          .filter((element) => !inScrollingBox(element))
          .map((element) => `${element.localName}: ${element.textContent.slice(0, 60)}`);
        const boxes = [...document.querySelectorAll('.markdown table, .markdown pre')].map(
          (element) => ({
            fits: element.getBoundingClientRect().right <= width + 0.5 || inScrollingBox(element),
            scrolls: element.scrollWidth > element.clientWidth,
            overflowX: getComputedStyle(element).overflowX,
          }),
        );
        return { width, scrollWidth: document.documentElement.scrollWidth, overflowing, boxes };
      });
      expect(layout.scrollWidth, `/${sitePath} scrolls sideways`).toBeLessThanOrEqual(layout.width);
      expect(layout.overflowing, `/${sitePath}: prose wider than the screen`).toEqual([]);
      for (const box of layout.boxes) {
        expect(box.fits, `/${sitePath}: a table or code block wider than the screen`).toBe(true);
        if (box.scrolls) expect(['auto', 'scroll']).toContain(box.overflowX);
      }
      wideBoxes += layout.boxes.filter((box) => box.scrolls).length;
    });
  }
  // The guide has wide tables and long code lines: some box must scroll, or nothing was tested.
  expect(wideBoxes).toBeGreaterThan(0);
});
