/**
 * Serves an archive folder the way a plain web server serves the OASIS archives, for sync tests:
 * strong ETags and Last-Modified with 304 answers, 404 for anything missing or hidden, and faults
 * a test can inject per path (resets, error statuses with Retry-After, truncated bodies, slow and
 * hanging answers). Every request is logged, faulted or not, in arrival order.
 */
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export type Fault =
  /** Destroys the socket before any response. */
  | { kind: 'reset' }
  /** Answers with this status, e.g. 500, or 429/503 with Retry-After (seconds or an HTTP-date). */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** Sends the headers with the full Content-Length and half the body, then destroys the socket. */
  | { kind: 'truncate' }
  /** Answers normally after `ms`: a slow server, timed on the server side. */
  | { kind: 'delay'; ms: number }
  /** Never answers (until close()). */
  | { kind: 'hang' };

export interface FaultRule {
  /**
   * A string matches the URL path exactly, either in full (`/archives/list/201505/maillist.html`)
   * or relative to the archive root (`list/201505/maillist.html`); a RegExp is tested on the full
   * path.
   */
  path: string | RegExp;
  fault: Fault;
  /** How many matching requests get the fault; Infinity for all. */
  times: number;
}

export interface ServedRequest {
  method: string;
  /** The URL path, without the query. */
  path: string;
  /** The status sent; 0 when no response was sent (reset, hang). */
  status: number;
  /** The request carried If-None-Match or If-Modified-Since. */
  conditional: boolean;
  /** Body bytes sent. */
  bodyBytes: number;
  fault?: Fault['kind'];
}

export interface ArchiveServer {
  /** 'http://127.0.0.1:<port>/archives/': the URL of the archive root. */
  url: string;
  requests: ServedRequest[];
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  resetLog(): void;
  /** Called as each request arrives, before it is answered (crash tests kill a client here). */
  onRequest: ((request: ServedRequest, arrivals: number) => void) | undefined;
  /** Stops the server and ends every open request, hanging ones included. */
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Send ETag and answer If-None-Match; default true. */
  etag?: boolean;
  /** Send Last-Modified and answer If-Modified-Since; default true. */
  lastModified?: boolean;
}

const PREFIX = '/archives/';

/**
 * MHonArc 2.6 writes non-ASCII text as character references and its pages declare no charset
 * (only raw 8-bit header bytes pass through as they are), so HTML is sent without one, as a
 * server with no charset configured would.
 */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.txt': 'text/plain',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.zip': 'application/zip',
  '.xml': 'application/xml',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

interface ActiveRule {
  path: string | RegExp;
  fault: Fault;
  remaining: number;
}

function ruleMatches(rule: ActiveRule, urlPath: string): boolean {
  if (rule.path instanceof RegExp) {
    // A global or sticky RegExp keeps state between tests; reset it so every request is tested fresh.
    rule.path.lastIndex = 0;
    return rule.path.test(urlPath);
  }
  return rule.path === urlPath || PREFIX + rule.path.replace(/^\/+/, '') === urlPath;
}

type Resolved =
  { kind: 'file'; file: string } | { kind: 'redirect'; location: string } | { kind: 'missing' };

/** Maps a URL path to a file below the root; dot files, `..` and anything odd are missing. */
async function resolvePath(root: string, urlPath: string): Promise<Resolved> {
  if (urlPath === '/archives') return { kind: 'redirect', location: PREFIX };
  if (!urlPath.startsWith(PREFIX)) return { kind: 'missing' };
  const segments: string[] = [];
  for (const raw of urlPath.slice(PREFIX.length).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { kind: 'missing' };
    }
    // Hidden files (.mhonarc.db, lock files), parent references and encoded separators.
    if (segment.startsWith('.') || /[/\\\0]/.test(segment)) return { kind: 'missing' };
    segments.push(segment);
  }
  const wantsFolder = segments.at(-1) === '';
  const parts = segments.filter((segment) => segment !== '');
  const target = path.join(root, ...parts);
  let info;
  try {
    info = await stat(target);
  } catch {
    return { kind: 'missing' };
  }
  let file = target;
  if (info.isDirectory()) {
    if (!wantsFolder) return { kind: 'redirect', location: `${urlPath}/` };
    file = path.join(target, 'index.html');
  } else if (wantsFolder) {
    return { kind: 'missing' };
  }
  try {
    // A symbolic link must not lead out of the archive.
    const real = await realpath(file);
    if (!real.startsWith(root + path.sep)) return { kind: 'missing' };
    if (!(await stat(real)).isFile()) return { kind: 'missing' };
    return { kind: 'file', file: real };
  } catch {
    return { kind: 'missing' };
  }
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2). */
function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === opaque);
}

