/**
 * The octokit plugin that makes GETs conditional: it runs inside throttling and retry (see the hook
 * order in client.ts), once per attempt, reports retries, sends the stored ETag or Last-Modified,
 * stores 200s and answers a 304 from the cache (cache.ts says why the entries are worth keeping).
 */
import type { throttling } from '@octokit/plugin-throttling';
import type { CachedResponse } from './cache';
import { callContexts, clientStates, type CallContext, type ClientState } from './call-context';
import { headerText, httpStatusOf } from './octokit-values';

type CoreOctokit = Parameters<typeof throttling>[0];
type RequestHeaders = Record<string, string | number | string[] | undefined>;
interface OctokitResponse {
  status: number;
  headers: Record<string, unknown>;
  data: unknown;
}

/** Response headers replayed from the cache; the rest (rate limits, dates, ids) would be stale. */
const CACHED_HEADERS = ['content-type', 'etag', 'last-modified', 'link'];

/** Counts the attempt; a later attempt is a retry unless throttling already reported its wait. */
function countAttempt(state: ClientState, context: CallContext): void {
  context.attempts += 1;
  if (context.attempts === 1) return;
  if (context.rateLimitWaitPending) {
    // Throttling already reported this wait as a rate-limit event.
    context.rateLimitWaitPending = false;
    return;
  }
  context.retries += 1;
  state.stats.retries += 1;
  state.emit({
    kind: 'retry',
    method: context.method,
    url: context.url,
    ...(context.lastStatus === undefined ? {} : { status: context.lastStatus }),
    retryCount: context.retries,
  });
}

/** Sets the validators of the stored entry on the request, replacing those of an earlier attempt. */
function setValidators(headers: RequestHeaders, cached: CachedResponse | undefined): void {
  // The options object is reused by every attempt, and the cache may have changed in between.
  delete headers['if-none-match'];
  delete headers['if-modified-since'];
  if (cached?.etag !== undefined) headers['if-none-match'] = cached.etag;
  else if (cached?.lastModified !== undefined) headers['if-modified-since'] = cached.lastModified;
}

/** The cache entry of a 200 that carries a validator, or undefined when it carries none. */
function entryOf(response: OctokitResponse): CachedResponse | undefined {
  const etag = headerText(response.headers.etag);
  const lastModified = headerText(response.headers['last-modified']);
  if (etag === undefined && lastModified === undefined) return undefined;
  const headers: Record<string, string> = {};
  for (const name of CACHED_HEADERS) {
    const value = headerText(response.headers[name]);
    if (value !== undefined) headers[name] = value;
  }
  return {
    ...(etag === undefined ? {} : { etag }),
    ...(lastModified === undefined ? {} : { lastModified }),
    status: response.status,
    headers,
    // A copy: callers (and octokit.paginate) may change the data they were given.
    data: structuredClone(response.data),
  };
}

export function conditionalRequests(octokit: CoreOctokit): void {
  octokit.hook.wrap('request', async (request, options) => {
    const state = clientStates.get(octokit);
    const context = callContexts.get(options);
    if (state === undefined || context === undefined) return request(options);

    countAttempt(state, context);
    const { key } = context;
    const cached = key === undefined ? undefined : state.cache.get(key);
    if (key !== undefined) setValidators(options.headers, cached);

    try {
      const response = await request(options);
      const entry = key !== undefined && response.status === 200 ? entryOf(response) : undefined;
      if (key !== undefined && entry !== undefined) state.cache.set(key, entry);
      return response;
    } catch (error) {
      const status = httpStatusOf(error);
      if (status === 304 && cached !== undefined) {
        state.stats.notModified += 1;
        state.emit({ kind: 'not-modified', method: context.method, url: context.url });
        return {
          status: 200,
          url: context.requestUrl,
          headers: { ...cached.headers },
          data: structuredClone(cached.data),
        };
      }
      context.lastStatus = status;
      throw error;
    }
  });
}
