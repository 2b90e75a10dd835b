/**
 * An in-memory GitHub for tests of the issue sync and the upstream patch: one repository's issues,
 * labels, comments and timeline, its git data, forks and pull requests, behind the REST endpoints
 * the code calls, shaped like api.github.com where a client can tell (ETags and 304s that cost no
 * rate limit, Link pagination, rate-limit headers and errors, GitHub's error bodies). Every request
 * and every response is checked against GitHub's OpenAPI description (./contract); mismatches land
 * in `violations`, which tests expect empty.
 *
 * This module listens and dispatches; state/ keeps what the fake holds, routes/ answers each
 * operation, json/ shapes what GitHub returns, and test/support/http injects faults.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import {
  createFaultRules,
  createRequestLog,
  etagMatches,
  isConditional,
  listenLocally,
  retryAfterHeader,
  type FaultRules,
  type RequestLog,
} from '../http';
import { createControls } from './controls';
import { gate } from './gate';
import { DOCS, SECONDARY_DOCS, type Reply, type Route } from './replies';
import { createResponder, etagOf, type Exchange } from './respond';
import { createRoutes } from './routes';
import { createFakeState, REPOSITORY_ID, type FakeState } from './state';
import type { FakeFault, FakeGitHub, FakeGitHubOptions, FakeRequestLog } from './types';

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    request.on('error', reject);
  });
}

function parseJson(raw: Buffer): { body: unknown; unparsable: boolean } {
  if (raw.length === 0) return { body: undefined, unparsable: false };
  try {
    return { body: JSON.parse(raw.toString('utf8')) as unknown, unparsable: false };
  } catch {
    return { body: undefined, unparsable: true };
  }
}

/** An injected error status or secondary rate limit, with GitHub's body for it. */
function faultReply(fault: Exclude<FakeFault, { kind: 'reset' }>, requestId: string): Reply {
  if (fault.kind === 'status') {
    const message = fault.status === 503 ? 'Service Unavailable' : 'Server Error';
    const reply: Reply = { status: fault.status, body: { message, documentation_url: DOCS } };
    if (fault.retryAfter !== undefined)
      reply.headers = { 'retry-after': retryAfterHeader(fault.retryAfter) };
    return reply;
  }
  const message =
    'You have exceeded a secondary rate limit. Please wait a few minutes before you try ' +
    `again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`;
  return {
    status: fault.status,
    body: { message, documentation_url: SECONDARY_DOCS, status: String(fault.status) },
    headers: { 'retry-after': retryAfterHeader(fault.retryAfter) },
  };
}

/** A GET answered 304 when the client's validators still match: no body, no rate limit spent. */
function conditionalReply(incoming: IncomingMessage, method: string, reply: Reply): Reply {
  if (method !== 'GET' || reply.status !== 200 || reply.body === undefined) return reply;
  const etag = etagOf(JSON.stringify(reply.body));
  const ifNoneMatch = incoming.headers['if-none-match'];
  const ifModifiedSince = incoming.headers['if-modified-since'];
  const unchanged =
    ifNoneMatch !== undefined
      ? etagMatches(ifNoneMatch, etag)
      : ifModifiedSince !== undefined &&
        reply.lastModified !== undefined &&
        reply.lastModified <= Date.parse(ifModifiedSince);
  // A 304 keeps the validators but has no body, and costs no rate limit (respond.ts).
  return unchanged
    ? { status: 304, headers: { ...reply.headers, etag }, lastModified: reply.lastModified }
    : reply;
}

/** The path a request names, `/repositories/{id}` (GitHub's Link headers) read as `/repos/o/r`. */
function canonicalPath(state: FakeState, pathname: string): string {
  return pathname.replace(
    new RegExp(`^/repositories/${REPOSITORY_ID}(?=/|$)`),
    `/repos/${state.owner}/${state.repo}`,
  );
}

/** What one fake's request handling works with. */
interface ServerParts {
  state: FakeState;
  options: FakeGitHubOptions;
  routes: Record<string, Route>;
  log: RequestLog<FakeRequestLog>;
  faults: FaultRules<FakeFault>;
  fake: FakeGitHub;
  send: (exchange: Exchange, reply: Reply, counted: boolean) => void;
}

/** Logs, checks and answers one request. */
async function handle(
  server: ServerParts,
  incoming: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { state, options, routes, log, faults, fake, send } = server;
  const { contract } = options;
  const method = (incoming.method ?? 'GET').toUpperCase();
  const target = incoming.url ?? '/';
  const raw = await readBody(incoming);
  const entry: FakeRequestLog = {
    method,
    path: target,
    status: 0,
    conditional: isConditional(incoming.headers),
    write: WRITE_METHODS.has(method),
  };
  const arrival = log.arrive(entry);
  fake.onRequest?.({ method, path: target }, arrival);

  const url = new URL(target, 'http://fake.invalid');
  const path = canonicalPath(state, url.pathname);
  const { body, unparsable } = parseJson(raw);
  const check = contract.checkRequest({
    method,
    path,
    query: url.searchParams,
    headers: incoming.headers,
    body,
  });
  entry.operationId = check.operationId;
  fake.violations.push(...check.violations);
  if (unparsable) fake.violations.push(`${method} ${path}: body is not JSON`);
  const exchange: Exchange = {
    response,
    entry,
    requestId: `FAKE:${String(arrival).padStart(6, '0')}`,
    operationId: check.operationId,
  };

  const fault = faults.take(method, path);
  if (fault?.kind === 'reset') {
    incoming.socket.destroy();
    return;
  }
  if (fault !== undefined) {
    send(exchange, faultReply(fault, exchange.requestId), true);
    return;
  }
  const authorization = incoming.headers.authorization;
  const hasRoute = (operationId: string): boolean => Object.hasOwn(routes, operationId);
  const passed = gate(state, contract, options, hasRoute, {
    method,
    path,
    authorization,
    unparsable,
    check,
  });
  if (passed.refusal !== undefined) {
    send(exchange, passed.refusal, passed.counted);
    return;
  }
  const route = routes[check.operationId ?? ''];
  if (route === undefined) throw new Error(`no route for ${check.operationId ?? '?'}`);
  const reply = route({ method, path, query: url.searchParams, params: passed.params, body });
  send(exchange, conditionalReply(incoming, method, reply), check.operationId !== 'rate-limit/get');
}

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const state = createFakeState(options);
  const routes = createRoutes(state);
  const log = createRequestLog<FakeRequestLog>();
  const faults = createFaultRules<FakeFault>();
  const fake: FakeGitHub = {
    ...createControls(state),
    url: '',
    requests: log.entries,
    violations: [],
    onRequest: undefined,
    addFault(rule) {
      faults.add(rule);
    },
    exhaustRateLimit(resetInSeconds) {
      state.rate.exhaust(resetInSeconds);
    },
    resetLog() {
      log.clear(false);
    },
    close: () => Promise.resolve(),
  };
  const server: ServerParts = {
    state,
    options,
    routes,
    log,
    faults,
    fake,
    send: createResponder(state, options.contract, fake.violations, options.scopes),
  };

  const listening = await listenLocally((incoming, response) => {
    handle(server, incoming, response).catch((problem: unknown) => {
      const message = problem instanceof Error ? problem.message : String(problem);
      fake.violations.push(
        `fake GitHub failed on ${incoming.method ?? '?'} ${incoming.url ?? '?'}: ${message}`,
      );
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify({ message: 'Server Error', documentation_url: DOCS }));
      } else response.destroy();
    });
  });
  state.shapes.setOrigin(listening.origin);
  fake.url = listening.origin;
  fake.close = () => listening.close();
  return fake;
}
