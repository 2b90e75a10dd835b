import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser } from '@playwright/test';
import { gzipSize, measurePageWeight } from '../../src/lib/bench/page-weight';
import { CHROMIUM_ARGS, chromiumExecutable } from '../../src/lib/chromium';
import { startStaticServer, type RunningStaticServer } from '../../src/lib/static-server';

// Two scripts of known content: a small one, and one larger than the server's 64 KiB read
// chunks whose gzip stream comes in several HTTP chunks, so chunk framing would show.
const SCRIPT_A = `window.a = ${JSON.stringify('alpha '.repeat(400))};\n`;
const SCRIPT_B = Array.from(
  { length: 8000 },
  (_, i) => `window.b${i} = ${(i * 7919) % 10007};`,
).join('\n');

describe('page weight', () => {
  let root: string;
  let server: RunningStaticServer;
  let browser: Browser;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'page-weight-'));
    await writeFile(path.join(root, 'a.js'), SCRIPT_A);
    await writeFile(path.join(root, 'b.js'), SCRIPT_B);
    await writeFile(
      path.join(root, 'index.html'),
      '<!doctype html><title>scripts</title><script src="a.js"></script>' +
        '<script src="b.js"></script><p>two scripts</p>',
    );
    await writeFile(
      path.join(root, 'plain.html'),
      '<!doctype html><title>plain</title><p>no scripts here</p>',
    );
    await writeFile(path.join(root, 'favicon.ico'), '');
    server = await startStaticServer({ root, baseUrl: '/site/' });
    browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: [...CHROMIUM_ARGS],
    });
  });

  afterAll(async () => {
    await browser.close();
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  test('gzipSize is the length of the level-6 gzip stream', () => {
    expect(gzipSize('')).toBe(20);
    expect(gzipSize(SCRIPT_A)).toBeLessThan(SCRIPT_A.length / 10);
    expect(gzipSize(SCRIPT_A, 1)).toBeGreaterThanOrEqual(gzipSize(SCRIPT_A, 9));
  });

  test('jsBytes is the sum of the scripts as gzip-compressed on the wire', async () => {
    const weight = await measurePageWeight(`${server.url}index.html`, { browser });
    const scripts = weight.requests.filter((request) => request.type === 'script');
    expect(scripts.map((request) => new URL(request.url).pathname).sort()).toEqual([
      '/site/a.js',
      '/site/b.js',
    ]);
    expect(weight.jsBytes).toBe(gzipSize(SCRIPT_A) + gzipSize(SCRIPT_B));
    expect(weight.totalBytes).toBe(
      weight.requests.reduce((total, request) => total + request.transferBytes, 0),
    );
    expect(weight.totalBytes).toBeGreaterThan(weight.jsBytes);
    // What Chromium read off the connection also counts the chunk framing.
    for (const request of weight.requests) {
      expect(request.wireBytes).toBeGreaterThanOrEqual(request.transferBytes);
    }
  });

  test('a page without scripts has jsBytes 0', async () => {
    const weight = await measurePageWeight(`${server.url}plain.html`, { browser });
    expect(weight.jsBytes).toBe(0);
    expect(weight.requests.some((request) => request.type === 'document')).toBe(true);
  });

  test('launches and closes its own browser when given none', async () => {
    const weight = await measurePageWeight(`${server.url}plain.html`);
    expect(weight.jsBytes).toBe(0);
    expect(weight.totalBytes).toBeGreaterThan(0);
  });
});
