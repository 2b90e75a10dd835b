import { once } from 'node:events';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ArchiveHttpClient,
  FetchError,
  type ClientEvent,
  type ClientOptions,
} from '../../src/lib/archive/http-client';

type ScriptedHandler = (request: IncomingMessage, response: ServerResponse, index: number) => void;

interface SeenRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** performance.now() on arrival: the server's own clock for timing assertions. */
  at: number;
}

interface TestServer {
  server: Server;
  seen: SeenRequest[];
  url: (path: string) => string;
  /** Resolves when the server has received its `count`th request. */
  received: (count: number) => Promise<void>;
}

const servers: Server[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          // Hanging responses would keep close() waiting; cut them off.
          server.closeAllConnections();
          server.close(() => {
            resolve();
          });
        }),
    ),
  );
});

/** A loopback server whose handler is told the arrival index, so each request can be scripted. */
async function startServer(handler: ScriptedHandler): Promise<TestServer> {
  const seen: SeenRequest[] = [];
  const server = createServer((request, response) => {
    const index = seen.length;
    seen.push({ path: request.url ?? '', headers: request.headers, at: performance.now() });
    handler(request, response, index);
    server.emit('scripted-request');
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    server,
    seen,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received: async (count) => {
      while (seen.length < count) await once(server, 'scripted-request');
    },
  };
}

/** Fast defaults for tests; a fixed random of 0.5 makes the jitter zero and delays exact. */
function makeClient(options: ClientOptions = {}): {
  client: ArchiveHttpClient;
  events: ClientEvent[];
} {
  const events: ClientEvent[] = [];
  const client = new ArchiveHttpClient({
    requestsPerSecond: Infinity,
    backoffMs: 10,
    timeoutMs: 5_000,
    random: () => 0.5,
    ...options,
    onEvent: (event) => {
      events.push(event);
      options.onEvent?.(event);
    },
  });
  return { client, events };
}

function retriesOf(events: ClientEvent[]): Extract<ClientEvent, { kind: 'retry' }>[] {
  return events.filter((event) => event.kind === 'retry');
}

async function fetchError(promise: Promise<unknown>): Promise<FetchError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

/** A small deterministic generator, so jitter is exercised without flaky numbers. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('ArchiveHttpClient', () => {
  it('returns a 200 body with its validators and content type', async () => {
    const { url, seen } = await startServer((_request, response) => {
      response.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        ETag: '"abc"',
        'Last-Modified': 'Tue, 01 Oct 2024 10:00:00 GMT',
      });
      response.end('<h1>msg00001</h1>');
    });
    const { client, events } = makeClient();

    const result = await client.get(url('/list/202410/msg00001.html'));

    expect(result).toEqual({
      status: 200,
      url: url('/list/202410/msg00001.html'),
      body: Buffer.from('<h1>msg00001</h1>'),
      contentType: 'text/html; charset=utf-8',
      validators: { etag: '"abc"', lastModified: 'Tue, 01 Oct 2024 10:00:00 GMT' },
    });
    expect(seen[0]?.headers['user-agent']).toBe('pkcs11-usage-guide-fork archive sync');
    expect(seen[0]?.headers['if-none-match']).toBeUndefined();
    expect(client.stats).toEqual({
      requests: 1,
      notModified: 0,
      bodies: 1,
      bodyBytes: 17,
      retries: 0,
    });
    expect(events.map((event) => event.kind)).toEqual(['request', 'response']);
    expect(events[1]).toMatchObject({ kind: 'response', status: 200, bytes: 17 });
  });

  it('sends both validators and reports 304 as not modified', async () => {
    const { url, seen } = await startServer((_request, response) => {
      response.writeHead(304, { ETag: '"abc"' });
      response.end();
    });
    const { client } = makeClient();

    const result = await client.get(url('/a.html'), {
      etag: '"abc"',
      lastModified: 'Tue, 01 Oct 2024 10:00:00 GMT',
    });

    expect(result).toEqual({ status: 304, url: url('/a.html') });
    expect(seen[0]?.headers['if-none-match']).toBe('"abc"');
    expect(seen[0]?.headers['if-modified-since']).toBe('Tue, 01 Oct 2024 10:00:00 GMT');
    expect(client.stats.notModified).toBe(1);
    expect(client.stats.bodies).toBe(0);
  });

  it('asks for gzip, decompresses it and counts the compressed bytes', async () => {
    const html = `<html>${'<p>archived message</p>'.repeat(200)}</html>`;
    const compressed = gzipSync(html);
    const { url, seen } = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Length': compressed.length });
      response.end(compressed);
    });
    const { client } = makeClient();

    const result = await client.get(url('/big.html'));

    expect(seen[0]?.headers['accept-encoding']).toBe('gzip');
    expect(result.status).toBe(200);
    expect(result.status === 200 && result.body.toString()).toBe(html);
    expect(client.stats.bodyBytes).toBe(compressed.length);
    expect(compressed.length).toBeLessThan(html.length);
  });

  it('returns 404 and 410 as results, not errors', async () => {
    const { url } = await startServer((request, response) => {
      response.writeHead(request.url === '/gone' ? 410 : 404);
      response.end('not here');
    });
    const { client } = makeClient();

    await expect(client.get(url('/missing'))).resolves.toEqual({
      status: 404,
      url: url('/missing'),
    });
    await expect(client.get(url('/gone'))).resolves.toEqual({ status: 410, url: url('/gone') });
    expect(client.stats.retries).toBe(0);
  });

  it('fails other 4xx at once, with the status', async () => {
    const { url, seen } = await startServer((_request, response) => {
      response.writeHead(403);
      response.end('forbidden');
    });
    const { client } = makeClient({ retries: 3 });

    const error = await fetchError(client.get(url('/private')));

    expect(error.status).toBe(403);
    expect(error.attempts).toBe(1);
    expect(error.message).toContain(url('/private'));
    expect(error.message).toContain('HTTP 403');
    expect(seen).toHaveLength(1);
  });

  it('retries after a connection reset', async () => {
    const { url, seen } = await startServer((request, response, index) => {
      if (index === 0) {
        request.socket.destroy();
        return;
      }
      response.end('ok');
    });
    const { client, events } = makeClient();

    const result = await client.get(url('/reset'));

    expect(result.status).toBe(200);
    expect(seen).toHaveLength(2);
    const retries = retriesOf(events);
    expect(retries).toHaveLength(1);
    expect(retries[0]?.reason).toMatch(/socket hang up|ECONNRESET/);
    expect(retries[0]?.attempt).toBe(1);
  });

  it('retries a refused connection and then names the error and the attempts', async () => {
    const { server, url } = await startServer(() => undefined);
    const address = url('/x');
    server.close();
    await once(server, 'close');
    const { client } = makeClient({ retries: 1 });

    const error = await fetchError(client.get(address));

    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('after 2 attempts');
    expect(error.attempts).toBe(2);
  });

  it('retries 500 twice with exponential backoff, then returns the 200', async () => {
    const { url, seen } = await startServer((_request, response, index) => {
      response.writeHead(index < 2 ? 500 : 200);
      response.end(index < 2 ? 'oops' : 'fine');
    });
    const { client, events } = makeClient();

    const result = await client.get(url('/flaky'));

    expect(result.status === 200 && result.body.toString()).toBe('fine');
    expect(seen).toHaveLength(3);
    expect(retriesOf(events).map((event) => [event.attempt, event.delayMs, event.reason])).toEqual([
      [1, 10, 'HTTP 500'],
      [2, 20, 'HTTP 500'],
    ]);
    expect(client.stats).toMatchObject({ requests: 3, retries: 2, bodies: 1 });
  });

  it('keeps backoff jitter within a quarter of each exponential step', async () => {
    const { url } = await startServer((_request, response, index) => {
      response.writeHead(index < 4 ? 502 : 200);
      response.end();
    });
    const { client, events } = makeClient({ backoffMs: 8, random: seededRandom(42) });

    await client.get(url('/jitter'));

    const delays = retriesOf(events).map((event) => event.delayMs);
    expect(delays).toHaveLength(4);
    delays.forEach((delay, index) => {
      const step = 8 * 2 ** index;
      expect(delay).toBeGreaterThanOrEqual(Math.floor(step * 0.75));
      expect(delay).toBeLessThanOrEqual(Math.ceil(step * 1.25));
    });
    // A constant generator would give exactly the steps; the seeded one must not.
    expect(delays).not.toEqual([8, 16, 32, 64]);
  });

  it('waits for Retry-After in seconds on 429', async () => {
    const { url, seen } = await startServer((_request, response, index) => {
      if (index === 0) {
        response.writeHead(429, { 'Retry-After': '1' });
        response.end();
        return;
      }
      response.end('ok');
    });
    const { client, events } = makeClient();

    const result = await client.get(url('/busy'));

    expect(result.status).toBe(200);
    expect(retriesOf(events)[0]).toMatchObject({ delayMs: 1000, reason: 'HTTP 429' });
    const [first, second] = seen;
    expect(first && second && second.at - first.at).toBeGreaterThanOrEqual(990);
  });

  it('waits until a Retry-After HTTP-date on 503', async () => {
    const { url, seen } = await startServer((_request, response, index) => {
      if (index === 0) {
        // HTTP-dates have whole seconds, so this asks for a wait of between 0.5 and 1.5 s.
        response.writeHead(503, { 'Retry-After': new Date(Date.now() + 1500).toUTCString() });
        response.end();
        return;
      }
      response.end('ok');
    });
    const { client, events } = makeClient();

    await client.get(url('/maintenance'));

    const delayMs = retriesOf(events)[0]?.delayMs ?? 0;
    expect(delayMs).toBeGreaterThan(400);
    expect(delayMs).toBeLessThanOrEqual(1500);
    const [first, second] = seen;
    expect(first && second && second.at - first.at).toBeGreaterThanOrEqual(delayMs - 10);
  });

  it('fails at once when Retry-After is longer than maxRetryAfterMs', async () => {
    const { url, seen } = await startServer((_request, response) => {
      response.writeHead(503, { 'Retry-After': '3600' });
      response.end();
    });
    const { client, events } = makeClient({ maxRetryAfterMs: 60_000 });

    const error = await fetchError(client.get(url('/down')));

    expect(error.message).toMatch(/asked to wait 3600 s/);
    expect(error.status).toBe(503);
    expect(error.attempts).toBe(1);
    expect(seen).toHaveLength(1);
    expect(retriesOf(events)).toHaveLength(0);
  });

  it('retries a truncated body and fails once the retries are spent', async () => {
    const { url, seen } = await startServer((request, response) => {
      response.writeHead(200, { 'Content-Length': 1000 });
      // Flush half the body, then drop the connection mid-response.
      response.write(Buffer.alloc(500, 'x'), () => {
        request.socket.destroy();
      });
    });
    const { client, events } = makeClient({ retries: 2 });

    const error = await fetchError(client.get(url('/cut')));

    expect(seen).toHaveLength(3);
    expect(error.message).toMatch(/truncated/);
    expect(error.message).toContain('after 3 attempts');
    expect(error.message).toContain(url('/cut'));
    expect(retriesOf(events)).toHaveLength(2);
    expect(client.stats.bodies).toBe(0);
  });

  it('retries a corrupt gzip body', async () => {
    const { url, seen } = await startServer((_request, response, index) => {
      const body = index === 0 ? Buffer.from('definitely not gzip') : gzipSync('fixed');
      response.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Length': body.length });
      response.end(body);
    });
    const { client, events } = makeClient();

    const result = await client.get(url('/corrupt'));

    expect(result.status === 200 && result.body.toString()).toBe('fixed');
    expect(seen).toHaveLength(2);
    expect(retriesOf(events)[0]?.reason).toMatch(/gzip/);
  });

  it('times out a server that never answers, after the retries', async () => {
    const { url, seen } = await startServer(() => undefined);
    const { client, events } = makeClient({ timeoutMs: 200, retries: 2 });

    const error = await fetchError(client.get(url('/silent')));

    expect(error.message).toMatch(/timed out after 200 ms/);
    expect(error.message).toContain('after 3 attempts');
    expect(seen).toHaveLength(3);
    expect(retriesOf(events)).toHaveLength(2);
  });

  it('never has more than `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const { url, received } = await startServer((request, response) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // A server-side delay so that requests would overlap if the client let them.
      setTimeout(() => {
        inFlight -= 1;
        response.end(request.url);
      }, 10);
    });
    const { client } = makeClient({ concurrency: 2 });

    const firstWave = Array.from({ length: 10 }, (_, index) => client.get(url(`/a${index}`)));
    // A second wave joins once slots have been handed on, to catch a miscounted release.
    await received(5);
    const secondWave = Array.from({ length: 10 }, (_, index) => client.get(url(`/b${index}`)));
    const results = await Promise.all([...firstWave, ...secondWave]);

    expect(results).toHaveLength(20);
    expect(results.every((result) => result.status === 200)).toBe(true);
    expect(maxInFlight).toBe(2);
  });

  it('spaces request starts by the rate limit', async () => {
    const { url, seen } = await startServer((_request, response) => {
      response.end('ok');
    });
    const { client } = makeClient({ concurrency: 10, requestsPerSecond: 20 });

    await Promise.all(Array.from({ length: 10 }, (_, index) => client.get(url(`/r${index}`))));

    const arrivals = seen.map((request) => request.at);
    expect(arrivals).toHaveLength(10);
    // Ten starts at 50 ms spacing span 450 ms at the client. The server sees arrivals, and on a
    // loaded machine the first connection can arrive late (seen: a 422 ms span), so the bound
    // only has to tell paced starts from a burst, which would span a few milliseconds.
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeGreaterThanOrEqual(300);
  });

  it.each([
    ['with a Content-Length', true],
    ['chunked', false],
  ])('fails a body larger than maxBodyBytes without retrying (%s)', async (_label, declared) => {
    const { url, seen } = await startServer((_request, response) => {
      if (declared) response.setHeader('Content-Length', 1000);
      response.write(Buffer.alloc(600, 'a'));
      response.end(Buffer.alloc(400, 'b'));
    });
    const { client, events } = makeClient({ maxBodyBytes: 100, retries: 3 });

    const error = await fetchError(client.get(url('/huge')));

    expect(error.message).toMatch(/larger than maxBodyBytes \(100 bytes\)/);
    expect(error.attempts).toBe(1);
    expect(seen).toHaveLength(1);
    expect(retriesOf(events)).toHaveLength(0);
  });

  it('follows redirects and reports the final URL', async () => {
    const { url, seen } = await startServer((request, response) => {
      if (request.url === '/old') {
        response.writeHead(301, { Location: '/new' });
        response.end();
        return;
      }
      response.end('moved here');
    });
    const { client } = makeClient();

    const result = await client.get(url('/old'), { etag: '"v1"' });

    expect(result.url).toBe(url('/new'));
    expect(result.status === 200 && result.body.toString()).toBe('moved here');
    expect(seen.map((request) => request.path)).toEqual(['/old', '/new']);
    expect(seen[1]?.headers['if-none-match']).toBe('"v1"');
  });

  it('gives up after five redirects', async () => {
    const { url, seen } = await startServer((_request, response) => {
      response.writeHead(302, { Location: '/loop' });
      response.end();
    });
    const { client } = makeClient();

    const error = await fetchError(client.get(url('/loop')));

    expect(error.message).toMatch(/more than 5 redirects/);
    expect(seen).toHaveLength(6);
  });

  it('refuses URLs that are not http: or https: without a request', async () => {
    const { client, events } = makeClient();

    const error = await fetchError(client.get('ftp://example.org/archive/'));

    expect(error.message).toMatch(/only http: and https:/);
    expect(error.attempts).toBe(0);
    await expect(client.get('not a url')).rejects.toThrow(/not a valid URL/);
    expect(events).toHaveLength(0);
  });

  it('clears its attempt timer once a call settles', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { url } = await startServer((_request, response) => {
      response.end('ok');
    });
    const { client } = makeClient();

    await client.get(url('/a'));

    expect(vi.getTimerCount()).toBe(0);
  });

  it('aborts the running request and the queued ones, leaving no timers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { url, received } = await startServer(() => undefined);
    const controller = new AbortController();
    const { client } = makeClient({ concurrency: 1, signal: controller.signal });

    const running = fetchError(client.get(url('/running')));
    const queued = fetchError(client.get(url('/queued')));
    await received(1);
    // The running attempt's timeout timer is the one that abort must clear.
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();

    const [runningError, queuedError] = await Promise.all([running, queued]);
    expect(runningError.name).toBe('AbortError');
    expect(runningError.message).toMatch(/aborted/);
    expect(queuedError.name).toBe('AbortError');
    expect(queuedError.url).toBe(url('/queued'));
    expect(vi.getTimerCount()).toBe(0);
    await expect(client.get(url('/later'))).rejects.toThrow(/aborted/);
    expect(client.stats.requests).toBe(1);
  });

  it('aborts during a retry wait', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { url } = await startServer((_request, response) => {
      response.writeHead(500);
      response.end();
    });
    const controller = new AbortController();
    let onRetry = (): void => undefined;
    const retryScheduled = new Promise<void>((resolve) => {
      onRetry = resolve;
    });
    const { client } = makeClient({
      backoffMs: 60_000,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.kind === 'retry') onRetry();
      },
    });

    const pending = fetchError(client.get(url('/wait')));
    await retryScheduled;
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();

    const error = await pending;
    expect(error.name).toBe('AbortError');
    expect(vi.getTimerCount()).toBe(0);
  });
});
