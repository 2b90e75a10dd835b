/**
 * Conditional requests (RFC 9110 §13.1): the validators of the last complete read go out as
 * If-None-Match / If-Modified-Since, and a 304 answer costs no body (ARCHITECTURE.md, "Sync semantics").
 */
import type { ResponseHeaders, Validators } from './types';

export function conditionalHeaders(validators: Validators): Record<string, string> {
  const headers: Record<string, string> = {};
  if (validators.etag !== undefined) headers['if-none-match'] = validators.etag;
  if (validators.lastModified !== undefined) {
    headers['if-modified-since'] = validators.lastModified;
  }
  return headers;
}

export function validatorsOf(headers: ResponseHeaders): Validators {
  const validators: Validators = {};
  const etag = headerValue(headers, 'etag');
  const lastModified = headerValue(headers, 'last-modified');
  if (etag !== undefined) validators.etag = etag;
  if (lastModified !== undefined) validators.lastModified = lastModified;
  return validators;
}

/** A header's value; a repeated header (an array) counts by its first value. */
export function headerValue(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
