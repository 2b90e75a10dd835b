/**
 * The GitHub client against a local HTTP server scripted per request: conditional requests and
 * the ETag cache (pagination included), retries, primary and secondary rate limits, errors, and
 * the token kept out of errors, events, logs and the cache.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  cacheKey,
  createGitHubClient,
  GitHubError,
  MemoryHttpCache,
  redactSecrets,
  type CachedResponse,
  type GitHubClientOptions,
  type GitHubEvent,
} from '../../src/lib/github';

const TOKEN = 'ghp_TESTTOKEN_abc123';

interface Seen {
  method: string;
  /** Path and query as the server received them. */
  url: string;
  headers: IncomingHttpHeaders;
  /** Date.now() on arrival, to check that rate-limit waits were honoured. */
  at: number;
}

type Handler = (seen: Seen, response: ServerResponse, destroy: () => void) => void;

interface TestServer {
  baseUrl: string;
  seen: Seen[];
}

const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function startServer(handler: Handler): Promise<TestServer> {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    // Drain the body so the connection can be reused; only headers matter here.
    request.resume();
    request.on('end', () => {
      const entry: Seen = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        at: Date.now(),
      };
      seen.push(entry);
      handler(entry, response, () => request.socket.destroy());
    });
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  });
  return { baseUrl: `http://127.0.0.1:${port}`, seen };
}

/** Answers the n-th request with the n-th handler; a request beyond the script is a test failure. */
function script(...handlers: Handler[]): Handler {
  let next = 0;
  return (seen, response, destroy) => {
    const handler = handlers[next++];
    if (handler === undefined)
      send(response, 418, { message: `unexpected ${seen.method} ${seen.url}` });
    else handler(seen, response, destroy);
  };
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (status === 304) {
    response.writeHead(304, headers);
    response.end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}

const reply =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_, response) => {
    send(response, status, body, headers);
  };

const reset: Handler = (_, __, destroy) => {
  destroy();
};

interface Harness {
  events: GitHubEvent[];
  logs: { level: string; message: string }[];
}

function makeClient(baseUrl: string, options: GitHubClientOptions = {}) {
  const harness: Harness = { events: [], logs: [] };
  const capture = (level: string) => (message: string) => {
    harness.logs.push({ level, message });
  };
  const client = createGitHubClient({
    baseUrl,
    token: TOKEN,
    retryBaseDelayMs: 5,
    // The local server needs no pause between writes; one test checks the pause itself.
    minWriteIntervalMs: 0,
    onEvent: (event) => {
      harness.events.push(event);
    },
    log: {
      debug: capture('debug'),
      info: capture('info'),
      warn: capture('warn'),
      error: capture('error'),
    },
    ...options,
  });
  return { ...client, ...harness };
}

async function caught(promise: Promise<unknown>): Promise<GitHubError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GitHubError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

const kinds = (events: GitHubEvent[]) => events.map((event) => event.kind);

