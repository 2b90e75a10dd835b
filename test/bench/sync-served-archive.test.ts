import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { serveArchiveInChildProcess } from '../../src/lib/bench/sync';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'served-archive-'));
  await mkdir(path.join(root, 'list', '201401'), { recursive: true });
  await writeFile(path.join(root, 'list', '201401', 'msg00000.html'), '<p>page</p>\n');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

test('the archive is served from another process, with validators, until close()', async () => {
  const server = await serveArchiveInChildProcess(root);
  const page = `${server.url}list/201401/msg00000.html`;
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/archives\/$/);
  const first = await fetch(page);
  expect(first.status).toBe(200);
  expect(await first.text()).toBe('<p>page</p>\n');
  const etag = first.headers.get('etag') ?? '';
  expect(etag).toMatch(/^"[0-9a-f]{40}"$/);
  const again = await fetch(page, { headers: { 'If-None-Match': etag } });
  expect(again.status).toBe(304);
  // The server's own CPU time, which a benchmark counts as its own: it grows, never shrinks.
  const [before, after] = [await server.cpuSeconds(), await server.cpuSeconds()];
  expect(before).toBeGreaterThan(0);
  expect(after).toBeGreaterThanOrEqual(before);
  expect((await fetch(`${server.url}list/201401/msg00001.html`)).status).toBe(404);
  await server.close();
  await expect(fetch(page)).rejects.toThrow();
  await expect(server.cpuSeconds()).rejects.toThrow('server process ended');
}, 30_000);

test('a folder that cannot be served is an error that names it', async () => {
  const missing = path.join(root, 'missing');
  await expect(serveArchiveInChildProcess(missing)).rejects.toThrow(
    `the archive server process failed: cannot serve ${missing}: not a folder`,
  );
}, 30_000);
