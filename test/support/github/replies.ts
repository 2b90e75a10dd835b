/**
 * A route's answer before it is sent, the request a route sees, and GitHub's error bodies
 * (message, documentation_url and the status as a string).
 */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Single resources GitHub sends Last-Modified for. */
  lastModified?: number;
}

export interface RouteRequest {
  method: string;
  /** Path without query, `/repositories/{id}` read as `/repos/{owner}/{repo}`. */
  path: string;
  query: URLSearchParams;
  /** The path parameters of the operation, decoded. */
  params: Record<string, string>;
  body: unknown;
}

/** Answers one operation of GitHub's OpenAPI description, named by its operationId. */
export type Route = (request: RouteRequest) => Reply;

export const DOCS = 'https://docs.github.com/rest';
export const RATE_LIMIT_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';
export const SECONDARY_DOCS = `${RATE_LIMIT_DOCS}#about-secondary-rate-limits`;

export function errorReply(status: number, message: string, documentationUrl = DOCS): Reply {
  return { status, body: { message, documentation_url: documentationUrl, status: String(status) } };
}

export function notFound(): Reply {
  return errorReply(404, 'Not Found');
}

/** 422 Validation Failed with one entry of `errors` (its keys in the order given). */
export function validationFailed(error: Record<string, string>, documentationUrl = DOCS): Reply {
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [error],
      documentation_url: documentationUrl,
      status: '422',
    },
  };
}

/** The bodies that answer with 201 Created name the new resource in Location. */
export function created(json: Record<string, unknown>): Reply {
  return { status: 201, body: json, headers: { location: String(json.url) } };
}
