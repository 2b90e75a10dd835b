/**
 * `upstream-patch --open-pr`: the patched files as one commit on a branch of a fork, and one pull
 * request from it against the repository and branch the patch was read from. Written through the
 * Git Data API (blobs, a tree over the base commit's tree, a commit, a ref), so nothing is cloned.
 *
 * Idempotent: the branch's files are compared with the patched ones before anything is written,
 * and the open pull request from the branch (found by `head`, never by search) is updated only
 * where its title or description differ. A second run with nothing changed sends no write.
 */
import type { GitHubRepository, UpstreamDocument, UpstreamPullRequestConfig } from '../../config';
import { GitHubError, type GitHubOctokit } from '../github';
import { gitBlobSha } from '../usage-guide-source';
import type { PatchedFile } from './patch';
import type { PullRequestText } from './pull-request-text';

/** Raised for what the user must fix (configuration, token scope); the message says how. */
export class PullRequestSetupError extends Error {
  override readonly name = 'PullRequestSetupError';
}

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

export type PullRequestStep =
  | { kind: 'fork'; repository: string; action: 'create' | 'reuse' | 'configured' }
  | { kind: 'branch'; ref: string; action: 'create' | 'update' | 'unchanged'; commit?: string }
  | { kind: 'file'; path: string; blobSha: string; changed: boolean | undefined }
  | {
      kind: 'pull-request';
      action: 'create' | 'update' | 'unchanged';
      number?: number;
      url?: string;
      fields?: string[];
    };

export interface PullRequestReport {
  dryRun: boolean;
  target: string;
  base: string;
  /** `owner/name` of the fork, once known (a dry run does not ask GitHub). */
  fork: string | undefined;
  branch: string;
  title: string;
  body: string;
  steps: PullRequestStep[];
  /** Write requests sent (0 in a dry run, and when nothing changed). */
  writes: number;
  warnings: string[];
}

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

function statusOf(error: unknown): number | undefined {
  return error instanceof GitHubError ? error.status : undefined;
}

/** A refused write turned into what the token lacks; other failures pass through unchanged. */
function scopeProblem(error: unknown, action: string, repository: string): unknown {
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

async function wait(ms: number): Promise<void> {
  if (ms <= 0) return;
  await new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });
}

/** Two revision tables that differ at most in the date cell of one row are the same proposal. */
function sameBesidesDate(ours: string, theirs: string): boolean {
  const a = ours.split('\n');
  const b = theirs.split('\n');
  if (a.length !== b.length) return false;
  const differing = a.flatMap((line, index) => (line === b[index] ? [] : [index]));
  if (differing.length !== 1) return false;
  const index = differing[0] as number;
  const cells = (line: string): string[] => line.split('|').map((cell) => cell.trim());
  const x = cells(a[index] ?? '');
  const y = cells(b[index] ?? '');
  return (
    x.length === y.length &&
    x.length > 3 &&
    x.every((cell, position) => position === 2 || cell === y[position])
  );
}

