import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { sitemapPaths } from '../../src/lib/sitemap';
import { builtPagePaths, planSweep } from '../e2e/site-map';
import { writeTree } from '../support/file-tree';

const SITEMAP = (...paths: string[]): string =>
  `<?xml version="1.0"?><urlset>${paths.map((p) => `<url><loc>http://127.0.0.1:3000/${p}</loc></url>`).join('')}</urlset>`;

describe('sweep plan', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function build(files: string[], sitemap: string): Promise<string> {
    dir = await mkdtemp(path.join(tmpdir(), 'sweep-'));
    const pages = files.map((file) => [file, '<html></html>'] as const);
    writeTree(dir, { ...Object.fromEntries(pages), 'sitemap.xml': sitemap });
    return dir;
  }

  test('reads sitemap entries as paths below the base URL', () => {
    expect(sitemapPaths(SITEMAP('', 'guide/', 'usage-guide'), 'http://127.0.0.1:3000/')).toEqual([
      '',
      'guide/',
      'usage-guide',
    ]);
  });

  test('rejects a sitemap entry outside the site', () => {
    expect(() => sitemapPaths(SITEMAP('x'), 'http://127.0.0.1:3000/sub/')).toThrow(
      /outside the site/,
    );
  });

  test('maps built files to the paths a browser asks for', async () => {
    const root = await build(
      ['index.html', 'guide/index.html', 'usage-guide.html', '404.html'],
      SITEMAP(),
    );
    expect(await builtPagePaths(root)).toEqual(['', '404', 'guide/', 'usage-guide']);
  });

  test('adds the dogfood and 404 pages the sitemap leaves out on purpose', async () => {
    const root = await build(['index.html', 'dogfood/index.html', '404.html'], SITEMAP(''));
    const plan = await planSweep(root, 'http://127.0.0.1:3000/');
    expect(plan.paths).toEqual(['', '404', 'dogfood/']);
  });

  test('fails when a built page is missing from the sitemap by mistake', async () => {
    const root = await build(['index.html', 'guide/index.html'], SITEMAP(''));
    await expect(planSweep(root, 'http://127.0.0.1:3000/')).rejects.toThrow(
      /missing from the sitemap: guide\//,
    );
  });
});
