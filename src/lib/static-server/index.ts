/**
 * A small static file server for the built site, shaped like a real static host: the site lives
 * under its `baseUrl`, directories serve their `index.html`, text is gzip-compressed (level 6,
 * the common default of nginx and CDNs), validators answer 304, and misses get `404.html`.
 * The browser tests, `npm run serve` and the site benchmarks all use it, so what is tested is
 * what is served.
 *
 * Ours rather than serve-handler (what `docusaurus serve` runs) or sirv, because neither keeps
 * what the tests rely on: neither compresses (serve-handler not at all, sirv only serves
 * precompressed `.gz` siblings, per its README); serve-handler sends either a SHA-1 ETag (reading
 * every file) or Last-Modified, never both, answers a path escaping the root with 400 instead of
 * our 404.html, and knows no base URL (Docusaurus rewrites `req.url` around it).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { constants as zlibConstants, createGzip } from 'node:zlib';
import { contentTypeFor, isCompressible } from './content-types';

export interface StaticServerOptions {
  /** Folder to serve, e.g. `build/`. */
  root: string;
  /** Path prefix the site is served under; starts and ends with `/`. Default `/`. */
  baseUrl?: string;
  /** Address to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 picks a free one. Default 0. */
  port?: number;
  /** gzip level for compressible responses; 0 turns compression off. Default 6. */
  gzipLevel?: number;
}

export interface RunningStaticServer {
  /** Origin plus base URL, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

interface ResolvedFile {
  file: string;
  size: number;
  mtimeMs: number;
}

async function fileAt(candidate: string): Promise<ResolvedFile | undefined> {
  try {
    const info = await stat(candidate);
    return info.isFile() ? { file: candidate, size: info.size, mtimeMs: info.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

/** Maps a URL path below the base URL to a file, the way static hosts do for Docusaurus output. */
export async function resolveSitePath(
  root: string,
  sitePath: string,
): Promise<ResolvedFile | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(sitePath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const absoluteRoot = path.resolve(root);
  const target = path.resolve(absoluteRoot, `.${path.posix.normalize(`/${decoded}`)}`);
  if (target !== absoluteRoot && !target.startsWith(absoluteRoot + path.sep)) return undefined;
  const candidates = decoded.endsWith('/')
    ? [path.join(target, 'index.html')]
    : [target, `${target}.html`, path.join(target, 'index.html')];
  for (const candidate of candidates) {
    const found = await fileAt(candidate);
    if (found) return found;
  }
  return undefined;
}

function etagOf(file: ResolvedFile): string {
  return `W/"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`;
}

async function send(
  request: IncomingMessage,
  response: ServerResponse,
  file: ResolvedFile,
  status: number,
  gzipLevel: number,
): Promise<void> {
  const type = contentTypeFor(file.file);
  const etag = etagOf(file);
  response.setHeader('Content-Type', type);
  response.setHeader('ETag', etag);
  response.setHeader('Last-Modified', new Date(file.mtimeMs).toUTCString());
  response.setHeader('Vary', 'Accept-Encoding');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  if (status === 200 && request.headers['if-none-match'] === etag) {
    response.writeHead(304).end();
    return;
  }
  const acceptsGzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
  const compress = gzipLevel > 0 && acceptsGzip && isCompressible(type);
  if (compress) response.setHeader('Content-Encoding', 'gzip');
  else response.setHeader('Content-Length', file.size);
  response.writeHead(status);
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const source = createReadStream(file.file);
  if (compress) {
    await pipeline(
      source,
      createGzip({ level: gzipLevel, flush: zlibConstants.Z_NO_FLUSH }),
      response,
    );
  } else {
    await pipeline(source, response);
  }
}

/** Starts the server; resolves once it listens. */
export async function startStaticServer(
  options: StaticServerOptions,
): Promise<RunningStaticServer> {
  const baseUrl = options.baseUrl ?? '/';
  if (!baseUrl.startsWith('/') || !baseUrl.endsWith('/')) {
    throw new Error(`baseUrl must start and end with "/", got ${JSON.stringify(baseUrl)}`);
  }
  const root = options.root;
  const rootInfo = await stat(root).catch(() => undefined);
  if (!rootInfo?.isDirectory()) {
    throw new Error(
      `Nothing to serve: ${root} is not a folder. Build the site first (npm run build).`,
    );
  }
  const gzipLevel = options.gzipLevel ?? 6;

  const server = createServer((request, response) => {
    void (async () => {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const { pathname } = new URL(request.url ?? '/', 'http://localhost');
      if (pathname === baseUrl.slice(0, -1)) {
        response.writeHead(301, { Location: baseUrl }).end();
        return;
      }
      const found = pathname.startsWith(baseUrl)
        ? await resolveSitePath(root, pathname.slice(baseUrl.length - 1))
        : undefined;
      if (found) {
        await send(request, response, found, 200, gzipLevel);
        return;
      }
      const notFound = await fileAt(path.join(root, '404.html'));
      if (notFound) await send(request, response, notFound, 404, gzipLevel);
      else response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    })().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end();
      // A client that goes away mid-response is normal; anything else is worth seeing.
      if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE')
        console.error(error);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}${baseUrl}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}
