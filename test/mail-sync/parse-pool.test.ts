/**
 * The parse pool (src/lib/mail-sync/parse-pool.ts): a page parsed on a worker thread reads exactly
 * as the same page parsed inline, whether the worker is started under vitest (it registers tsx
 * itself) or under tsx as the CLIs run (it inherits the loader), and a crawl through the pool
 * leaves the same batches and state as an inline one.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ArchiveHttpClient, type PageLocation } from '../../src/lib/archive';
import { crawlArchive, emptyState, type CrawlTotals } from '../../src/lib/mail-sync';
import type { CrawlBatch } from '../../src/lib/mail-sync/crawl';
import { PageParser, parseInline } from '../../src/lib/mail-sync/parse-pool';
import { buildArchive, serveArchive, type ArchiveServer } from '../support/mhonarc';
import { COMMENT, scenarioMessages, TC } from './scenario';

const PROJECT_DIR = path.resolve(import.meta.dirname, '..', '..');
const FAST = { concurrency: 2, requestsPerSecond: Infinity, retries: 2, backoffMs: 5 };

let archiveDir: string;
let server: ArchiveServer;
let pages: { body: Buffer; location: PageLocation }[];

beforeAll(async () => {
  archiveDir = await mkdtemp(path.join(tmpdir(), 'parse-pool-'));
  await buildArchive(archiveDir, scenarioMessages());
  server = await serveArchive(archiveDir);
  const entries = await readdir(archiveDir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => /^msg\d+\.html$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  pages = await Promise.all(
    files.map(async (file) => {
      const [list = '', month = '', name = ''] = path.relative(archiveDir, file).split(path.sep);
      const number = Number(/\d+/.exec(name)?.[0]);
      const url = `${server.url}${list}/${month}/${name}`;
      return { body: await readFile(file), location: { list, month, number, url } };
    }),
  );
});
afterAll(async () => {
  await server.close();
  await rm(archiveDir, { recursive: true, force: true });
});

describe('pages parsed on worker threads', () => {
  test('read exactly as the same pages parsed inline (workers started under vitest)', async () => {
    expect(pages.length).toBeGreaterThan(10);
    const parser = new PageParser({ workers: 2, inlinePages: 0 });
    try {
      const pooled = await Promise.all(
        pages.map(({ body, location }) => parser.parse(body, 'text/html', location)),
      );
      const inline = pages.map(({ body, location }) => parseInline(body, 'text/html', location));
      expect(pooled.map((parsed) => parsed.page)).toEqual(inline.map((parsed) => parsed.page));
      for (const parsed of pooled) expect(parsed.parseMs).toBeGreaterThan(0);
    } finally {
      await parser.close();
    }
  });

  test('a charset declared in the Content-Type reaches the worker', async () => {
    const parser = new PageParser({ workers: 1, inlinePages: 0 });
    const page = pages[0];
    if (page === undefined) throw new Error('no page');
    try {
      const latin1 = 'text/html; charset=iso-8859-1';
      const pooled = await parser.parse(page.body, latin1, page.location);
      expect(pooled.page).toEqual(parseInline(page.body, latin1, page.location).page);
    } finally {
      await parser.close();
    }
  });

  test("a body that is a view into a larger buffer is parsed from its own bytes, and the buffer stays the caller's", async () => {
    const parser = new PageParser({ workers: 1, inlinePages: 0 });
    const page = pages[1];
    if (page === undefined) throw new Error('no page');
    const around = Buffer.from('<p>not this page</p>'.repeat(100));
    const shared = Buffer.concat([around, page.body, around]);
    const view = shared.subarray(around.length, around.length + page.body.length);
    try {
      const pooled = await parser.parse(view, 'text/html', page.location);
      expect(pooled.page).toEqual(parseInline(page.body, 'text/html', page.location).page);
      expect(shared.buffer.byteLength).toBeGreaterThanOrEqual(shared.length);
      expect(view.equals(page.body)).toBe(true);
    } finally {
      await parser.close();
    }
  });

  test('the worker entry loads under tsx, as the CLIs start it', async () => {
    const page = pages[0];
    if (page === undefined) throw new Error('no page');
    const pool = path.join(PROJECT_DIR, 'src', 'lib', 'mail-sync', 'parse-pool.ts');
    const loader = pathToFileURL(
      path.join(PROJECT_DIR, 'node_modules', 'tsx', 'dist', 'loader.mjs'),
    ).href;
    const code = `
      const { PageParser } = require(${JSON.stringify(pool)});
      const parser = new PageParser({ workers: 1, inlinePages: 0 });
      const body = require('node:fs').readFileSync(0);
      parser.parse(body, 'text/html', ${JSON.stringify(page.location)})
        .then((parsed) => { process.stdout.write(JSON.stringify(parsed.page)); return parser.close(); });
    `;
    const child = spawn(process.execPath, ['--import', loader, '-e', code], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end(page.body);
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code: exitCode, stderr }).toEqual({ code: 0, stderr: '' });
    const inline = parseInline(page.body, 'text/html', page.location).page;
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(inline)));
  });
});

describe('a crawl through the pool', () => {
  async function crawl(parsing: { workers: number; inlinePages: number }) {
    const state = emptyState(server.url);
    const batches: CrawlBatch[] = [];
    const totals: CrawlTotals = await crawlArchive({
      root: server.url,
      lists: [COMMENT, TC],
      commentLists: new Set([COMMENT]),
      client: new ArchiveHttpClient(FAST),
      state,
      onBatch: (batch) => {
        batches.push(batch);
        return Promise.resolve();
      },
      warn: (message) => {
        throw new Error(message);
      },
      parsing,
    });
    return { state, batches, totals };
  }

  test('reads the same pages, in the same order, into the same state as an inline crawl', async () => {
    const inline = await crawl({ workers: 0, inlinePages: 0 });
    // The first pages inline, then two workers: both paths in one crawl.
    const pooled = await crawl({ workers: 2, inlinePages: 3 });
    expect(inline.totals.pagesRead).toBe(pages.length);
    expect(pooled.batches).toEqual(inline.batches);
    expect(pooled.state).toEqual(inline.state);
    expect({ ...pooled.totals, parseMs: 0 }).toEqual({ ...inline.totals, parseMs: 0 });
  });
});
