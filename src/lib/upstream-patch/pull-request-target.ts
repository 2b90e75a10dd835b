/** Which repository and branch the upstream pull request may target. */
import type { GitHubRepository, UpstreamDocument, UpstreamPullRequestConfig } from '../../config';
import { PullRequestSetupError } from './pull-request-errors';

export interface PullRequestTarget {
  owner: string;
  repo: string;
  /** The branch the pull request targets, the ref the patch was read at. */
  base: string;
}

/**
 * The repository a pull request may target: the GitHub source the patch was read from, checked
 * against UPSTREAM_PR_REPOSITORY and, for the TC's own repository, required to be named there.
 */
export function resolvePullRequestTarget(input: {
  source: { owner: string; repo: string; ref: string };
  document: UpstreamDocument;
  config: UpstreamPullRequestConfig;
}): PullRequestTarget {
  const { source, document, config } = input;
  const full = (repository: GitHubRepository): string =>
    `${repository.owner}/${repository.name}`.toLowerCase();
  const sourceName = `${source.owner}/${source.repo}`.toLowerCase();
  if (config.repository !== undefined && full(config.repository) !== sourceName) {
    throw new PullRequestSetupError(
      `--source reads ${source.owner}/${source.repo}, but UPSTREAM_PR_REPOSITORY is ${full(config.repository)}: the pull request must target the repository the patch was read from; read it with --source ${full(config.repository)}@${source.ref}:${document.folder}`,
    );
  }
  if (sourceName === full(document.repository) && config.repository === undefined) {
    throw new PullRequestSetupError(
      `${source.owner}/${source.repo} is the TC's repository: a pull request goes there only when UPSTREAM_PR_REPOSITORY=${full(document.repository)} says so (see the README, "Taking the proposed text upstream")`,
    );
  }
  return { owner: source.owner, repo: source.repo, base: source.ref };
}