describe('conditional requests', () => {
  test('a repeated GET is conditional and answered from the cache on 304', async () => {
    const issue = { number: 7, title: 'C_Initialize after fork()' };
    const server = await startServer(
      script(reply(200, issue, { etag: '"v1"' }), (seen, response) => {
        send(response, seen.headers['if-none-match'] === '"v1"' ? 304 : 200, issue, {
          etag: '"v1"',
        });
      }),
    );
    const { octokit, stats, events, logs } = makeClient(server.baseUrl);
    const route = 'GET /repos/{owner}/{repo}/issues/{issue_number}';
    const parameters = { owner: 'o', repo: 'r', issue_number: 7 };

    const first = await octokit.request(route, parameters);
    const second = await octokit.request(route, parameters);

    expect(server.seen[0]?.headers['if-none-match']).toBeUndefined();
    expect(server.seen[1]?.headers['if-none-match']).toBe('"v1"');
    expect(server.seen[1]?.headers.authorization).toBe(`token ${TOKEN}`);
    expect(first.data).toEqual(issue);
    expect(second.status).toBe(200);
    expect(second.data).toEqual(issue);
    expect(stats).toEqual({
      requests: 2,
      notModified: 1,
      reads: 2,
      writes: 0,
      retries: 0,
      rateLimited: 0,
    });
    expect(kinds(events)).toEqual(['request', 'request', 'not-modified']);
    // request-log reports the 304 at error level; the client treats it as the cache hit it is.
    expect(logs.filter((line) => line.level === 'error')).toEqual([]);
  });

  test('sends If-Modified-Since when GitHub gave a Last-Modified but no ETag', async () => {
    const stamp = 'Wed, 01 Jan 2025 00:00:00 GMT';
    const server = await startServer(
      script(reply(200, { name: 'erratum' }, { 'last-modified': stamp }), reply(304, null)),
    );
    const { octokit, stats } = makeClient(server.baseUrl);

    await octokit.request('GET /repos/{owner}/{repo}/labels/{name}', {
      owner: 'o',
      repo: 'r',
      name: 'erratum',
    });
    const second = await octokit.request('GET /repos/{owner}/{repo}/labels/{name}', {
      owner: 'o',
      repo: 'r',
      name: 'erratum',
    });

    expect(server.seen[1]?.headers['if-modified-since']).toBe(stamp);
    expect(server.seen[1]?.headers['if-none-match']).toBeUndefined();
    expect(second.data).toEqual({ name: 'erratum' });
    expect(stats.notModified).toBe(1);
  });

  test('a saved and reloaded cache makes the next run conditional', async () => {
    const server = await startServer(
      script(reply(200, [{ id: 1 }], { etag: '"a"' }), (seen, response) => {
        send(response, seen.headers['if-none-match'] === '"a"' ? 304 : 200, [{ id: 2 }], {
          etag: '"b"',
        });
      }),
    );
    const cache = new MemoryHttpCache();
    await makeClient(server.baseUrl, { cache }).octokit.request('GET /user/repos');
    const saved = JSON.stringify(cache);

    const next = makeClient(server.baseUrl, {
      cache: new MemoryHttpCache(JSON.parse(saved) as Record<string, CachedResponse>),
    });
    const { data } = await next.octokit.request('GET /user/repos');

    expect(data).toEqual([{ id: 1 }]);
    expect(next.stats.notModified).toBe(1);
  });

  test('pagination follows Link headers, and a second pass is three 304s with the same items', async () => {
    const pages = [[{ number: 1 }, { number: 2 }], [{ number: 3 }, { number: 4 }], [{ number: 5 }]];
    let baseUrl = '';
    const server = await startServer((seen, response) => {
      const url = new URL(seen.url, baseUrl);
      const page = Number(url.searchParams.get('page') ?? '1');
      const etag = `"page-${page}"`;
      const link =
        page < pages.length
          ? `<${baseUrl}/repos/o/r/issues?per_page=2&page=${page + 1}>; rel="next"`
          : `<${baseUrl}/repos/o/r/issues?per_page=2&page=1>; rel="first"`;
      if (seen.headers['if-none-match'] === etag) send(response, 304, null, { etag, link });
      else send(response, 200, pages[page - 1], { etag, link });
    });
    baseUrl = server.baseUrl;
    const { octokit, stats } = makeClient(server.baseUrl);
    const list = () =>
      octokit.paginate('GET /repos/{owner}/{repo}/issues', { owner: 'o', repo: 'r', per_page: 2 });

    const first = await list();
    const second = await list();

    expect(first.map((issue) => issue.number)).toEqual([1, 2, 3, 4, 5]);
    expect(second).toEqual(first);
    expect(server.seen).toHaveLength(6);
    expect(server.seen.slice(0, 3).map((seen) => seen.headers['if-none-match'])).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(server.seen.slice(3).map((seen) => seen.headers['if-none-match'])).toEqual([
      '"page-1"',
      '"page-2"',
      '"page-3"',
    ]);
    expect(stats.notModified).toBe(3);
    expect(stats.reads).toBe(6);
  });

  test('POST bypasses the cache', async () => {
    const server = await startServer(
      script(
        reply(200, [], { etag: '"labels"' }),
        reply(201, { name: 'one' }, { etag: '"one"' }),
        reply(201, { name: 'two' }, { etag: '"two"' }),
      ),
    );
    const cache = new MemoryHttpCache();
    const { octokit, stats } = makeClient(server.baseUrl, { cache });
    const parameters = { owner: 'o', repo: 'r' };

    await octokit.request('GET /repos/{owner}/{repo}/labels', parameters);
    await octokit.request('POST /repos/{owner}/{repo}/labels', { ...parameters, name: 'one' });
    await octokit.request('POST /repos/{owner}/{repo}/labels', { ...parameters, name: 'two' });

    expect(server.seen.map((seen) => seen.method)).toEqual(['GET', 'POST', 'POST']);
    expect(server.seen[2]?.headers['if-none-match']).toBeUndefined();
    expect(cache.size).toBe(1);
    expect(stats).toMatchObject({ reads: 1, writes: 2, notModified: 0 });
  });
});

