/**
 * The navbar's sidebar on a narrow screen is rendered the first time it is opened
 * (src/theme/Navbar/MobileSidebar), not straight after hydration, and then works as Docusaurus's:
 * it slides in, holds the docs sidebar, navigates and closes.
 */
import { waitForQuiet } from '../../src/lib/bench/trace/record';
import { expect, test } from './fixtures';

test('the narrow-screen sidebar is rendered when first opened, and slides in and navigates', async ({
  site,
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(site.url('guide/applications'), { waitUntil: 'load' });
  await expect(page.locator('html')).toHaveAttribute('data-has-hydrated', 'true');
  await waitForQuiet(page);
  const sidebar = page.locator('.navbar-sidebar');
  await expect(sidebar).toHaveCount(0);

  // A slow transition, so the test sees it running whatever the machine's speed.
  await page.addStyleTag({ content: ':root { --ifm-transition-fast: 10s; }' });
  const toggle = page.getByRole('button', { name: 'Toggle navigation bar' });
  await toggle.click();
  const transitions = await sidebar.evaluate((element) =>
    element
      .getAnimations()
      .map((animation) => (animation as CSSTransition).transitionProperty)
      .sort(),
  );
  expect(transitions).toEqual(['opacity', 'transform', 'visibility']);
  await page.addStyleTag({ content: ':root { --ifm-transition-fast: 0s; }' });

  const menu = sidebar.getByRole('link', { name: 'Module implementers' });
  await expect(menu).toBeVisible();
  await menu.click();
  await expect(page).toHaveURL(/\/guide\/module-implementers$/);
  await expect(sidebar).toBeHidden();

  // Reopened, it is the same sidebar: rendered once, shown and hidden since.
  await toggle.click();
  await expect(sidebar.getByRole('link', { name: 'Applications' })).toBeVisible();
  await page.getByRole('button', { name: 'Close navigation bar' }).click();
  await expect(sidebar).toBeHidden();
  expect(site.consoleErrors).toEqual([]);
});