/** What the branch holds for each patched file: its text, or undefined when it is missing. */
async function branchTexts(
  octokit: GitHubOctokit,
  fork: { owner: string; repo: string },
  commit: string,
  files: readonly PatchedFile[],
): Promise<(string | undefined)[]> {
  return Promise.all(
    files.map(async (file) => {
      try {
        const { data } = await octokit.rest.repos.getContent({
          owner: fork.owner,
          repo: fork.repo,
          path: file.path,
          ref: commit,
        });
        const content = (data as { content?: unknown }).content;
        return typeof content === 'string'
          ? Buffer.from(content, 'base64').toString('utf8')
          : undefined;
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    }),
  );
}

export async function openPullRequest(options: OpenPullRequestOptions): Promise<PullRequestReport> {
  const { octokit, target, text } = options;
  const targetName = `${target.owner}/${target.repo}`;
  const report: PullRequestReport = {
    dryRun: options.dryRun,
    target: targetName,
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
    report.steps.push({
      kind: 'fork',
      repository: report.fork ?? `<the token's account>/${target.repo}`,
      action: options.fork === undefined ? 'create' : 'configured',
    });
    report.steps.push({ kind: 'branch', ref: text.branch, action: 'create' });
    for (const file of options.files)
      report.steps.push({
        kind: 'file',
        path: file.path,
        blobSha: gitBlobSha(Buffer.from(file.after, 'utf8')),
        changed: file.after !== file.before,
      });
    report.steps.push({ kind: 'pull-request', action: 'create' });
    return report;
  }

  const { rest } = octokit;
  // The base: the branch the patch was read from, as it is now.
  const baseRef = await rest.git.getRef({
    owner: target.owner,
    repo: target.repo,
    ref: `heads/${target.base}`,
  });
  const baseSha = baseRef.data.object.sha;
  const baseCommit = await rest.git.getCommit({
    owner: target.owner,
    repo: target.repo,
    commit_sha: baseSha,
  });

  // The fork: configured, the account's existing one, or a new one.
  let fork: { owner: string; repo: string };
  const isForkOfTarget = (data: {
    fork: boolean;
    parent?: { full_name: string };
    source?: { full_name: string };
  }): boolean =>
    data.fork &&
    [data.parent?.full_name, data.source?.full_name].some(
      (name) => name?.toLowerCase() === targetName.toLowerCase(),
    );
  if (options.fork !== undefined) {
    const { data } = await rest.repos.get({ owner: options.fork.owner, repo: options.fork.name });
    if (!isForkOfTarget(data))
      throw new PullRequestSetupError(
        `UPSTREAM_FORK=${data.full_name} is not a fork of ${targetName}; name a fork of it, or unset UPSTREAM_FORK to use the token's own fork`,
      );
    fork = { owner: data.owner.login, repo: data.name };
    report.steps.push({ kind: 'fork', repository: data.full_name, action: 'configured' });
  } else {
    const { data: me } = await rest.users.getAuthenticated();
    let existing: { owner: string; repo: string } | undefined;
    try {
      const { data } = await rest.repos.get({ owner: me.login, repo: target.repo });
      if (isForkOfTarget(data)) existing = { owner: data.owner.login, repo: data.name };
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
    if (existing === undefined) {
      let created;
      try {
        report.writes += 1;
        created = await rest.repos.createFork({ owner: target.owner, repo: target.repo });
      } catch (error) {
        throw scopeProblem(error, 'create a fork', targetName);
      }
      fork = { owner: created.data.owner.login, repo: created.data.name };
      report.steps.push({ kind: 'fork', repository: created.data.full_name, action: 'create' });
    } else {
      fork = existing;
      report.steps.push({
        kind: 'fork',
        repository: `${existing.owner}/${existing.repo}`,
        action: 'reuse',
      });
    }
  }
  const forkName = `${fork.owner}/${fork.repo}`;
  report.fork = forkName;

  // A new fork's git objects arrive a little later: poll (bounded) until the base commit is there.
  const delays = options.forkPollDelaysMs ?? DEFAULT_POLL_DELAYS_MS;
  for (let attempt = 0; ; attempt += 1) {
    try {
      await rest.git.getCommit({ owner: fork.owner, repo: fork.repo, commit_sha: baseSha });
      break;
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

  // The branch: compare its files before writing anything.
  let branchSha: string | undefined;
  try {
    const { data } = await rest.git.getRef({
      owner: fork.owner,
      repo: fork.repo,
      ref: `heads/${text.branch}`,
    });
    branchSha = data.object.sha;
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
  const wanted = options.files.map((file) => file.after);
  let unchanged = false;
  if (branchSha !== undefined) {
    const current = await branchTexts(octokit, fork, branchSha, options.files);
    const same = current.map(
      (existing, index) =>
        existing !== undefined &&
        (existing === wanted[index] || sameBesidesDate(wanted[index] ?? '', existing)),
    );
    unchanged = same.every(Boolean);
    options.files.forEach((file, index) => {
      report.steps.push({
        kind: 'file',
        path: file.path,
        blobSha: gitBlobSha(Buffer.from((same[index] ? current[index] : undefined) ?? file.after)),
        changed: !same[index],
      });
    });
  }
  const writeFailed = (error: unknown): unknown => scopeProblem(error, 'write', forkName);
  if (branchSha !== undefined && unchanged) {
    report.steps.push({ kind: 'branch', ref: text.branch, action: 'unchanged', commit: branchSha });
  } else {
    try {
      const entries = [];
      for (const file of options.files) {
        report.writes += 1;
        const blob = await rest.git.createBlob({
          owner: fork.owner,
          repo: fork.repo,
          content: file.after,
          encoding: 'utf-8',
        });
        entries.push({
          path: file.path,
          mode: '100644' as const,
          type: 'blob' as const,
          sha: blob.data.sha,
        });
        if (branchSha === undefined)
          report.steps.push({
            kind: 'file',
            path: file.path,
            blobSha: blob.data.sha,
            changed: true,
          });
      }
      report.writes += 1;
      const tree = await rest.git.createTree({
        owner: fork.owner,
        repo: fork.repo,
        base_tree: baseCommit.data.tree.sha,
        tree: entries,
      });
      report.writes += 1;
      const commit = await rest.git.createCommit({
        owner: fork.owner,
        repo: fork.repo,
        message: text.commitMessage,
        tree: tree.data.sha,
        parents: [baseSha],
      });
      report.writes += 1;
      if (branchSha === undefined) {
        await rest.git.createRef({
          owner: fork.owner,
          repo: fork.repo,
          ref: `refs/heads/${text.branch}`,
          sha: commit.data.sha,
        });
      } else {
        // One commit over the current base: the branch is this tool's, so it is replaced.
        await rest.git.updateRef({
          owner: fork.owner,
          repo: fork.repo,
          ref: `heads/${text.branch}`,
          sha: commit.data.sha,
          force: true,
        });
      }
      report.steps.push({
        kind: 'branch',
        ref: text.branch,
        action: branchSha === undefined ? 'create' : 'update',
        commit: commit.data.sha,
      });
    } catch (error) {
      throw writeFailed(error);
    }
  }

  // The pull request: the open one from this branch, or a new one.
  const { data: open } = await rest.pulls.list({
    owner: target.owner,
    repo: target.repo,
    state: 'open',
    head: `${fork.owner}:${text.branch}`,
    base: target.base,
    per_page: 100,
  });
  const [existing, ...others] = open;
  try {
    if (existing === undefined) {
      report.writes += 1;
      const { data } = await rest.pulls.create({
        owner: target.owner,
        repo: target.repo,
        title: text.title,
        head: `${fork.owner}:${text.branch}`,
        base: target.base,
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
        await rest.pulls.update({
          owner: target.owner,
          repo: target.repo,
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
    throw scopeProblem(error, 'open or update the pull request', targetName);
  }
  if (others.length > 0)
    report.warnings.push(
      `${others.length} more open pull request(s) from ${fork.owner}:${text.branch}: #${others.map((pull) => pull.number).join(', #')}; close them by hand`,
    );
  return report;
}

/** The report for people: the plan of a dry run, or what was done. */
export function formatPullRequestReport(report: PullRequestReport): string {
  const lines: string[] = [
    report.dryRun
      ? 'Would open or update one pull request (dry run: nothing sent; --yes to write):'
      : 'Pull request:',
    `  target: ${report.target} (branch ${report.base})`,
  ];
  for (const step of report.steps) {
    switch (step.kind) {
      case 'fork':
        lines.push(
          `  fork:   ${step.repository} (${step.action === 'create' ? (report.dryRun ? 'created if the account has none' : 'created') : step.action === 'reuse' ? 'the account’s fork' : 'UPSTREAM_FORK'})`,
        );
        break;
      case 'branch':
        lines.push(
          `  branch: ${report.fork ?? '<fork>'}:${step.ref} (${step.action}${step.commit === undefined ? '' : ` at ${step.commit.slice(0, 12)}`})`,
        );
        break;
      case 'file':
        lines.push(
          `  file:   ${step.path} blob ${step.blobSha.slice(0, 12)}${step.changed === false ? ' (as on the branch)' : ''}`,
        );
        break;
      case 'pull-request':
        lines.push(
          `  pull request: ${step.action}${step.number === undefined ? '' : ` #${step.number}`}${step.url === undefined ? '' : ` ${step.url}`}${step.fields === undefined ? '' : ` (${step.fields.join(', ')})`}`,
        );
        break;
    }
  }
  lines.push(
    `  title:  ${report.title}`,
    '  body:',
    ...report.body
      .trimEnd()
      .split('\n')
      .map((line) => `    ${line}`),
  );
  lines.push(`${report.writes} write request(s) sent.`);
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}