test('minWriteIntervalMs spaces writes apart', async () => {
  const server = await startServer(script(reply(201, { id: 1 }), reply(201, { id: 2 })));
  const { octokit } = makeClient(server.baseUrl, { minWriteIntervalMs: 300 });

  await octokit.request('POST /repos/{owner}/{repo}/labels', { owner: 'o', repo: 'r', name: 'a' });
  await octokit.request('POST /repos/{owner}/{repo}/labels', { owner: 'o', repo: 'r', name: 'b' });

  const [first, second] = server.seen;
  // Wall clock against timers: allow a few milliseconds of disagreement.
  expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(290);
});

describe('retries', () => {
  test('500 twice then 200 is retried', async () => {
    const server = await startServer(
      script(
        reply(500, { message: 'Server Error' }),
        reply(500, { message: 'Server Error' }),
        reply(200, { login: 'octocat' }),
      ),
    );
    const { octokit, stats, events } = makeClient(server.baseUrl);

    const { data } = await octokit.request('GET /user');

    expect(data).toEqual({ login: 'octocat' });
    expect(server.seen).toHaveLength(3);
    expect(events.filter((event) => event.kind === 'retry')).toEqual([
      { kind: 'retry', method: 'GET', url: `${server.baseUrl}/user`, status: 500, retryCount: 1 },
      { kind: 'retry', method: 'GET', url: `${server.baseUrl}/user`, status: 500, retryCount: 2 },
    ]);
    expect(stats).toMatchObject({ requests: 3, reads: 1, retries: 2 });
  });

  test('a connection reset is retried', async () => {
    const server = await startServer(script(reset, reply(200, { login: 'octocat' })));
    const { octokit, stats, events } = makeClient(server.baseUrl);

    const { data } = await octokit.request('GET /user');

    expect(data).toEqual({ login: 'octocat' });
    expect(server.seen).toHaveLength(2);
    const retries = events.filter((event) => event.kind === 'retry');
    expect(retries).toEqual([
      { kind: 'retry', method: 'GET', url: `${server.baseUrl}/user`, retryCount: 1 },
    ]);
    expect(stats.retries).toBe(1);
  });

  test('404 fails at once with a GitHubError carrying the status and GitHub message', async () => {
    const server = await startServer(
      script(
        reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }),
      ),
    );
    const { octokit, stats } = makeClient(server.baseUrl);

    const error = await caught(
      octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
        owner: 'o',
        repo: 'r',
        issue_number: 99,
      }),
    );

    expect(error).toBeInstanceOf(GitHubError);
    expect(error.status).toBe(404);
    expect(error.method).toBe('GET');
    expect(error.url).toBe(`${server.baseUrl}/repos/o/r/issues/99`);
    expect(error.message).toContain('Not Found');
    expect(error.message).toContain('404');
    expect(server.seen).toHaveLength(1);
    expect(stats.retries).toBe(0);
  });
});

