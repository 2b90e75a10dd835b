/**
 * bench:site's report (src/lib/bench/site/report.ts, report-text.ts): the JSON keys in their
 * order, and a text report naming the Lighthouse version package.json pins, with each guide
 * page against the bare docs page and against its plain rendering.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { siteReport, siteReportJson } from '../../src/lib/bench/site/report';
import { siteReportLines } from '../../src/lib/bench/site/report-text';
import { lighthouseVersion } from '../../src/lib/bench/site/setup';
import { pagePlan } from '../../src/lib/bench/site/plan';
import { BARE_DOCS_PAGE } from '../../src/lib/bench/budgets';
import { summary } from './site-fixtures';

const ROOT = path.join(__dirname, '..', '..');
const pinned = (
  JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  }
).devDependencies.lighthouse;

const cells = pagePlan(['guide/']).map((page) => ({
  page,
  formFactor: 'mobile' as const,
  runs: {
    project: [summary('http://p/', { tbtMs: 40 })],
    bare: [summary('http://b/')],
    // Only a guide page has a plain rendering.
    plain:
      page.plain === undefined ? [] : [summary('http://plain/', { performance: 98, tbtMs: 32 })],
  },
}));

test('the Lighthouse version is the one package.json pins', async () => {
  expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
  await expect(lighthouseVersion(ROOT)).resolves.toBe(pinned);
});

test('the text report starts with the version and ends with the run time', async () => {
  const report = siteReport(
    {
      runs: 1,
      buildRuns: 1,
      lighthouseVersion: await lighthouseVersion(ROOT),
      builds: { project: 30, bare: 20 },
      cells,
      pageWeights: { project: 190_000, bare: 176_331 },
    },
    90,
  );
  const lines = siteReportLines(report);
  expect(lines[0]).toBe(
    `Lighthouse ${pinned}, Debian Chromium, medians of 1 run(s); ratio = project/bare`,
  );
  expect(lines).toContain('  ✗ not met  cold build ≤ 1.3 × bare: 30.0 s vs 20.0 s (1.50×)');
  expect(lines).toContain(
    '  /guide/                       mobile      100   100  1.00×     98  1.02×       40    20  2.00×     32  1.25×',
  );
  // The guide page's table has a plain column; the home page's has none.
  expect(lines).toContain('  TBT (ms)                  40        20    2.00×        32    1.25×');
  expect(lines).toContain('  TBT (ms)                  40        20    2.00×');
  expect(lines.at(-1)).toBe('Total run time 1.5 min.');
  const json = siteReportJson(report) as { guidePages: object[]; results: { pages: object }[] };
  expect(json.guidePages[0]).toMatchObject({ tbtMs: { project: 40, bare: 20, plain: 32 } });
  expect(json.results.map((result) => result.pages)).toEqual([
    { project: '', bare: '', plain: null },
    { project: 'guide/', bare: BARE_DOCS_PAGE.page, plain: 'docs/guide/' },
    { project: 'errata/', bare: 'blog', plain: null },
  ]);
  expect(Object.keys(siteReportJson(report))).toEqual([
    'runs',
    'buildRuns',
    'buildSeconds',
    'buildRatio',
    'results',
    'guidePages',
    'benchmarkIndex',
    'goals',
    'guideScripts',
    'guidePageWeightJsBytes',
    'lostPoints',
    'totalSeconds',
  ]);
});
