/**
 * `upstream-patch --open-pr`: the patched files as one commit on a branch of a fork, and one pull
 * request from it against the repository and branch the patch was read from. The fork, the branch
 * and the errors each have their own module; this one runs them in order and keeps the report.
 *
 * Idempotent: the branch's files are compared with the patched ones before anything is written,
 * and the open pull request from the branch (found by `head`, never by search) is updated only
 * where its title or description differ. A second run with nothing changed sends no write.
 */
import type { GitHubRepository } from '../../config';
import type { GitHubOctokit } from '../github';
import { gitBlobSha } from '../usage-guide-source';
import { branchHead, ensureBranch } from './branch';
import { forkFor, waitForForkObjects, type Fork } from './fork';
import type { PatchedFile } from './patch';
import { scopeProblem } from './pull-request-errors';
import type { PullRequestReport } from './pull-request-report';
import type { PullRequestTarget } from './pull-request-target';
import type { PullRequestText } from './pull-request-text';

export interface OpenPullRequestOptions {
  octokit: GitHubOctokit;
  target: PullRequestTarget;
  /** A configured fork (UPSTREAM_FORK); default the token's account's fork, made if missing. */
  fork?: GitHubRepository;
  files: readonly PatchedFile[];
  text: PullRequestText;
  /** Print the plan and send nothing. */
  dryRun: boolean;
  /**
   * Waits between checks that a new fork's git objects can be read, in milliseconds. GitHub makes
   * forks asynchronously and asks clients to wait ("Create a fork", REST documentation); the
   * default doubles from 1 s to 30 s, about five minutes in all.
   */
  forkPollDelaysMs?: readonly number[];
}

const DEFAULT_POLL_DELAYS_MS = [1000, 2000, 4000, 8000, 16000, ...Array<number>(9).fill(30000)];

/** A dry run's plan: every step as it would be on a first run; GitHub is not asked. */
function planSteps(options: OpenPullRequestOptions, report: PullRequestReport): void {
  report.steps.push({
    kind: 'fork',
    repository: report.fork ?? `<the token's account>/${options.target.repo}`,
    action: options.fork === undefined ? 'create' : 'configured',
  });
  report.steps.push({ kind: 'branch', ref: options.text.branch, action: 'create' });
  for (const file of options.files)
    report.steps.push({
      kind: 'file',
      path: file.path,
      blobSha: gitBlobSha(Buffer.from(file.after, 'utf8')),
      changed: file.after !== file.before,
    });
  report.steps.push({ kind: 'pull-request', action: 'create' });
}

/** The open pull request from the branch, updated where it differs, or a new one. */
async function upsertPullRequest(
  options: OpenPullRequestOptions,
  fork: Fork,
  report: PullRequestReport,
): Promise<void> {
  const { octokit, target, text } = options;
  const { owner, repo, base } = target;
  const head = `${fork.owner}:${text.branch}`;
  const { data: open } = await octokit.rest.pulls.list({
    owner,
    repo,
    state: 'open',
    head,
    base,
    per_page: 100,
  });
  const [existing, ...others] = open;
  try {
    if (existing === undefined) {
      report.writes += 1;
      const { data } = await octokit.rest.pulls.create({
        owner,
        repo,
        title: text.title,
        head,
        base,
        body: text.body,
        maintainer_can_modify: true,
      });
      report.steps.push({
        kind: 'pull-request',
        action: 'create',
        number: data.number,
        url: data.html_url,
      });
    } else {
      const fields = [
        ...(existing.title === text.title ? [] : ['title']),
        ...((existing.body ?? '') === text.body ? [] : ['body']),
      ];
      if (fields.length > 0) {
        report.writes += 1;
        await octokit.rest.pulls.update({
          owner,
          repo,
          pull_number: existing.number,
          title: text.title,
          body: text.body,
        });
      }
      report.steps.push({
        kind: 'pull-request',
        action: fields.length > 0 ? 'update' : 'unchanged',
        number: existing.number,
        url: existing.html_url,
        ...(fields.length > 0 ? { fields } : {}),
      });
    }
  } catch (error) {
    throw scopeProblem(error, 'open or update the pull request', `${owner}/${repo}`);
  }
  if (others.length > 0)
    report.warnings.push(
      `${others.length} more open pull request(s) from ${head}: #${others.map((pull) => pull.number).join(', #')}; close them by hand`,
    );
}

export async function openPullRequest(options: OpenPullRequestOptions): Promise<PullRequestReport> {
  const { octokit, target, text } = options;
  const report: PullRequestReport = {
    dryRun: options.dryRun,
    target: `${target.owner}/${target.repo}`,
    base: target.base,
    fork: options.fork === undefined ? undefined : `${options.fork.owner}/${options.fork.name}`,
    branch: text.branch,
    title: text.title,
    body: text.body,
    steps: [],
    writes: 0,
    warnings: [],
  };
  if (options.dryRun) {
    planSteps(options, report);
    return report;
  }

  // The base: the branch the patch was read from, as it is now.
  const { owner, repo } = target;
  const baseRef = await octokit.rest.git.getRef({ owner, repo, ref: `heads/${target.base}` });
  const baseSha = baseRef.data.object.sha;
  const baseCommit = await octokit.rest.git.getCommit({ owner, repo, commit_sha: baseSha });

  const fork = await forkFor(octokit, target, options.fork, report);
  report.fork = `${fork.owner}/${fork.repo}`;
  await waitForForkObjects(
    octokit,
    fork,
    baseSha,
    options.forkPollDelaysMs ?? DEFAULT_POLL_DELAYS_MS,
  );
  await ensureBranch(
    octokit,
    {
      fork,
      branch: text.branch,
      branchSha: await branchHead(octokit, fork, text.branch),
      baseSha,
      baseTreeSha: baseCommit.data.tree.sha,
      message: text.commitMessage,
      files: options.files,
    },
    report,
  );
  await upsertPullRequest(options, fork, report);
  return report;
}
