/**
 * Keeps the token out of every error, event and log line of the GitHub client: the token itself
 * (plain and URL-encoded), credentials in Authorization / `token` / `Bearer` forms, and anything
 * shaped like a GitHub token.
 */

const REDACTED = '[REDACTED]';
const GITHUB_TOKEN_SHAPE = /\b(?:gh[pousr]_[A-Za-z\d_]{16,}|github_pat_[A-Za-z\d_]{22,})/g;
const AUTHORIZATION_HEADER =
  /(authorization["']?\s*[:=]\s*["']?)((?:token|bearer|basic)\s+)?([^\s"',;}]+)/gi;
const BEARER_CREDENTIAL = /\b(bearer\s+)([\w.~+/=-]{8,})/gi;
const TOKEN_CREDENTIAL = /\b(token\s+)([a-f\d]{40}\b)/gi;

/** Replaces every occurrence of the token (and `token <t>`/`Bearer <t>` headers) with [REDACTED]. */
export function redactSecrets(text: string, token: string | undefined): string {
  let result = text;
  if (token !== undefined && token !== '') {
    for (const form of new Set([token, encodeURIComponent(token)])) {
      result = result.split(form).join(REDACTED);
    }
  }
  return result
    .replace(AUTHORIZATION_HEADER, (match, prefix: string, scheme: string | undefined, value) =>
      value === REDACTED ? match : `${prefix}${scheme ?? ''}${REDACTED}`,
    )
    .replace(BEARER_CREDENTIAL, (match, prefix: string, value) =>
      value === REDACTED ? match : `${prefix}${REDACTED}`,
    )
    .replace(TOKEN_CREDENTIAL, `$1${REDACTED}`)
    .replace(GITHUB_TOKEN_SHAPE, REDACTED);
}
