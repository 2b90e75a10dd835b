import { loadSiteConfig, repositoryUrl } from '../../src/config';
import { expect, test } from './fixtures';

test.describe('site frame', () => {
  test('the home page says what the site is and leads to the revised section', async ({ site }) => {
    await site.goto('');
    await expect(site.page.getByRole('heading', { level: 1 })).toContainText('PKCS #11 and fork()');
    await expect(site.page.getByText('A companion to the OASIS')).toBeVisible();
    await expect(site.page.getByRole('heading', { name: 'Who it is for' })).toBeVisible();
    await site.page.getByRole('link', { name: 'Read the revised §2.5.2' }).click();
    await expect(site.page).toHaveURL(/\/guide\/$/);
    await expect(site.page.getByRole('heading', { level: 1 })).toHaveText(
      'Applications and processes (revised §2.5.2)',
    );
  });

  test('the Usage Guide outline marks §2.5.2 and links to the revision', async ({ site }) => {
    await site.goto('usage-guide');
    await expect(site.page.getByText('2.5.3 Applications and threads')).toBeVisible();
    await site.page.getByRole('link', { name: 'revised section', exact: true }).click();
    await expect(site.page).toHaveURL(/\/guide\/$/);
  });

  test('the footer links the official documents and names the comment list', async ({ site }) => {
    await site.goto('');
    const footer = site.page.getByRole('contentinfo');
    await expect(footer.getByRole('link', { name: 'Usage Guide v3.2' })).toHaveAttribute(
      'href',
      /^https:\/\/docs\.oasis-open\.org\/pkcs11\/pkcs11-ug\/v3\.2\//,
    );
    await expect(footer).toContainText('pkcs11-comment@lists.oasis-open.org');
  });

  test('guide pages have an edit link to the repository and a last-updated date', async ({
    site,
  }) => {
    await site.goto('guide/');
    const repository = repositoryUrl(loadSiteConfig().githubRepository);
    await expect(site.page.getByRole('link', { name: /Edit this page/ })).toHaveAttribute(
      'href',
      `${repository}/edit/main/docs/guide/index.md`,
    );
    await expect(site.page.getByText(/Last updated on/)).toBeVisible();
  });

  test('an unknown address answers 404 with the site’s not-found page', async ({ site }) => {
    const response = await site.page.goto(site.url('no-such-page'));
    expect(response?.status()).toBe(404);
    await expect(site.page.getByRole('heading', { name: 'Page Not Found' })).toBeVisible();
  });
});

test.describe('search', () => {
  test('finds guide text offline, asking nothing of any other host', async ({ site, page }) => {
    const foreign: string[] = [];
    await page.context().route('**/*', (route) => {
      const host = new URL(route.request().url()).hostname;
      if (host === '127.0.0.1' || host === 'localhost') return route.continue();
      foreign.push(route.request().url());
      return route.abort();
    });
    await site.goto('');
    const box = page.getByRole('searchbox').or(page.getByPlaceholder('Search')).first();
    await box.fill('async-signal-safe');
    const suggestion = page
      .locator('.aa-suggestion a, a.aa-suggestion, [role="option"] a, [role="option"]')
      .first();
    // The first search downloads and loads the index; give it a generous bound on a busy machine.
    await expect(suggestion).toBeVisible({ timeout: 20_000 });
    await suggestion.click();
    await expect(page).toHaveURL(/\/guide\//);
    expect(foreign).toEqual([]);
  });
});

test.describe('dogfood pages', () => {
  test('are kept out of search engines and the sitemap', async ({ site, page }) => {
    await site.goto('dogfood/');
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
    const sitemap = await page.request.get(site.url('sitemap.xml'));
    expect(sitemap.ok()).toBe(true);
    const xml = await sitemap.text();
    expect(xml).toContain('/guide/');
    expect(xml).not.toContain('/dogfood');
  });

  test('a Mermaid diagram shows the drawing of the colour scheme in use', async ({
    site,
    page,
  }) => {
    await site.goto('dogfood/diagrams/');
    const shown = page.locator('.mermaid-diagram img:visible');
    await expect(shown).toHaveCount(1);
    await expect(shown).toHaveAttribute('src', /#light$/);
    await expect(shown).toHaveAttribute('alt', /^What to do after fork\. /);
    const svg = await (
      await page.request.get(await shown.evaluate((img: HTMLImageElement) => img.src))
    ).text();
    expect(svg).toContain('The process forks');
    await page.evaluate(() => {
      document.documentElement.setAttribute('data-theme', 'dark');
    });
    await expect(shown).toHaveCount(1);
    await expect(shown).toHaveAttribute('src', /#dark$/);
    await expect
      .poll(() => shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
  });

  test('tabs switch and collapsed details open', async ({ site, page }) => {
    await site.goto('dogfood/code-and-tables/');
    await page.getByRole('tab', { name: 'posix_spawn' }).click();
    await expect(page.getByText('The parent asks the C library')).toBeVisible();
    await page.getByText('Why the child has only one thread').click();
    await expect(page.getByText('POSIX fork() copies only the calling thread')).toBeVisible();
  });

  test('a wide table scrolls with the keyboard', async ({ site, page }) => {
    await site.goto('dogfood/code-and-tables/');
    const table = page.locator('#wide-table ~ table').first();
    await expect(table).toHaveAttribute('tabindex', '0');
    await table.focus();
    await expect(table).toBeFocused();
  });
});
