/** Commits, refs, trees and file contents as GitHub's REST API shows them. */
import type { CommitRecord, RepositoryRecord } from '../state/git';
import { blobSha, sha1 } from '../state/git-hash';
import { iso } from '../time';
import { apiUrl, webUrl, type ShapeContext } from './context';
import { userJson } from './users';

/** Everything here is committed by the token's user. */
export interface GitShapeContext extends ShapeContext {
  login: string;
}

const repoApi = (context: ShapeContext, record: RepositoryRecord): string =>
  apiUrl(context, record.owner, record.name);
const repoWeb = (record: RepositoryRecord): string => webUrl(record.owner, record.name);

function gitUser(context: GitShapeContext, commit: CommitRecord): Record<string, string> {
  return {
    name: context.login,
    email: `${context.login}@users.invalid`,
    date: iso(commit.at),
  };
}

/** The parents of a commit, linked under `/commits` (REST) or `/git/commits` (Git Data). */
function parentsJson(
  context: ShapeContext,
  record: RepositoryRecord,
  commit: CommitRecord,
  folder: 'commits' | 'git/commits',
): Record<string, string>[] {
  return commit.parents.map((sha) => ({
    sha,
    url: `${repoApi(context, record)}/${folder}/${sha}`,
    html_url: `${repoWeb(record)}/commit/${sha}`,
  }));
}

/** `repos/get-commit`'s commit. */
export function commitJson(
  context: GitShapeContext,
  record: RepositoryRecord,
  commit: CommitRecord,
  tree: string,
): Record<string, unknown> {
  const user = gitUser(context, commit);
  const api = repoApi(context, record);
  const url = `${api}/commits/${commit.sha}`;
  return {
    url,
    sha: commit.sha,
    node_id: `C_fake${commit.sha.slice(0, 12)}`,
    html_url: `${repoWeb(record)}/commit/${commit.sha}`,
    comments_url: `${url}/comments`,
    commit: {
      url: `${api}/git/commits/${commit.sha}`,
      author: user,
      committer: user,
      message: commit.message,
      comment_count: 0,
      tree: { sha: tree, url: `${api}/git/trees/${tree}` },
    },
    author: userJson(context, context.login),
    committer: userJson(context, context.login),
    parents: parentsJson(context, record, commit, 'commits'),
    files: [],
  };
}

/** The Git Data API's commit. */
export function gitCommitJson(
  context: GitShapeContext,
  record: RepositoryRecord,
  commit: CommitRecord,
  tree: string,
): Record<string, unknown> {
  const user = gitUser(context, commit);
  const api = repoApi(context, record);
  return {
    sha: commit.sha,
    node_id: `C_fake${commit.sha.slice(0, 12)}`,
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${repoWeb(record)}/commit/${commit.sha}`,
    author: user,
    committer: user,
    tree: { sha: tree, url: `${api}/git/trees/${tree}` },
    message: commit.message,
    parents: parentsJson(context, record, commit, 'git/commits'),
    verification: {
      verified: false,
      reason: 'unsigned',
      payload: null,
      signature: null,
      verified_at: null,
    },
  };
}

export function refJson(
  context: ShapeContext,
  record: RepositoryRecord,
  branch: string,
  sha: string,
): Record<string, unknown> {
  const api = repoApi(context, record);
  return {
    ref: `refs/heads/${branch}`,
    node_id: `REF_fake${sha1(`${record.id}:${branch}`).slice(0, 12)}`,
    url: `${api}/git/refs/heads/${branch}`,
    object: { type: 'commit', sha, url: `${api}/git/commits/${sha}` },
  };
}

/** `repos/get-content`'s file: its bytes as base64, with its blob SHA. */
export function fileJson(
  context: ShapeContext,
  record: RepositoryRecord,
  path: string,
  ref: string,
  bytes: Buffer,
): Record<string, unknown> {
  const sha = blobSha(bytes);
  const api = repoApi(context, record);
  const url = `${api}/contents/${path}?ref=${ref}`;
  const html = `${repoWeb(record)}/blob/${ref}/${path}`;
  const git = `${api}/git/blobs/${sha}`;
  return {
    type: 'file',
    encoding: 'base64',
    size: bytes.length,
    name: path.split('/').pop() ?? path,
    path,
    // GitHub wraps the base64 text at 60 characters.
    content: `${(bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n')}\n`,
    sha,
    url,
    git_url: git,
    html_url: html,
    download_url: `https://raw.githubusercontent.invalid/${path}`,
    _links: { git, self: url, html },
  };
}

/** `git/create-tree`'s answer: the top level of the new tree, folders as tree entries. */
export function treeJson(
  context: ShapeContext,
  record: RepositoryRecord,
  sha: string,
  tree: Map<string, Buffer>,
): Record<string, unknown> {
  const api = repoApi(context, record);
  const top = new Map<string, Record<string, unknown>>();
  for (const [path, bytes] of [...tree].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [first = path, ...rest] = path.split('/');
    if (rest.length === 0) {
      const blob = blobSha(bytes);
      top.set(first, {
        path: first,
        mode: '100644',
        type: 'blob',
        sha: blob,
        size: bytes.length,
        url: `${api}/git/blobs/${blob}`,
      });
    } else if (!top.has(first)) {
      const sub = sha1(`${sha}:${first}`, 'subtree');
      top.set(first, {
        path: first,
        mode: '040000',
        type: 'tree',
        sha: sub,
        url: `${api}/git/trees/${sub}`,
      });
    }
  }
  return { sha, url: `${api}/git/trees/${sha}`, tree: [...top.values()], truncated: false };
}
