/**
 * The fork the upstream pull request comes from: the configured one (UPSTREAM_FORK), the token's
 * account's existing fork of the target, or a new one; and, for a new fork, the wait until GitHub
 * has copied its git objects.
 */
import type { GitHubRepository } from '../../config';
import { GitHubError, type GitHubOctokit } from '../github';
import { PullRequestSetupError, scopeProblem, statusOf } from './pull-request-errors';
import type { PullRequestReport } from './pull-request-report';
import type { PullRequestTarget } from './pull-request-target';

export interface Fork {
  owner: string;
  repo: string;
}

interface RepositoryData {
  fork: boolean;
  parent?: { full_name: string };
  source?: { full_name: string };
}

function isForkOf(data: RepositoryData, targetName: string): boolean {
  return (
    data.fork &&
    [data.parent?.full_name, data.source?.full_name].some(
      (name) => name?.toLowerCase() === targetName.toLowerCase(),
    )
  );
}

async function configuredFork(
  octokit: GitHubOctokit,
  configured: GitHubRepository,
  targetName: string,
  report: PullRequestReport,
): Promise<Fork> {
  const { data } = await octokit.rest.repos.get({ owner: configured.owner, repo: configured.name });
  if (!isForkOf(data, targetName))
    throw new PullRequestSetupError(
      `UPSTREAM_FORK=${data.full_name} is not a fork of ${targetName}; name a fork of it, or unset UPSTREAM_FORK to use the token's own fork`,
    );
  report.steps.push({ kind: 'fork', repository: data.full_name, action: 'configured' });
  return { owner: data.owner.login, repo: data.name };
}

/** The account's fork of the target, if it has one under the target's name. */
async function accountFork(
  octokit: GitHubOctokit,
  target: PullRequestTarget,
  targetName: string,
): Promise<Fork | undefined> {
  const { data: me } = await octokit.rest.users.getAuthenticated();
  try {
    const { data } = await octokit.rest.repos.get({ owner: me.login, repo: target.repo });
    if (isForkOf(data, targetName)) return { owner: data.owner.login, repo: data.name };
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
  return undefined;
}

/** The fork to push to, recorded as a step of the report. */
export async function forkFor(
  octokit: GitHubOctokit,
  target: PullRequestTarget,
  configured: GitHubRepository | undefined,
  report: PullRequestReport,
): Promise<Fork> {
  const targetName = `${target.owner}/${target.repo}`;
  if (configured !== undefined) return configuredFork(octokit, configured, targetName, report);
  const existing = await accountFork(octokit, target, targetName);
  if (existing !== undefined) {
    const repository = `${existing.owner}/${existing.repo}`;
    report.steps.push({ kind: 'fork', repository, action: 'reuse' });
    return existing;
  }
  let created;
  try {
    report.writes += 1;
    created = await octokit.rest.repos.createFork({ owner: target.owner, repo: target.repo });
  } catch (error) {
    throw scopeProblem(error, 'create a fork', targetName);
  }
  report.steps.push({ kind: 'fork', repository: created.data.full_name, action: 'create' });
  return { owner: created.data.owner.login, repo: created.data.name };
}

async function wait(ms: number): Promise<void> {
  if (ms <= 0) return;
  await new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });
}

/**
 * A new fork's git objects arrive a little later: polls (bounded by `delays`) until the base commit
 * is there. GitHub answers 409 or 404 meanwhile.
 */
export async function waitForForkObjects(
  octokit: GitHubOctokit,
  fork: Fork,
  baseSha: string,
  delays: readonly number[],
): Promise<void> {
  const forkName = `${fork.owner}/${fork.repo}`;
  for (let attempt = 0; ; attempt += 1) {
    try {
      await octokit.rest.git.getCommit({ owner: fork.owner, repo: fork.repo, commit_sha: baseSha });
      return;
    } catch (error) {
      const status = statusOf(error);
      if ((status !== 409 && status !== 404) || attempt >= delays.length) {
        if (status === 409 || status === 404)
          throw new GitHubError(
            `the fork ${forkName} still has no git objects after ${delays.length} checks; GitHub may still be making it: run again later`,
            { method: 'GET', url: `/repos/${forkName}/git/commits/${baseSha}`, status },
          );
        throw error;
      }
      await wait(delays[attempt] ?? 0);
    }
  }
}
