import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pagesToMeasure } from '../../src/lib/page-weight';

const ROOT = 'https://example.org/guide/';

describe('the pages page-weight measures', () => {
  let built: string;

  beforeAll(async () => {
    built = await mkdtemp(path.join(tmpdir(), 'page-weight-pages-'));
    const locs = ['', 'docs/fork', 'errata/'].map((page) => `<url><loc>${ROOT}${page}</loc></url>`);
    await writeFile(path.join(built, 'sitemap.xml'), `<urlset>${locs.join('')}</urlset>`);
  });
  afterAll(async () => {
    await rm(built, { recursive: true, force: true });
  });

  test('are every page of the sitemap, relative to the site root, when none is named', async () => {
    expect(await pagesToMeasure(built, [], ROOT)).toEqual(['', 'docs/fork', 'errata/']);
  });

  test('are the ones named, with or without a leading slash', async () => {
    expect(await pagesToMeasure(built, ['/docs/fork', 'x'], ROOT)).toEqual(['docs/fork', 'x']);
  });
});
