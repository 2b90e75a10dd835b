/**
 * The one error the GitHub client throws: whatever finally failed, after retries and waits, as a
 * GitHubError whose message names the call and never contains the token.
 */
import type { CallContext } from './call-context';
import { headerText, httpStatusOf, recordOf } from './octokit-values';
import { redactSecrets } from './redact';

interface GitHubErrorDetails {
  status?: number;
  method: string;
  url: string;
  rateLimit?: 'primary' | 'secondary';
  retryAfterSeconds?: number;
  acceptedScopes?: string;
  tokenScopes?: string;
  acceptedPermissions?: string;
}

/** A GitHub request that failed after retries and waits; the message never contains the token. */
export class GitHubError extends Error {
  override readonly name = 'GitHubError';
  /** HTTP status; absent for network errors. */
  readonly status?: number;
  readonly method: string;
  readonly url: string;
  /** Set when a rate limit was not waited out. */
  readonly rateLimit?: 'primary' | 'secondary';
  readonly retryAfterSeconds?: number;
  /**
   * What GitHub said about permissions on the failed response: the scopes the action checks for
   * (`X-Accepted-OAuth-Scopes`) and those the token has (`X-OAuth-Scopes`), for classic tokens
   * ("Scopes for OAuth apps", GitHub's documentation); the permissions a fine-grained token or an
   * app needs (`X-Accepted-GitHub-Permissions`).
   */
  readonly acceptedScopes?: string;
  readonly tokenScopes?: string;
  readonly acceptedPermissions?: string;

  constructor(message: string, details: GitHubErrorDetails) {
    super(message);
    if (details.acceptedScopes !== undefined) this.acceptedScopes = details.acceptedScopes;
    if (details.tokenScopes !== undefined) this.tokenScopes = details.tokenScopes;
    if (details.acceptedPermissions !== undefined)
      this.acceptedPermissions = details.acceptedPermissions;
    if (details.status !== undefined) this.status = details.status;
    this.method = details.method;
    this.url = details.url;
    if (details.rateLimit !== undefined) this.rateLimit = details.rateLimit;
    if (details.retryAfterSeconds !== undefined) this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/** GitHub's own message from a failed response (octokit puts it in the error message). */
function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown error';
}

/** The permission headers of the failed response, redacted, for a reader to fix the token. */
function permissionDetails(error: unknown, token: string | undefined) {
  const headers = recordOf(recordOf(recordOf(error)?.response)?.headers);
  const header = (name: string): string | undefined => {
    const value = headerText(headers?.[name]);
    return value === undefined ? undefined : redactSecrets(value, token);
  };
  const acceptedScopes = header('x-accepted-oauth-scopes');
  const tokenScopes = header('x-oauth-scopes');
  const acceptedPermissions = header('x-accepted-github-permissions');
  return {
    ...(acceptedScopes === undefined ? {} : { acceptedScopes }),
    ...(tokenScopes === undefined ? {} : { tokenScopes }),
    ...(acceptedPermissions === undefined ? {} : { acceptedPermissions }),
  };
}

export function toGitHubError(
  error: unknown,
  context: CallContext,
  token: string | undefined,
): GitHubError {
  if (error instanceof GitHubError) return error;
  const status = httpStatusOf(error);
  const { method, url } = context;
  const detail = messageOf(error);
  const retried =
    context.retries === 0
      ? ''
      : ` (after ${context.retries} ${context.retries === 1 ? 'retry' : 'retries'})`;
  const rateLimit =
    context.rateLimit !== undefined && (status === 403 || status === 429)
      ? context.rateLimit
      : undefined;
  const message =
    rateLimit !== undefined
      ? `GitHub ${rateLimit.kind} rate limit on ${method} ${url}: ${rateLimit.gaveUp} (HTTP ${status}: ${detail})`
      : status === undefined
        ? `GitHub ${method} ${url} failed: ${detail}${retried}`
        : `GitHub ${method} ${url} failed with HTTP ${status}: ${detail}${retried}`;
  return new GitHubError(redactSecrets(message, token), {
    ...permissionDetails(error, token),
    ...(status === undefined ? {} : { status }),
    method,
    url,
    ...(rateLimit === undefined
      ? {}
      : { rateLimit: rateLimit.kind, retryAfterSeconds: rateLimit.retryAfterSeconds }),
  });
}
