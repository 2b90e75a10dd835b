import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { extractRegion } from '../../src/remark/example-regions/regions';
import type { ResultsFile } from '../../src/lib/examples/results';
import { readPublishedReports } from '../../src/lib/probe/project-reports';
import { expect, PROJECT_DIR, test } from './fixtures';

test.describe('module behaviour page', () => {
  test('shows the tested anti-pattern handler exactly as it stands in the example file', async ({
    site,
    page,
  }) => {
    const source = await readFile(path.join(PROJECT_DIR, 'examples', 'atfork-reinit.c'), 'utf8');
    const region = extractRegion(source, 'atfork-handler');
    await site.goto('guide/module-behaviour');
    const block = page.locator('.theme-code-block').filter({ hasText: 'reinitialise_in_child' });
    await expect(block).toContainText('examples/atfork-reinit.c');
    // One element per line (highlighted at build, src/remark/highlighted-code), each ending in
    // its newline: their text, joined, is the code shown.
    const lines = await block.locator('.token-line').allTextContents();
    expect(lines.every((line) => line.endsWith('\n'))).toBe(true);
    expect(lines.join('').trimEnd()).toBe(region.code);
    await expect(page.getByRole('link', { name: 'examples/atfork-reinit.c' })).toHaveAttribute(
      'href',
      /\/blob\/main\/examples\/atfork-reinit\.c$/,
    );
  });

  test('renders one matrix cell per result, each saying its outcome in words', async ({
    site,
    page,
  }) => {
    const results = JSON.parse(
      await readFile(path.join(PROJECT_DIR, 'examples', 'results.json'), 'utf8'),
    ) as ResultsFile;
    await site.goto('guide/module-behaviour');
    const matrix = page.getByRole('region', {
      name: 'Results of the fork-pattern examples per module',
    });
    const columns = matrix.getByRole('columnheader');
    await expect(columns).toHaveCount(3 + results.modules.length);
    const rows = matrix.locator('tbody tr');
    const rowCount = new Set(results.results.map((entry) => `${entry.pattern}/${entry.variant}`))
      .size;
    await expect(rows).toHaveCount(rowCount);
    const antiPattern = rows
      .filter({ hasText: 'atfork-reinit' })
      .filter({ hasText: 'reinit' })
      .first();
    const observed = results.results.filter(
      (entry) =>
        entry.pattern === 'atfork-reinit' &&
        entry.variant === 'reinit' &&
        entry.outcome === 'hazard-observed',
    );
    await expect(antiPattern.getByText('hazard in every run', { exact: true })).toHaveCount(
      observed.length,
    );
  });

  test('reports every repeat run of each hazard cell, with the pooled interval and the load', async ({
    site,
    page,
  }) => {
    const results = JSON.parse(
      await readFile(path.join(PROJECT_DIR, 'examples', 'results.json'), 'utf8'),
    ) as ResultsFile;
    const cells = results.results.filter((entry) => entry.pooled);
    await site.goto('guide/module-behaviour');
    const report = page.getByRole('region', { name: 'Repeat runs of each hazard cell' });
    const rows = report.locator('tbody tr');
    await expect(rows).toHaveCount(cells.length);
    for (const [index, cell] of cells.entries()) {
      const row = rows.nth(index);
      await expect(row.locator('ol li')).toHaveCount(results.hazardLoad.repeat);
      // "0 of N" carries its upper bound; a count its interval.
      await expect(row).toContainText(cell.pooled?.events === 0 ? 'at most' : '95% interval');
    }
  });

  test('shows every published probe report, each verdict in words, linked to its recommendation', async ({
    site,
    page,
  }) => {
    const { reports } = await readPublishedReports(
      path.join(PROJECT_DIR, 'examples', 'probe', 'reports'),
    );
    await site.goto('guide/module-behaviour');
    const table = page.getByRole('table', {
      name: 'Probe verdicts on the module recommendations, per module configuration',
    });
    const rows = table.locator('tbody tr');
    await expect(rows).toHaveCount(reports.length);
    for (const [index, entry] of reports.entries()) {
      const row = rows.nth(index);
      await expect(row.getByRole('rowheader')).toContainText(entry.id);
      const verdicts = entry.report.recommendations.map((verdict) =>
        verdict.verdict === 'fail'
          ? 'FAIL'
          : verdict.verdict === 'not-applicable'
            ? 'n/a'
            : verdict.verdict,
      );
      await expect(row.getByRole('cell')).toHaveText(verdicts);
    }
    await expect(table.getByRole('link', { name: 'FRESH-CHILD' })).toHaveAttribute(
      'href',
      /\/guide\/module-implementers#R-MOD-FRESH-CHILD$/,
    );
    const details = page.locator('details').filter({ hasText: 'reference:' });
    await details.locator('summary').click();
    await expect(details.getByRole('link', { name: 'The full report (JSON)' })).toHaveAttribute(
      'href',
      /\/blob\/main\/examples\/probe\/reports\/project\/reference\.json$/,
    );
  });
});
