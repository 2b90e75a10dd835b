/**
 * What goes wrong when opening the upstream pull request, said so the user can fix it: a refused
 * write becomes what the token lacks, read from the scope headers GitHub sent with the refusal.
 */
import { ConfigurationError } from '../errors';
import { GitHubError } from '../github';

/** Raised for what the user must fix (configuration, token scope); the message says how. */
export class PullRequestSetupError extends ConfigurationError {
  override readonly name = 'PullRequestSetupError';
}

/** The HTTP status of a failed GitHub call; undefined for anything else. */
export function statusOf(error: unknown): number | undefined {
  return error instanceof GitHubError ? error.status : undefined;
}

/** A refused write turned into what the token lacks; other failures pass through unchanged. */
export function scopeProblem(error: unknown, action: string, repository: string): unknown {
  if (!(error instanceof GitHubError) || (error.status !== 403 && error.status !== 404))
    return error;
  if (error.rateLimit !== undefined) return error;
  const accepted = error.acceptedScopes?.trim();
  const has = error.tokenScopes?.trim();
  const permissions = error.acceptedPermissions?.trim();
  const needs =
    permissions !== undefined && permissions !== ''
      ? `the permission ${permissions}`
      : accepted !== undefined && accepted !== ''
        ? `the scope ${accepted.split(/\s*,\s*/).join(' or ')}`
        : 'the scope public_repo (repo for a private repository), or a fine-grained token with write access to its contents and pull requests';
  const held = has === undefined ? '' : ` (the token has: ${has === '' ? 'no scopes' : has})`;
  return new PullRequestSetupError(
    `GitHub refused to ${action} on ${repository} (HTTP ${error.status ?? '?'}): the token in GITHUB_TOKEN needs ${needs}${held}. Give it that, or set UPSTREAM_FORK to a fork it may write.`,
  );
}
