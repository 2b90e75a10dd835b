/**
 * The HTTP cache behind the GitHub client's conditional requests: GitHub answers a request carrying
 * a stored ETag (or Last-Modified) with 304 when nothing changed, and a 304 does not count against
 * the rate limit, so the sync keeps these entries between runs.
 */

export interface CachedResponse {
  etag?: string;
  lastModified?: string;
  status: number;
  /** The response headers worth replaying; `link` must be among them for pagination to go on. */
  headers: Record<string, string>;
  data: unknown;
}

export interface HttpCache {
  get(key: string): CachedResponse | undefined;
  set(key: string, value: CachedResponse): void;
}

/** Query parameters that carry credentials on some GitHub endpoints; their values never reach a key. */
const SECRET_PARAMETERS = new Set(['access_token', 'client_secret']);

/** GitHub's default media type; only other ones are part of the key, so plain keys stay short. */
const DEFAULT_ACCEPT = 'application/vnd.github.v3+json';

const RELATIVE_BASE = 'http://relative.invalid';

/**
 * The cache key of a request: the method and the URL with its query parameters sorted, so the same
 * request always finds its entry whatever order octokit built the query in. Credentials in the
 * query are replaced, user info and fragments dropped. A non-default `accept` is appended because
 * GitHub answers the same URL differently per media type (raw file contents against JSON, say).
 */
export function cacheKey(method: string, url: string, accept?: string): string {
  const absolute = /^[a-z][a-z\d+.-]*:/i.test(url);
  let parsed: URL;
  try {
    parsed = new URL(url, RELATIVE_BASE);
  } catch {
    return `${method.toUpperCase()} ${url}`;
  }
  const parameters = [...parsed.searchParams]
    .map(([name, value]): [string, string] => [
      name,
      SECRET_PARAMETERS.has(name.toLowerCase()) ? '[REDACTED]' : value,
    ])
    // Stable sort by name only: repeated parameters keep their relative order, which may matter.
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = new URLSearchParams(parameters).toString();
  const location = absolute
    ? `${parsed.protocol}//${parsed.host}${parsed.pathname}`
    : parsed.pathname;
  const media =
    accept === undefined || accept.toLowerCase() === DEFAULT_ACCEPT ? '' : ` accept=${accept}`;
  return `${method.toUpperCase()} ${location}${query === '' ? '' : `?${query}`}${media}`;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => typeof item === 'string')
  );
}

/** Entries come back from a file another run wrote; a malformed one is dropped, not trusted. */
function isCachedResponse(value: unknown): value is CachedResponse {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.status === 'number' &&
    isStringRecord(entry.headers) &&
    'data' in entry &&
    (entry.etag === undefined || typeof entry.etag === 'string') &&
    (entry.lastModified === undefined || typeof entry.lastModified === 'string')
  );
}

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

/** In-memory cache that can be saved and loaded deterministically (sorted keys) — the sync persists it between runs. */
export class MemoryHttpCache implements HttpCache {
  readonly #entries = new Map<string, CachedResponse>();

  constructor(entries?: Record<string, CachedResponse>) {
    for (const [key, value] of Object.entries(entries ?? {})) {
      if (isCachedResponse(value)) this.#entries.set(key, value);
    }
  }

  get(key: string): CachedResponse | undefined {
    return this.#entries.get(key);
  }

  set(key: string, value: CachedResponse): void {
    this.#entries.set(key, value);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Sorted keys at every level the cache controls, so an unchanged cache saves byte-identical. */
  toJSON(): Record<string, CachedResponse> {
    const result: Record<string, CachedResponse> = {};
    for (const key of [...this.#entries.keys()].sort()) {
      const entry = this.#entries.get(key);
      if (entry === undefined) continue;
      result[key] = {
        ...(entry.etag === undefined ? {} : { etag: entry.etag }),
        ...(entry.lastModified === undefined ? {} : { lastModified: entry.lastModified }),
        status: entry.status,
        headers: sortedRecord(entry.headers),
        data: entry.data,
      };
    }
    return result;
  }
}
