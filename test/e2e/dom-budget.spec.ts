/**
 * The DOM budget (src/lib/bench/budgets.ts): every guide page of the sitemap has at most 1.2× the
 * elements of its plain rendering, the same Markdown with the components as plain text in a bare
 * Docusaurus site (src/lib/bench/plain-pages), both counted in the live DOM after hydration at
 * Lighthouse's mobile viewport. The plain site is built once per run in a temporary folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSiteConfig, publicUrl } from '../../src/config';
import { countDomElements, DOM_RATIO_BUDGET, type DomCount } from '../../src/lib/bench/budgets';
import { buildPlainSite, plainPathOf } from '../../src/lib/bench/plain-pages';
import { startStaticServer } from '../../src/lib/static-server';
import { BUILD_DIR, expect, PROJECT_DIR, test } from './fixtures';
import { guidePages as sitemapGuidePages } from './site-map';

/** The tags and classes whose counts differ most between the two renderings of a page. */
function largestDifferences(project: DomCount, plain: DomCount, count = 8): string {
  const differences = (kind: string, mine: Record<string, number>, base: Record<string, number>) =>
    [...new Set([...Object.keys(mine), ...Object.keys(base)])].map((name) => ({
      name: `${kind}${name}`,
      delta: (mine[name] ?? 0) - (base[name] ?? 0),
    }));
  return [
    ...differences('<', project.byTag, plain.byTag),
    ...differences('.', project.byClass, plain.byClass),
  ]
    .sort((a, b) => b.delta - a.delta)
    .slice(0, count)
    .map(
      ({ name, delta }) =>
        `${name}${name.startsWith('<') ? '>' : ''} ${delta > 0 ? '+' : ''}${delta}`,
    )
    .join(', ');
}

test('every guide page has at most 1.2× the DOM elements of its plain rendering', async ({
  browser,
  server,
}) => {
  // Building the bare plain site takes 20–60 s; each page is then opened twice.
  test.setTimeout(300_000);
  const guidePages = await sitemapGuidePages(BUILD_DIR, publicUrl(loadSiteConfig()));
  expect(guidePages).toEqual(expect.arrayContaining(['guide/', 'guide/applications']));
  const outDir = await mkdtemp(path.join(tmpdir(), 'plain-guide-build-'));
  try {
    await buildPlainSite(PROJECT_DIR, outDir);
    const plainServer = await startStaticServer({ root: outDir, baseUrl: '/' });
    try {
      const rows = [];
      for (const page of guidePages) {
        const project = await countDomElements(browser, new URL(page, server.url).href);
        const plain = await countDomElements(
          browser,
          new URL(plainPathOf(page), plainServer.url).href,
        );
        rows.push({ page, project, plain, ratio: project.elements / plain.elements });
      }
      test.info().annotations.push({
        type: `DOM elements: project, plain rendering, ratio (budget ${DOM_RATIO_BUDGET}×)`,
        description: rows
          .map(
            ({ page, project, plain, ratio }) =>
              `${page}: ${project.elements}, ${plain.elements}, ${ratio.toFixed(2)}×` +
              (ratio > DOM_RATIO_BUDGET
                ? ` (most added: ${largestDifferences(project, plain)})`
                : ''),
          )
          .join('\n'),
      });
      for (const { page, project, plain } of rows) {
        // The plain rendering holds the page's text: the same headings, table rows and code lines.
        expect(plain.article.headings, `${page}: headings`).toEqual(project.article.headings);
        expect(plain.article.tableRows, `${page}: table rows`).toBe(project.article.tableRows);
        expect(plain.article.codeLines, `${page}: code lines`).toBe(project.article.codeLines);
        // A docs page of either site has its navbar, sidebar and footer: hundreds of elements.
        expect(plain.elements, page).toBeGreaterThan(200);
      }
      expect(
        rows
          .filter(({ ratio }) => ratio > DOM_RATIO_BUDGET)
          .map(({ page, project, plain }) => `${page}: ${project.elements} vs ${plain.elements}`),
        `guide pages over ${DOM_RATIO_BUDGET}× their plain rendering's elements`,
      ).toEqual([]);
    } finally {
      await plainServer.close();
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
});
