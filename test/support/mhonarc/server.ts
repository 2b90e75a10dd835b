/**
 * Serves an archive folder the way a plain web server serves the OASIS archives, for sync tests:
 * strong ETags and Last-Modified with 304 answers, 404 for anything missing or hidden, and faults
 * a test can inject per path (resets, error statuses with Retry-After, truncated bodies, slow and
 * hanging answers). Every request is logged, faulted or not, in arrival order.
 */
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import {
  STATUS_CODES,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import path from 'node:path';

import {
  createFaultRules,
  createRequestLog,
  etagMatches,
  isConditional,
  listenLocally,
  retryAfterHeader,
  type FaultRule,
  type HttpFault,
  type FaultRules,
  type Listening,
  type LoggedRequest,
  type OnRequest,
  type RequestLog,
} from '../http';

/** The faults of test/support/http, all of them. */
export type Fault = HttpFault;

export type { FaultRule };

export interface ServedRequest extends LoggedRequest {
  /** The URL path, without the query. */
  path: string;
  /** Body bytes sent. */
  bodyBytes: number;
  fault?: Fault['kind'];
}

export interface ArchiveServer {
  /** 'http://127.0.0.1:<port>/archives/': the URL of the archive root. */
  url: string;
  requests: ServedRequest[];
  /**
   * A string path matches the URL path exactly, either in full
   * (`/archives/list/201505/maillist.html`) or relative to the archive root
   * (`list/201505/maillist.html`); a RegExp is tested on the full path.
   */
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Empties `requests`; the next request counts as arrival 1 again. */
  resetLog(): void;
  /** Called as each request arrives, before it is answered (crash tests kill a client here). */
  onRequest: OnRequest<ServedRequest>;
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

/** Where the archive is and which validators it sends. */
interface Site {
  realRoot: string;
  sendEtag: boolean;
  sendLastModified: boolean;
}

/** Answers with the file the path names, its validators, or a 304; `truncate` cuts it short. */
async function serveFile(
  site: Site,
  request: IncomingMessage,
  response: ServerResponse,
  entry: ServedRequest,
  truncate: boolean,
): Promise<void> {
  const { realRoot, sendEtag, sendLastModified } = site;
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

/** Logs a request, then answers it, or applies the fault a rule has for it. */
function handle(
  server: { site: Site; log: RequestLog<ServedRequest>; faults: FaultRules<Fault> },
  listening: Listening,
  onRequest: OnRequest<ServedRequest>,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const { site, log, faults } = server;
  const urlPath = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  const entry: ServedRequest = {
    method: request.method ?? 'GET',
    path: urlPath,
    status: 0,
    conditional: isConditional(request.headers),
    bodyBytes: 0,
  };
  const arrival = log.arrive(entry);
  onRequest?.(entry, arrival);
  const serve = (truncate: boolean): void => {
    // A file that vanished between stat and read, say; the client sees a 500 or a cut answer.
    serveFile(site, request, response, entry, truncate).catch(() => {
      if (response.headersSent) response.destroy();
      else sendText(request, response, entry, 500);
    });
  };

  const fault = faults.take(entry.method.toUpperCase(), urlPath);
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
      if (fault.retryAfter !== undefined)
        headers['Retry-After'] = retryAfterHeader(fault.retryAfter);
      sendText(request, response, entry, fault.status, headers);
      return;
    }
    case 'truncate':
      serve(true);
      return;
    case 'delay':
      listening.later(fault.ms, () => {
        serve(false);
      });
      return;
    case 'hang':
      // Left open on purpose; close() ends it with the connection.
      return;
  }
}

export async function serveArchive(
  root: string,
  options: ServeOptions = {},
): Promise<ArchiveServer> {
  const rootInfo = await stat(root).catch(() => undefined);
  if (!rootInfo?.isDirectory()) throw new Error(`cannot serve ${root}: not a folder`);
  const site: Site = {
    realRoot: await realpath(root),
    sendEtag: options.etag ?? true,
    sendLastModified: options.lastModified ?? true,
  };

  const log = createRequestLog<ServedRequest>();
  const faults = createFaultRules<Fault>((rulePath) => PREFIX + rulePath.replace(/^\/+/, ''));

  const listening: Listening = await listenLocally((request, response) => {
    handle({ site, log, faults }, listening, api.onRequest, request, response);
  });
  const api: ArchiveServer = {
    url: `${listening.origin}${PREFIX}`,
    requests: log.entries,
    onRequest: undefined,
    addFault: (rule) => {
      faults.add(rule);
    },
    clearFaults: () => {
      faults.clear();
    },
    resetLog: () => {
      log.clear(true);
    },
    close: () => listening.close(),
  };
  return api;
}
