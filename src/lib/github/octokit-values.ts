/**
 * Reading octokit's loosely typed errors and headers without trusting their shape: octokit's
 * RequestError carries `status` and `response`, a network error carries neither.
 */

export function recordOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The HTTP status of an octokit error, or undefined when no response came (network errors). */
export function httpStatusOf(error: unknown): number | undefined {
  const record = recordOf(error);
  if (recordOf(record?.response) === undefined) return undefined;
  return typeof record?.status === 'number' ? record.status : undefined;
}

/** A header value as text; octokit gives numbers for some (content-length) and may give none. */
export function headerText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}
