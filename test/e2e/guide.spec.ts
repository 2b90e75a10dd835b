/**
 * The revised section in the browser: recommendations rendered from the registry with their
 * measured claims, the decision chart drawn, and the proposed text downloadable as plain
 * Markdown and as a ready-to-send comment.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { expect, PROJECT_DIR, test } from './fixtures';

interface RegistryEntry {
  id: string;
  audience: string;
  claims?: { id: string }[];
}

async function registry(): Promise<RegistryEntry[]> {
  const text = await readFile(path.join(PROJECT_DIR, 'docs/guide/recommendations.yaml'), 'utf8');
  return (parse(text) as { recommendations: RegistryEntry[] }).recommendations;
}

const PAGES: Record<string, string> = {
  app: 'guide/applications',
  module: 'guide/module-implementers',
  wrapper: 'guide/wrappers-and-runtimes',
};

test.describe('the revised section', () => {
  test('shows every recommendation of its audience, each a link target with its evidence', async ({
    site,
    page,
  }) => {
    const all = await registry();
    for (const [audience, route] of Object.entries(PAGES)) {
      const expected = all.filter((r) => r.audience === audience);
      await site.goto(route);
      const shown = page.locator('section[id^="R-"]');
      await expect(shown).toHaveCount(expected.length);
      expect(await shown.evaluateAll((nodes) => nodes.map((n) => n.id))).toEqual(
        expected.map((r) => r.id),
      );
      for (const r of expected.filter((x) => (x.claims ?? []).length > 0)) {
        const box = page.locator(`section[id="${r.id}"]`);
        await box.locator('summary').click();
        await expect(box.getByText(/measured: /)).toHaveCount(r.claims?.length ?? 0);
      }
    }
  });

  test('a link to a recommendation lands on it', async ({ site, page }) => {
    await site.goto('guide/decision-chart');
    await page.getByRole('link', { name: 'R-APP-FORK-SERVER' }).click();
    await expect(page).toHaveURL(/\/guide\/applications#R-APP-FORK-SERVER$/);
    await expect(page.locator('section[id="R-APP-FORK-SERVER"]')).toBeInViewport();
  });

  test('shows the decision chart drawn at build time, naming each recommendation it leads to', async ({
    site,
    page,
  }) => {
    await site.goto('guide/decision-chart');
    const chart = page.locator('.mermaid-diagram img:visible');
    await expect(chart).toHaveCount(1);
    await expect(chart).toHaveAttribute('alt', /^Decision chart for a program that uses PKCS #11/);
    expect(await chart.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    const svg = await (
      await page.request.get(await chart.evaluate((img: HTMLImageElement) => img.src))
    ).text();
    for (const id of [
      'R-APP-EXEC-NEEDS-NOTHING',
      'R-APP-NO-CALLS-BEFORE-EXEC',
      'R-APP-CHILD-INITIALIZES',
    ])
      expect(svg).toContain(id);
    // Nothing of Mermaid itself reaches the browser.
    const scripts = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((name) => name.endsWith('.js')),
    );
    for (const script of scripts) {
      const text = await (await page.request.get(script)).text();
      expect(text, script).not.toContain('mermaid.initialize');
    }
  });

  test('offers the proposed text as plain Markdown and as a comment for the list', async ({
    site,
    page,
    request,
  }) => {
    await site.goto('guide/proposed-text');
    const markdownHref = await page
      .getByRole('link', { name: 'The text as plain Markdown' })
      .getAttribute('href');
    const commentHref = await page
      .getByRole('link', { name: 'A ready-to-send comment' })
      .getAttribute('href');
    const markdown = await (await request.get(new URL(markdownHref ?? '', page.url()).href)).text();
    expect(
      markdown.startsWith('## Applications and processes {#applications-and-processes}\n'),
    ).toBe(true);
    expect(markdown).not.toMatch(/<!--|^---$|<Recommendation/m);
    // The generated statements are in it, numbered, one per recommendation.
    const all = await registry();
    expect(markdown.match(/^\d+\. /gm)).toHaveLength(all.length);
    const comment = await (await request.get(new URL(commentHref ?? '', page.url()).href)).text();
    expect(comment).toMatch(/^To: pkcs11-comment@lists\.oasis-open\.org\nSubject: /);
    expect(comment).toContain('OASIS Feedback License');
    expect(comment).toContain(markdown.trimEnd());
  });
});