describe('rate limits', () => {
  test('a primary rate limit is waited out until the reset, then retried once', async () => {
    const resetAt = Math.floor(Date.now() / 1000) + 1;
    const server = await startServer(
      script(
        reply(
          403,
          { message: 'API rate limit exceeded for user ID 1.' },
          {
            'x-ratelimit-limit': '5000',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(resetAt),
          },
        ),
        reply(200, { login: 'octocat' }),
      ),
    );
    const { octokit, stats, events } = makeClient(server.baseUrl);

    const { data } = await octokit.request('GET /user');

    expect(data).toEqual({ login: 'octocat' });
    expect(server.seen).toHaveLength(2);
    expect(server.seen[1]?.at).toBeGreaterThanOrEqual(resetAt * 1000);
    const limits = events.filter((event) => event.kind === 'rate-limit');
    expect(limits).toHaveLength(1);
    expect(limits[0]).toMatchObject({ method: 'GET', retryCount: 0 });
    expect(stats).toMatchObject({ rateLimited: 1, retries: 0, requests: 2 });
  });

  test('a secondary rate limit (429, retry-after: 1) is waited out', async () => {
    const server = await startServer(
      script(
        reply(
          429,
          { message: 'You have exceeded a secondary rate limit. Please wait a few minutes.' },
          { 'retry-after': '1' },
        ),
        reply(201, { number: 1 }),
      ),
    );
    const { octokit, stats, events } = makeClient(server.baseUrl);

    const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues', {
      owner: 'o',
      repo: 'r',
      title: 'erratum',
    });

    expect(data).toEqual({ number: 1 });
    expect(server.seen).toHaveLength(2);
    const [first, second] = server.seen;
    // Timers and the wall clock may disagree by a few milliseconds; the wait is a whole second.
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(events.filter((event) => event.kind === 'secondary-rate-limit')).toEqual([
      {
        kind: 'secondary-rate-limit',
        method: 'POST',
        url: `${server.baseUrl}/repos/o/r/issues`,
        retryAfterSeconds: 1,
        retryCount: 0,
      },
    ]);
    expect(stats).toMatchObject({ rateLimited: 1, retries: 0, writes: 1 });
  });

  test('a retry-after beyond maxRateLimitWaitSeconds fails at once and says so', async () => {
    const server = await startServer(
      script(
        reply(
          429,
          { message: 'You have exceeded a secondary rate limit.' },
          { 'retry-after': '3600' },
        ),
      ),
    );
    const { octokit, stats, events } = makeClient(server.baseUrl);

    const started = Date.now();
    const error = await caught(octokit.request('GET /user'));

    expect(Date.now() - started).toBeLessThan(900);
    expect(error.status).toBe(429);
    expect(error.rateLimit).toBe('secondary');
    expect(error.retryAfterSeconds).toBe(3600);
    expect(error.message).toMatch(/wait 3600 s, longer than maxRateLimitWaitSeconds \(900 s\)/);
    expect(server.seen).toHaveLength(1);
    expect(kinds(events)).toEqual(['request', 'secondary-rate-limit']);
    expect(stats).toMatchObject({ rateLimited: 0, retries: 0 });
  });

  test('a primary reset too far ahead fails at once too', async () => {
    const server = await startServer(
      script(
        reply(
          403,
          { message: 'API rate limit exceeded.' },
          {
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
          },
        ),
      ),
    );
    const { octokit } = makeClient(server.baseUrl, { maxRateLimitWaitSeconds: 60 });

    const error = await caught(octokit.request('GET /user'));

    expect(error.status).toBe(403);
    expect(error.rateLimit).toBe('primary');
    expect(error.message).toMatch(/longer than maxRateLimitWaitSeconds \(60 s\)/);
    expect(server.seen).toHaveLength(1);
  });

  test('after rateLimitRetries waits the request fails instead of waiting again', async () => {
    const limited = reply(
      429,
      { message: 'You have exceeded a secondary rate limit.' },
      { 'retry-after': '1' },
    );
    const server = await startServer(script(limited));
    const { octokit } = makeClient(server.baseUrl, { rateLimitRetries: 0 });

    const error = await caught(octokit.request('GET /user'));

    expect(error.message).toMatch(/rateLimitRetries is 0/);
    expect(server.seen).toHaveLength(1);
  });
});

