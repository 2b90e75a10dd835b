/**
 * What a finished response or a failed connection means for the crawl: a result, a redirect to
 * follow, a transient failure worth another attempt, or a failure no attempt will mend.
 */
import { headerValue, validatorsOf } from './conditional';
import type { AttemptOutcome, FetchResult, ResponseHeaders, ResponseSummary } from './types';

export const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Socket errors that say "try again later" rather than "this will never work". */
const RETRYABLE_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  // undici's own: a socket closed under a request, a connect that took too long.
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** What a complete response with a status other than 200 means. */
export function outcomeForStatus(
  status: number,
  headers: ResponseHeaders,
  url: string,
  response: ResponseSummary,
): AttemptOutcome {
  // Archives have gaps: a missing page is an answer, not a failure.
  if (status === 304 || status === 404 || status === 410) {
    return { kind: 'result', result: { status, url }, response };
  }
  if (REDIRECT_STATUSES.has(status)) {
    const location = headerValue(headers, 'location');
    if (location === undefined || location === '') {
      return { kind: 'fail', message: `HTTP ${status} without a Location`, status, response };
    }
    return { kind: 'redirect', location, response };
  }
  if (status >= 500 || status === 429) {
    return {
      kind: 'retry',
      reason: `HTTP ${status}`,
      status,
      retryAfterMs: parseRetryAfter(headerValue(headers, 'retry-after'), Date.now()),
      response,
    };
  }
  return { kind: 'fail', message: `HTTP ${status}`, status, response };
}

export function okResult(url: string, body: Buffer, headers: ResponseHeaders): FetchResult {
  const validators = validatorsOf(headers);
  const contentType = headerValue(headers, 'content-type');
  return contentType === undefined
    ? { status: 200, url, body, validators }
    : { status: 200, url, body, contentType, validators };
}

/**
 * Retry-After as delta-seconds or an HTTP-date (RFC 9110 §10.2.3), in ms from `now`; undefined
 * when unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export function parseContentLength(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/** A connection that failed before any response: worth another attempt when the code says so. */
export function connectionFailure(error: Error): AttemptOutcome {
  const code = (error as NodeJS.ErrnoException).code;
  // undici calls a connection closed before any response "other side closed"; Node's own client
  // called it "socket hang up" (ECONNRESET), and logs and users know that name.
  const reason =
    code === 'UND_ERR_SOCKET'
      ? `socket hang up (ECONNRESET): ${error.message}`
      : code !== undefined && !error.message.includes(code)
        ? `${error.message} (${code})`
        : error.message;
  if (code !== undefined && RETRYABLE_ERROR_CODES.has(code)) return { kind: 'retry', reason };
  return { kind: 'fail', message: reason, cause: error };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
