/** What the archive's HTTP client returns, reports and throws (ARCHITECTURE.md, "Sync semantics"). */

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type FetchResult =
  | { status: 200; url: string; body: Buffer; contentType?: string; validators: Validators }
  | { status: 304; url: string }
  | { status: 404 | 410; url: string };

/**
 * Progress for a display. `url` is the URL requested (after redirects); `attempt` counts from 1
 * per URL; in `retry` it is the attempt that failed. `bytes` are body bytes on the wire.
 */
export type ClientEvent =
  | { kind: 'request'; url: string; attempt: number }
  | { kind: 'response'; url: string; status: number; bytes: number; ms: number }
  | { kind: 'retry'; url: string; attempt: number; delayMs: number; reason: string };

export interface ClientStats {
  /** Attempts sent, including retries and redirects. */
  requests: number;
  notModified: number;
  /** 200 responses returned. */
  bodies: number;
  /** Wire bytes of the bodies returned (compressed size when gzipped). */
  bodyBytes: number;
  retries: number;
}

export class FetchError extends Error {
  readonly url: string;
  /** The HTTP status of the last response, when a status was the failure. */
  readonly status?: number;
  readonly attempts: number;

  constructor(
    message: string,
    details: { url: string; attempts: number; status?: number; cause?: unknown; aborted?: boolean },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    // Callers tell an abort from a failure the usual way, by name.
    this.name = details.aborted === true ? 'AbortError' : 'FetchError';
    this.url = details.url;
    this.status = details.status;
    this.attempts = details.attempts;
  }
}

/** Status, wire bytes and duration of one attempt's response, for the `response` event. */
export interface ResponseSummary {
  status: number;
  bytes: number;
  ms: number;
}

/** How one attempt ended; only the client's retry loop turns these into results, waits or errors. */
export type AttemptOutcome =
  | { kind: 'result'; result: FetchResult; response: ResponseSummary }
  | { kind: 'redirect'; location: string; response: ResponseSummary }
  | {
      kind: 'retry';
      reason: string;
      status?: number;
      retryAfterMs?: number;
      response?: ResponseSummary;
    }
  | { kind: 'fail'; message: string; status?: number; cause?: unknown; response?: ResponseSummary }
  | { kind: 'aborted' };

/** Response headers as undici hands them over: lower-case names. */
export type ResponseHeaders = Record<string, string | string[] | undefined>;
