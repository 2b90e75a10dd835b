import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startStaticServer, type RunningStaticServer } from '../../src/lib/static-server';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

// node:http rather than fetch: fetch would decompress and normalise the path for us.
function get(url: string, headers: Record<string, string> = {}, rawPath?: string): Promise<Reply> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.hostname, port: target.port, path: rawPath ?? target.pathname, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          });
        });
      },
    );
    req.once('error', reject);
    req.end();
  });
}

describe('static server', () => {
  let root: string;
  let server: RunningStaticServer;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'static-server-'));
    await mkdir(path.join(root, 'guide'));
    await writeFile(path.join(root, 'index.html'), '<h1>home</h1>');
    await writeFile(path.join(root, 'guide', 'index.html'), `<h1>guide</h1>${'x'.repeat(2000)}`);
    await writeFile(path.join(root, 'usage-guide.html'), '<h1>outline</h1>');
    await writeFile(path.join(root, '404.html'), '<h1>not here</h1>');
    await writeFile(path.join(root, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    server = await startStaticServer({ root, baseUrl: '/site/' });
  });

  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  test('listens on a free loopback port under the base URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/site\/$/);
    expect(server.port).toBeGreaterThan(0);
  });

  test('serves a folder index and a page without its .html, like a static host', async () => {
    expect((await get(`${server.url}guide/`)).body.toString()).toContain('guide');
    expect((await get(`${server.url}usage-guide`)).body.toString()).toContain('outline');
    expect((await get(`${server.url}guide`)).status).toBe(200);
  });

  test('compresses text with gzip when the client accepts it, and not images', async () => {
    const page = await get(`${server.url}guide/`, { 'accept-encoding': 'gzip, br' });
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(page.body).toString()).toContain('<h1>guide</h1>');
    expect(page.body.length).toBeLessThan(2000);
    const image = await get(`${server.url}logo.png`, { 'accept-encoding': 'gzip' });
    expect(image.headers['content-encoding']).toBeUndefined();
    expect(image.headers['content-type']).toBe('image/png');
  });

  test('answers a matching validator with 304', async () => {
    const first = await get(`${server.url}guide/`);
    const etag = first.headers.etag;
    expect(typeof etag).toBe('string');
    const second = await get(`${server.url}guide/`, { 'if-none-match': String(etag) });
    expect(second.status).toBe(304);
    expect(second.body.length).toBe(0);
  });

  test('serves the 404 page with status 404 for misses and for paths outside the base URL', async () => {
    const miss = await get(`${server.url}no-such-page`);
    expect(miss.status).toBe(404);
    expect(miss.body.toString()).toContain('not here');
    expect((await get(server.url.replace('/site/', '/elsewhere/'))).status).toBe(404);
  });

  test('never serves a file outside its folder', async () => {
    const escape = await get(server.url, {}, '/site/..%2f..%2f..%2fetc%2fpasswd');
    expect(escape.status).toBe(404);
    expect(escape.body.toString()).not.toContain('root:');
  });

  test('refuses to start without a built site, saying how to build it', async () => {
    await expect(startStaticServer({ root: path.join(root, 'missing') })).rejects.toThrow(
      /npm run build/,
    );
  });
});