export async function serveArchive(
  root: string,
  options: ServeOptions = {},
): Promise<ArchiveServer> {
  const sendEtag = options.etag ?? true;
  const sendLastModified = options.lastModified ?? true;
  const rootInfo = await stat(root).catch(() => undefined);
  if (!rootInfo?.isDirectory()) throw new Error(`cannot serve ${root}: not a folder`);
  const realRoot = await realpath(root);

  const requests: ServedRequest[] = [];
  let arrivals = 0;
  let rules: ActiveRule[] = [];
  const timers = new Set<NodeJS.Timeout>();

  function takeFault(urlPath: string): Fault | undefined {
    const rule = rules.find(
      (candidate) => candidate.remaining > 0 && ruleMatches(candidate, urlPath),
    );
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    return rule.fault;
  }

  function finish(
    response: ServerResponse,
    entry: ServedRequest,
    status: number,
    headers: OutgoingHttpHeaders,
    body: Buffer,
    sendBody: boolean,
  ): void {
    entry.status = status;
    response.writeHead(status, { ...headers, 'Content-Length': body.length });
    if (sendBody) {
      entry.bodyBytes = body.length;
      response.end(body);
    } else {
      response.end();
    }
  }

  function sendText(
    request: IncomingMessage,
    response: ServerResponse,
    entry: ServedRequest,
    status: number,
    headers: OutgoingHttpHeaders = {},
  ): void {
    const body = Buffer.from(`${String(status)} ${STATUS_CODES[status] ?? 'Status'}\n`);
    const all = { 'Content-Type': 'text/plain; charset=utf-8', ...headers };
    finish(response, entry, status, all, body, request.method !== 'HEAD');
  }

  async function serveFile(
    request: IncomingMessage,
    response: ServerResponse,
    entry: ServedRequest,
    truncate: boolean,
  ): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendText(request, response, entry, 405, { Allow: 'GET, HEAD' });
      return;
    }
    const resolved = await resolvePath(realRoot, entry.path);
    if (resolved.kind === 'redirect') {
      sendText(request, response, entry, 301, { Location: resolved.location });
      return;
    }
    if (resolved.kind === 'missing') {
      sendText(request, response, entry, 404);
      return;
    }
    const [body, info] = await Promise.all([readFile(resolved.file), stat(resolved.file)]);
    // From the bytes, not the file times: a page MHonArc rewrote unchanged keeps its ETag.
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    // HTTP dates have whole seconds; comparisons below use the same precision.
    const modifiedSeconds = Math.floor(info.mtimeMs / 1000);
    const headers: OutgoingHttpHeaders = { 'Content-Type': contentTypeOf(resolved.file) };
    if (sendEtag) headers.ETag = etag;
    if (sendLastModified) headers['Last-Modified'] = new Date(modifiedSeconds * 1000).toUTCString();

    const ifNoneMatch = request.headers['if-none-match'];
    const ifModifiedSince = request.headers['if-modified-since'];
    let notModified = false;
    // RFC 9110 §13.2.2: If-Modified-Since counts only when If-None-Match is absent.
    if (ifNoneMatch !== undefined) {
      notModified = sendEtag && etagMatches(ifNoneMatch, etag);
    } else if (ifModifiedSince !== undefined && sendLastModified) {
      const since = Date.parse(ifModifiedSince);
      notModified = !Number.isNaN(since) && modifiedSeconds * 1000 <= since;
    }
    if (notModified) {
      entry.status = 304;
      const { ETag, 'Last-Modified': lastModified } = headers;
      const validators: OutgoingHttpHeaders = {};
      if (ETag !== undefined) validators.ETag = ETag;
      if (lastModified !== undefined) validators['Last-Modified'] = lastModified;
      response.writeHead(304, validators).end();
      return;
    }
    if (truncate && request.method === 'GET') {
      entry.status = 200;
      const half = body.subarray(0, Math.floor(body.length / 2));
      entry.bodyBytes = half.length;
      response.writeHead(200, { ...headers, 'Content-Length': body.length });
      response.write(half, () => response.destroy());
      return;
    }
    if (truncate) {
      // A HEAD answer has no body to cut short, so the connection is cut after the headers.
      entry.status = 200;
      response.writeHead(200, { ...headers, 'Content-Length': body.length });
      response.flushHeaders();
      response.destroy();
      return;
    }
    finish(response, entry, 200, headers, body, request.method === 'GET');
  }

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const urlPath = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const entry: ServedRequest = {
      method: request.method ?? 'GET',
      path: urlPath,
      status: 0,
      conditional:
        request.headers['if-none-match'] !== undefined ||
        request.headers['if-modified-since'] !== undefined,
      bodyBytes: 0,
    };
    requests.push(entry);
    arrivals += 1;
    api.onRequest?.(entry, arrivals);
    const serve = (truncate: boolean): void => {
      // A file that vanished between stat and read, say; the client sees a 500 or a cut answer.
      serveFile(request, response, entry, truncate).catch(() => {
        if (response.headersSent) response.destroy();
        else sendText(request, response, entry, 500);
      });
    };

    const fault = takeFault(urlPath);
    if (fault === undefined) {
      serve(false);
      return;
    }
    entry.fault = fault.kind;
    switch (fault.kind) {
      case 'reset':
        request.socket.destroy();
        return;
      case 'status': {
        const headers: OutgoingHttpHeaders = {};
        if (fault.retryAfter !== undefined) headers['Retry-After'] = fault.retryAfter;
        sendText(request, response, entry, fault.status, headers);
        return;
      }
      case 'truncate':
        serve(true);
        return;
      case 'delay': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          serve(false);
        }, fault.ms);
        timers.add(timer);
        return;
      }
      case 'hang':
        // Left open on purpose; close() ends it with the connection.
        return;
    }
  }

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  const api: ArchiveServer = {
    url: `http://127.0.0.1:${port}${PREFIX}`,
    requests,
    onRequest: undefined,
    addFault(rule: FaultRule): void {
      rules.push({ path: rule.path, fault: rule.fault, remaining: rule.times });
    },
    clearFaults(): void {
      rules = [];
    },
    resetLog(): void {
      requests.length = 0;
      arrivals = 0;
    },
    async close(): Promise<void> {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      });
      server.closeAllConnections();
      await closed;
    },
  };
  return api;
}
