import { loadSiteConfig, publicUrl } from '../../src/config';
import { BUILD_DIR, expect, test } from './fixtures';
import { planSweep } from './site-map';

test('every page of the site loads without console errors or WCAG 2.1 AA violations', async ({
  site,
}) => {
  test.setTimeout(600_000);
  const plan = await planSweep(BUILD_DIR, publicUrl(loadSiteConfig()));
  expect(plan.sitemap.length, 'the sitemap lists pages').toBeGreaterThan(3);
  expect(
    plan.unlisted.filter((page) => page.startsWith('dogfood')).length,
    'dogfood pages are swept',
  ).toBeGreaterThan(0);

  for (const sitePath of plan.paths) {
    await test.step(`/${sitePath}`, async () => {
      const errorsBefore = site.consoleErrors.length;
      await site.goto(sitePath);
      const violations = await site.accessibilityViolations();
      expect.soft(violations, `axe violations on /${sitePath}`).toEqual([]);
      expect
        .soft(site.consoleErrors.slice(errorsBefore), `console errors on /${sitePath}`)
        .toEqual([]);
    });
  }
});
