/**
 * Hydration budgets of the guide pages, deterministic ones only (timings stay in
 * npm run bench:trace and npm run bench:site): once React has hydrated a guide page, it renders
 * none of the page's content again unless the reader does something. A React commit probe
 * (src/lib/bench/trace/react-probe) stands in for React DevTools and records, per commit, which
 * component fibers rendered and in which part of the page.
 */
import { loadSiteConfig, publicUrl } from '../../src/config';
import { waitForQuiet } from '../../src/lib/bench/trace/record';
import {
  contentRerenders,
  PROBE_GLOBAL,
  REACT_COMMIT_PROBE,
  type ProbeState,
} from '../../src/lib/bench/trace/react-probe';
import { BUILD_DIR, expect, test } from './fixtures';
import { guidePages } from './site-map';

async function sitemapGuidePages(): Promise<string[]> {
  const pages = await guidePages(BUILD_DIR, publicUrl(loadSiteConfig()));
  expect(pages).toEqual(expect.arrayContaining(['guide/', 'guide/applications']));
  return pages;
}

for (const viewport of [
  { name: 'a phone', width: 390, height: 844 },
  { name: 'a desktop', width: 1350, height: 940 },
]) {
  test(`on ${viewport.name}, no guide page renders its content again after hydration`, async ({
    site,
    page,
  }) => {
    test.setTimeout(300_000);
    await page.setViewportSize(viewport);
    await page.addInitScript({ content: REACT_COMMIT_PROBE });
    for (const sitePath of await sitemapGuidePages()) {
      await test.step(`/${sitePath}`, async () => {
        await page.goto(site.url(sitePath), { waitUntil: 'load' });
        await waitForQuiet(page);
        const probe = await page.evaluate<ProbeState>(`window.${PROBE_GLOBAL}`);
        // The probe saw React hydrate the page, so an empty list below means something.
        expect(probe.commits[0]?.hydration, `/${sitePath} hydrated under the probe`).toBe(true);
        expect(
          probe.commits[0]?.byKind['other page content']?.rendered ?? 0,
          `/${sitePath}: hydration rendered the page's content`,
        ).toBeGreaterThan(0);
        expect
          .soft(
            contentRerenders(probe.commits).map((commit) => ({
              commit: commit.index,
              byKind: commit.byKind,
              origins: commit.origins,
            })),
            `/${sitePath}: commits after hydration that rendered page content`,
          )
          .toEqual([]);
      });
    }
    expect(site.consoleErrors).toEqual([]);
  });
}

test('the probe sees a re-render of page content the reader starts', async ({ site, page }) => {
  // Opening the phone's table of contents changes its React state: a commit after user input,
  // which the probe must see (else an empty list above would prove nothing) and must not count.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.addInitScript({ content: REACT_COMMIT_PROBE });
  await page.goto(site.url('guide/applications'), { waitUntil: 'load' });
  await waitForQuiet(page);
  await page.getByRole('button', { name: 'On this page' }).click();
  await expect
    .poll(async () => (await page.evaluate<ProbeState>(`window.${PROBE_GLOBAL}`)).commits)
    .toContainEqual(
      expect.objectContaining({
        afterUserInput: true,
        byKind: expect.objectContaining({ 'table of contents': expect.anything() }),
      }),
    );
  const probe = await page.evaluate<ProbeState>(`window.${PROBE_GLOBAL}`);
  expect(contentRerenders(probe.commits)).toEqual([]);
});
