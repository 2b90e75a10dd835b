/** The URLs the client fetches: http: and https: only, redirects resolved against the last URL. */
import { FetchError } from './types';

/** Redirects followed per call before giving up. */
export const MAX_REDIRECTS = 5;

/** Parses `value` (relative to `base` for redirects) and accepts only http: and https:. */
export function parseHttpUrl(value: string, reportedUrl: string, base?: URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(value, base);
  } catch (error) {
    throw new FetchError(`not a valid URL: ${value}`, {
      url: reportedUrl,
      attempts: 0,
      cause: error,
    });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new FetchError(`only http: and https: URLs can be fetched, not ${parsed.href}`, {
      url: reportedUrl,
      attempts: 0,
    });
  }
  return parsed;
}
