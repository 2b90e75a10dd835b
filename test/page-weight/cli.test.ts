import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gzipSize } from '../../src/lib/bench/page-weight';
import { JS_BUDGET_BYTES } from '../../src/lib/bench/budgets';
import { PROJECT_DIR, runScript } from '../support/script';

const SITE = { SITE_URL: 'http://127.0.0.1:3000', SITE_BASE_URL: '/' };

/** A page whose script marks it hydrated, as Docusaurus does, after loading `bundle`. */
function page(title: string, bundle: string): string {
  return (
    `<!doctype html><html lang="en"><title>${title}</title><link rel="icon" href="data:,">` +
    `<script src="/${bundle}"></script>` +
    `<script>document.documentElement.dataset.hasHydrated = 'true'</script><p>${title}</p>`
  );
}

describe('npm run page-weight', () => {
  let root: string;
  const light = `window.light = ${JSON.stringify('light '.repeat(2000))};\n`;
  // Random bytes do not compress: base64 of them is about 3/4 of its length gzip'd.
  const heavy = `window.heavy = "${randomBytes(Math.ceil(JS_BUDGET_BYTES * 1.1)).toString('base64')}";\n`;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'page-weight-cli-'));
    await mkdir(path.join(root, 'heavy'));
    await writeFile(path.join(root, 'light.js'), light);
    await writeFile(path.join(root, 'heavy.js'), heavy);
    await writeFile(path.join(root, 'index.html'), page('Home', 'light.js'));
    await writeFile(path.join(root, 'heavy', 'index.html'), page('Heavy', 'heavy.js'));
    await writeFile(
      path.join(root, 'sitemap.xml'),
      '<?xml version="1.0"?><urlset><url><loc>http://127.0.0.1:3000/</loc></url>' +
        '<url><loc>http://127.0.0.1:3000/heavy/</loc></url></urlset>',
    );
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('measures every page of the sitemap and fails on the one over the budget', async () => {
    const result = await runScript(
      'page-weight',
      PROJECT_DIR,
      ['--dir', root, '--format', 'json'],
      SITE,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      budgetBytes: number;
      pages: { page: string; jsBytes: number; overBytes: number }[];
    };
    expect(report.budgetBytes).toBe(JS_BUDGET_BYTES);
    expect(report.pages.map((entry) => [entry.page, entry.jsBytes])).toEqual([
      ['', gzipSize(light)],
      ['heavy/', gzipSize(heavy)],
    ]);
    expect(report.pages[0]?.overBytes).toBeLessThan(0);
    expect(report.pages[1]?.overBytes).toBe(gzipSize(heavy) - JS_BUDGET_BYTES);
  });

  test('measures the pages it is given, in a table', async () => {
    const result = await runScript('page-weight', PROJECT_DIR, ['--dir', root, '/'], SITE);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        `^/\\s+${gzipSize(light)}\\s+\\d+\\s+${JS_BUDGET_BYTES - gzipSize(light)} to spare$`,
        'm',
      ),
    );
    expect(result.stdout).not.toContain('heavy');
  });

  test('a folder without a built site is a set-up error', async () => {
    const result = await runScript(
      'page-weight',
      PROJECT_DIR,
      ['--dir', path.join(root, 'heavy', 'none')],
      SITE,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/holds no built site; run npm run build -- --no-pdf first/);
  });

  test('--bare takes no pages', async () => {
    const result = await runScript('page-weight', PROJECT_DIR, ['--bare', 'docs/intro'], SITE);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--bare measures the bare docs page only/);
  });
});
