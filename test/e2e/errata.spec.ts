import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { expect, PROJECT_DIR, test } from './fixtures';

/** The published records' ids, in id order, read from errata/ itself. */
const PUBLISHED = readdirSync(path.join(PROJECT_DIR, 'errata'))
  .filter((name) => /^E-\d{4}\.yaml$/.test(name))
  .map((name) => name.replace(/\.yaml$/, ''))
  .sort();

test.describe('errata pages', () => {
  test('the index lists E-0001 and keeps its filters in the URL', async ({ site, page }) => {
    await site.goto('errata');
    const table = page.getByRole('table');
    await expect(table.getByRole('link', { name: 'E-0001' })).toBeVisible();
    const all = PUBLISHED.length;
    await expect(page.getByRole('status')).toHaveText(`${all} of ${all} errata shown`);

    await page.getByLabel('Status').selectOption('rejected');
    await expect(page).toHaveURL(/[?&]status=rejected/);
    await expect(page.getByRole('status')).toHaveText(`0 of ${all} errata shown`);

    // A shared link restores the same view.
    await page.goto(site.url('errata?status=under-review&sort=activity'));
    await expect(page.getByLabel('Status')).toHaveValue('under-review');
    await expect(page.getByLabel('Sort by')).toHaveValue('activity');
    // E-0001 is the one record under review.
    await expect(page.getByRole('status')).toHaveText(`1 of ${all} errata shown`);

    await page.getByLabel('Status').selectOption('');
    await expect(page).not.toHaveURL(/status=/);
  });

  test('an erratum page shows its fields, history, threads and the text before and after', async ({
    site,
    page,
  }) => {
    await site.goto('errata/E-0001');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('E-0001');
    await expect(page.getByText('Under review').first()).toBeVisible();
    await expect(page.getByText('by David Woodhouse, via pkcs11-comment')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'As published' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Proposed' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'History' })).toBeVisible();
    await expect(page.locator('ol li')).toHaveCount(2);
    await expect(
      page.getByRole('link', { name: /FW: PKCS#11 Usage Guide vs\. POSIX issue/ }),
    ).toHaveAttribute('href', 'https://lists.oasis-open.org/archives/pkcs11/201505/msg00002.html');
    // The evidence section links the field reports and the measurements, each landing on its heading.
    const record = parse(readFileSync(path.join(PROJECT_DIR, 'errata', 'E-0001.yaml'), 'utf8')) as {
      evidence: { title: string; anchor: string }[];
    };
    await expect(page.getByRole('heading', { name: 'Evidence' })).toBeVisible();
    for (const evidence of record.evidence) {
      const link = page.getByRole('link', { name: evidence.title, exact: true });
      await expect(link).toHaveAttribute('href', new RegExp(`${evidence.anchor}$`));
    }
    await page.getByRole('link', { name: record.evidence[0]?.title ?? '', exact: true }).click();
    await expect(
      page.locator(`[id="${record.evidence[0]?.anchor.split('#')[1] ?? ''}"]`),
    ).toBeVisible();
    await site.goto('errata/E-0001');
    await page.getByRole('link', { name: 'Read the revised section in full' }).click();
    await expect(page).toHaveURL(/\/guide\/#the-rule-the-revision-is-built-on$/);
  });

  test('the JSON feed parses and matches the records', async ({ site, page }) => {
    const response = await page.request.get(site.url('errata.json'));
    expect(response.ok()).toBe(true);
    const feed = (await response.json()) as {
      version: number;
      schema: string;
      errata: { id: string; url: string }[];
    };
    expect(feed.version).toBe(1);
    expect(feed.schema).toMatch(/\/schemas\/erratum\.schema\.json$/);
    expect(feed.errata.map((erratum) => erratum.id)).toEqual(PUBLISHED);
    expect(feed.errata[0]?.url).toMatch(/\/errata\/E-0001$/);
    const schema = await page.request.get(site.url('schemas/erratum.schema.json'));
    const committed = JSON.parse(
      await readFile(path.join(PROJECT_DIR, 'static/schemas/erratum.schema.json'), 'utf8'),
    ) as unknown;
    expect(await schema.json()).toEqual(committed);
  });
});

test.describe('erratum notices', () => {
  test('the revised section carries the notice of E-0001 under the heading it names', async ({
    site,
    page,
  }) => {
    await site.goto('guide/');
    const notice = page.getByRole('complementary', { name: 'Erratum E-0001' });
    await expect(notice).toContainText('Erratum E-0001 (under review)');
    const heading = page.getByRole('heading', { name: 'The rule the revision is built on' });
    // The notice directly follows its heading.
    expect(
      await heading.evaluate((element) => element.nextElementSibling?.getAttribute('aria-label')),
    ).toBe('Erratum E-0001');
    await notice.getByRole('link', { name: 'Read E-0001' }).click();
    await expect(page).toHaveURL(/\/errata\/E-0001$/);
  });

  test('every notice links to the reporting section of the errata index', async ({
    site,
    page,
  }) => {
    await site.goto('guide/');
    await page.getByRole('link', { name: 'Report an erratum' }).first().click();
    await expect(page).toHaveURL(/\/errata#report$/);
    await expect(page.getByRole('heading', { name: 'Report an erratum' })).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'Open an erratum report on GitHub' }),
    ).toHaveAttribute('href', /\/issues\/new\?template=erratum\.yml$/);
  });
});

test.describe('resolution log and feeds', () => {
  test('the Comment Resolution Log lists each comment, and its CSV matches', async ({
    site,
    page,
  }) => {
    await site.goto('errata/resolution-log');
    const log = page.getByRole('region', { name: 'Comment Resolution Log' });
    await expect(log.getByRole('columnheader')).toHaveText([
      'Comment',
      'Date',
      'Commenter',
      'Document and section',
      'Summary',
      'Disposition',
      'Resolution',
    ]);
    const row = log.getByRole('row').filter({ hasText: 'E-0001' });
    await expect(row).toContainText('David Woodhouse');
    await expect(row).toContainText('Under review');
    const csv = await page.request.get(site.url('errata/resolution-log.csv'));
    expect(csv.ok()).toBe(true);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'Comment,Date,Commenter,Document and section,Summary,Disposition,Resolution',
    );
    expect(lines[1]).toMatch(/^E-0001,2015-05-10,David Woodhouse,/);
  });

  test('the Atom feed lists each status change, newest first', async ({ site, page }) => {
    const response = await page.request.get(site.url('errata.atom'));
    expect(response.ok()).toBe(true);
    const xml = await response.text();
    // Parse it the way a feed reader would: as XML, in the browser.
    await site.goto('errata');
    const titles = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      if (doc.querySelector('parsererror')) return ['parse error'];
      return [...doc.querySelectorAll('entry > title')].map((title) => title.textContent);
    }, xml);
    // Newest first: E-0001's two changes are its oldest and come last.
    expect(titles.slice(-2)).toEqual([
      'E-0001 under review: §2.5.2 advises calling C_Initialize in every child after fork(), which is unsafe',
      'E-0001 reported: §2.5.2 advises calling C_Initialize in every child after fork(), which is unsafe',
    ]);
    expect(titles).toHaveLength(PUBLISHED.length + 1);
  });
});
