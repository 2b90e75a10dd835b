/** Conditional requests as both fakes answer them. */

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2); `*` matches any current entity. */
export function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === opaque);
}
