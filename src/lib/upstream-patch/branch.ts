/**
 * The fork's branch of the upstream pull request, through the Git Data API (blobs, a tree over the
 * base commit's tree, a commit, a ref), so nothing is cloned. The branch's files are compared with
 * the patched ones first: a branch that already holds them is left alone, and no write is sent.
 */
import type { GitHubOctokit } from '../github';
import { gitBlobSha } from '../usage-guide-source';
import type { Fork } from './fork';
import type { PatchedFile } from './patch';
import { scopeProblem, statusOf } from './pull-request-errors';
import type { PullRequestReport } from './pull-request-report';

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
  fork: Fork,
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

/** The commit the branch points at, or undefined when the fork has no such branch. */
export async function branchHead(
  octokit: GitHubOctokit,
  fork: Fork,
  branch: string,
): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.git.getRef({
      owner: fork.owner,
      repo: fork.repo,
      ref: `heads/${branch}`,
    });
    return data.object.sha;
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
    return undefined;
  }
}

/**
 * Compares the branch's files with the patched ones, one report step per file; true when every
 * file is already there (a revision table that differs only in its date counts as there).
 */
export async function branchHoldsFiles(
  octokit: GitHubOctokit,
  fork: Fork,
  branchSha: string,
  files: readonly PatchedFile[],
  report: PullRequestReport,
): Promise<boolean> {
  const wanted = files.map((file) => file.after);
  const current = await branchTexts(octokit, fork, branchSha, files);
  const same = current.map(
    (existing, index) =>
      existing !== undefined &&
      (existing === wanted[index] || sameBesidesDate(wanted[index] ?? '', existing)),
  );
  files.forEach((file, index) => {
    report.steps.push({
      kind: 'file',
      path: file.path,
      blobSha: gitBlobSha(Buffer.from((same[index] ? current[index] : undefined) ?? file.after)),
      changed: !same[index],
    });
  });
  return same.every(Boolean);
}

export interface BranchCommit {
  fork: Fork;
  branch: string;
  /** The branch's current commit; undefined when the branch is to be created. */
  branchSha: string | undefined;
  baseSha: string;
  baseTreeSha: string;
  message: string;
  files: readonly PatchedFile[];
}

/** One blob per file, each a report step when the branch is new (a compared branch has them). */
async function createBlobs(octokit: GitHubOctokit, input: BranchCommit, report: PullRequestReport) {
  const { fork } = input;
  const entries = [];
  for (const file of input.files) {
    report.writes += 1;
    const blob = await octokit.rest.git.createBlob({
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
    if (input.branchSha === undefined)
      report.steps.push({ kind: 'file', path: file.path, blobSha: blob.data.sha, changed: true });
  }
  return entries;
}

/** Writes the files as one commit over the base and points the branch at it. */
async function writeCommit(
  octokit: GitHubOctokit,
  input: BranchCommit,
  report: PullRequestReport,
): Promise<void> {
  const { rest } = octokit;
  const { fork, branch, branchSha } = input;
  const tree = await createBlobs(octokit, input, report);
  report.writes += 1;
  const created = await rest.git.createTree({
    owner: fork.owner,
    repo: fork.repo,
    base_tree: input.baseTreeSha,
    tree,
  });
  report.writes += 1;
  const commit = await rest.git.createCommit({
    owner: fork.owner,
    repo: fork.repo,
    message: input.message,
    tree: created.data.sha,
    parents: [input.baseSha],
  });
  report.writes += 1;
  const { owner, repo } = fork;
  const sha = commit.data.sha;
  if (branchSha === undefined) {
    await rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha });
  } else {
    // One commit over the current base: the branch is this tool's, so it is replaced.
    await rest.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha, force: true });
  }
  report.steps.push({
    kind: 'branch',
    ref: branch,
    action: branchSha === undefined ? 'create' : 'update',
    commit: commit.data.sha,
  });
}

/** The branch with the patched files: left as it is when it holds them, else (re)written. */
export async function ensureBranch(
  octokit: GitHubOctokit,
  input: BranchCommit,
  report: PullRequestReport,
): Promise<void> {
  const { fork, branch, branchSha } = input;
  if (
    branchSha !== undefined &&
    (await branchHoldsFiles(octokit, fork, branchSha, input.files, report))
  ) {
    report.steps.push({ kind: 'branch', ref: branch, action: 'unchanged', commit: branchSha });
    return;
  }
  try {
    await writeCommit(octokit, input, report);
  } catch (error) {
    throw scopeProblem(error, 'write', `${fork.owner}/${fork.repo}`);
  }
}