describe('the token', () => {
  const echoAuthorization =
    (status: number): Handler =>
    (seen, response) => {
      // A hostile worst case: the server puts the credential it got into its error message.
      send(response, status, { message: `rejected ${String(seen.headers.authorization)}` });
    };

  function expectNoToken(text: string): void {
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('TESTTOKEN');
  }

  test('appears in no error, event, log line or cache entry', async () => {
    const server = await startServer(
      script(
        reply(200, { login: 'octocat' }, { etag: '"me"' }),
        echoAuthorization(401),
        echoAuthorization(500),
        echoAuthorization(500),
      ),
    );
    const cache = new MemoryHttpCache();
    const { octokit, events, logs } = makeClient(server.baseUrl, { cache, retries: 1 });

    await octokit.request('GET /user');
    const unauthorized = await caught(
      octokit.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' }),
    );
    const failed = await caught(octokit.request('GET /rate_limit'));

    // The server did get the token, and did echo it, so redaction had something to remove.
    expect(server.seen[1]?.headers.authorization).toBe(`token ${TOKEN}`);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.message).toContain('rejected token [REDACTED]');
    expect(failed.status).toBe(500);
    expect(failed.message).toMatch(/after 1 retry/);
    for (const error of [unauthorized, failed]) {
      expectNoToken(error.message);
      expectNoToken(String(error));
      expectNoToken(JSON.stringify(error));
      expectNoToken(inspect(error, { depth: 10 }));
    }
    expectNoToken(JSON.stringify(events));
    expect(logs.length).toBeGreaterThan(0);
    expectNoToken(JSON.stringify(logs));
    expect(cache.size).toBe(1);
    expectNoToken(JSON.stringify(cache.toJSON()));
  });

  test('comes from GITHUB_TOKEN by default, and an empty token means unauthenticated', async () => {
    vi.stubEnv('GITHUB_TOKEN', TOKEN);
    const server = await startServer(script(reply(200, {}), reply(200, {})));

    await createGitHubClient({ baseUrl: server.baseUrl }).octokit.request('GET /user');
    await createGitHubClient({ baseUrl: server.baseUrl, token: '' }).octokit.request('GET /user');

    expect(server.seen[0]?.headers.authorization).toBe(`token ${TOKEN}`);
    expect(server.seen[0]?.headers['user-agent']).toMatch(/^pkcs11-usage-guide-fork /);
    expect(server.seen[1]?.headers.authorization).toBeUndefined();
  });
});

describe('helpers', () => {
  test('redactSecrets removes the token and authorization credentials', () => {
    expect(redactSecrets(`a ${TOKEN} b ${encodeURIComponent(TOKEN)}`, TOKEN)).toBe(
      'a [REDACTED] b [REDACTED]',
    );
    expect(redactSecrets('authorization: token s3cr3t-value', undefined)).toBe(
      'authorization: token [REDACTED]',
    );
    expect(redactSecrets('{"Authorization":"Bearer abc.def.ghi"}', undefined)).toBe(
      '{"Authorization":"Bearer [REDACTED]"}',
    );
    expect(redactSecrets('Bearer eyJhbGciOiJSUzI1NiJ9', undefined)).toBe('Bearer [REDACTED]');
    expect(redactSecrets(`token ${'ab12'.repeat(10)}`, undefined)).toBe('token [REDACTED]');
    expect(redactSecrets('leaked ghp_abcdefghijklmnopqrstuvwxyz0123456789', undefined)).toBe(
      'leaked [REDACTED]',
    );
    // Ordinary prose about tokens stays readable.
    expect(redactSecrets('the token expired', undefined)).toBe('the token expired');
  });

  test('cacheKey sorts query parameters and keeps credentials out', () => {
    expect(
      cacheKey('get', 'https://api.github.com/repos/o/r/issues?state=all&page=2&per_page=100'),
    ).toBe('GET https://api.github.com/repos/o/r/issues?page=2&per_page=100&state=all');
    expect(cacheKey('GET', 'https://api.github.com/x?b=1&a=2')).toBe(
      cacheKey('GET', 'https://api.github.com/x?a=2&b=1'),
    );
    expect(cacheKey('GET', 'https://api.github.com/x?access_token=secret')).not.toContain('secret');
    expect(cacheKey('GET', '/x', 'application/vnd.github.raw+json')).toBe(
      'GET /x accept=application/vnd.github.raw+json',
    );
    expect(cacheKey('GET', '/x', 'application/vnd.github.v3+json')).toBe('GET /x');
  });

  test('MemoryHttpCache saves with sorted keys and drops malformed entries on load', () => {
    const cache = new MemoryHttpCache();
    cache.set('GET b', { status: 200, headers: { link: 'l', etag: 'e' }, data: [2], etag: 'e' });
    cache.set('GET a', { status: 200, headers: {}, data: [1], lastModified: 'm' });

    const saved = JSON.stringify(cache);
    expect(saved).toBe(
      '{"GET a":{"lastModified":"m","status":200,"headers":{},"data":[1]},' +
        '"GET b":{"etag":"e","status":200,"headers":{"etag":"e","link":"l"},"data":[2]}}',
    );
    const loaded = new MemoryHttpCache({
      ...(JSON.parse(saved) as Record<string, CachedResponse>),
      // A hand-edited or truncated file: not the shape the type promises.
      'GET broken': { status: 'no' } as unknown as CachedResponse,
    });
    expect(loaded.size).toBe(2);
    expect(loaded.get('GET b')?.data).toEqual([2]);
    expect(JSON.stringify(loaded)).toBe(saved);
  });
});
