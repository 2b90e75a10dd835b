import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, PROJECT_DIR, test } from './fixtures';

test.describe('errata pages', () => {
  test('the index lists E-0001 and keeps its filters in the URL', async ({ site, page }) => {
    await site.goto('errata');
    const table = page.getByRole('table');
    await expect(table.getByRole('link', { name: 'E-0001' })).toBeVisible();
    await expect(page.getByRole('status')).toHaveText('1 of 1 errata shown');

    await page.getByLabel('Status').selectOption('rejected');
    await expect(page).toHaveURL(/[?&]status=rejected/);
    await expect(page.getByRole('status')).toHaveText('0 of 1 errata shown');

    // A shared link restores the same view.
    await page.goto(site.url('errata?status=under-review&sort=activity'));
    await expect(page.getByLabel('Status')).toHaveValue('under-review');
    await expect(page.getByLabel('Sort by')).toHaveValue('activity');
    await expect(page.getByRole('status')).toHaveText('1 of 1 errata shown');

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
    expect(feed.errata.map((erratum) => erratum.id)).toEqual(['E-0001']);
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
