/**
 * GitHub's Git Data API over the fake's git store: refs (`git/update-ref` fast-forwards unless
 * `force`), blobs, trees (flat paths with slashes, `base_tree`) and commits. Refusals are GitHub's
 * 422s with its messages.
 */
import { gitCommitJson, refJson, treeJson } from '../json/git';
import {
  created,
  errorReply,
  notFound,
  type Reply,
  type Route,
  type RouteRequest,
} from '../replies';
import type { FakeState } from '../state';
import type { RepositoryRecord } from '../state/git';
import { gitTarget } from './repos';

const refused = (message: string): Reply => errorReply(422, message);

/** `heads/<branch>` (or `refs/heads/<branch>`) → the branch name; tags are not served. */
function branchOfRef(ref: string): string | undefined {
  const match = /^(?:refs\/)?heads\/(.+)$/.exec(ref);
  return match?.[1];
}

interface TreeEntry {
  path?: string;
  mode?: string;
  type?: string;
  sha?: string | null;
  content?: string;
}

/** The tree `entries` make over `base_tree`; a message when GitHub (or this fake) refuses it. */
function buildTree(
  state: FakeState,
  baseTree: string | undefined,
  entries: TreeEntry[],
): Map<string, Buffer> | string {
  const base = baseTree === undefined ? new Map() : state.git.trees.get(baseTree);
  if (base === undefined) return 'Invalid tree info: base_tree not found';
  const tree = new Map<string, Buffer>(base);
  for (const entry of entries) {
    const path = entry.path ?? '';
    if (path === '' || entry.type !== 'blob' || entry.mode !== '100644')
      return `Invalid tree info: this fake takes regular files only (type blob, mode 100644), got ${path}`;
    if (entry.sha === null) {
      tree.delete(path);
    } else if (typeof entry.content === 'string') {
      tree.set(path, Buffer.from(entry.content, 'utf8'));
    } else {
      const bytes = state.git.blobs.get(entry.sha ?? '');
      if (bytes === undefined) return `Invalid tree info: ${path}: no blob ${entry.sha ?? ''}`;
      tree.set(path, bytes);
    }
  }
  return tree;
}

/** Answers with `handler`'s reply once the request's repository can be reached. */
function onRepository(
  state: FakeState,
  handler: (request: RouteRequest, record: RepositoryRecord) => Reply,
): Route {
  return (request) => {
    const found = gitTarget(state, request);
    return found.reply ?? handler(request, found.record);
  };
}

export function gitRoutes(state: FakeState): Record<string, Route> {
  const { git, shapes } = state;
  return {
    'git/get-ref': onRepository(state, (request, record) => {
      const branch = branchOfRef(request.params.ref ?? '');
      const sha = branch === undefined ? undefined : record.branches.get(branch);
      return branch === undefined || sha === undefined
        ? notFound()
        : { status: 200, body: refJson(shapes, record, branch, sha) };
    }),
    'git/create-ref': onRepository(state, (request, record) => {
      const { ref, sha } = request.body as { ref: string; sha: string };
      const branch = /^refs\//.test(ref) ? branchOfRef(ref) : undefined;
      if (branch === undefined)
        return refused(`${ref} is not a valid ref name; expected refs/heads/<branch>.`);
      if (record.branches.has(branch)) return refused('Reference already exists');
      if (!git.commits.has(sha)) return refused('Object does not exist');
      record.branches.set(branch, sha);
      return created(refJson(shapes, record, branch, sha));
    }),
    'git/update-ref': onRepository(state, (request, record) => {
      const branch = branchOfRef(request.params.ref ?? '');
      const current = branch === undefined ? undefined : record.branches.get(branch);
      if (branch === undefined || current === undefined) return refused('Reference does not exist');
      const { sha, force } = request.body as { sha: string; force?: boolean };
      if (!git.commits.has(sha)) return refused('Object does not exist');
      if (force !== true && !git.isAncestor(current, sha))
        return refused('Update is not a fast forward');
      record.branches.set(branch, sha);
      return { status: 200, body: refJson(shapes, record, branch, sha) };
    }),
    'git/get-commit': onRepository(state, (request, record) => {
      const commit = git.commits.get(request.params.commit_sha ?? '');
      return commit === undefined
        ? notFound()
        : { status: 200, body: gitCommitJson(shapes, record, commit, git.treeSha(commit.tree)) };
    }),
    'git/create-blob': onRepository(state, (request, record) => {
      const { content, encoding } = request.body as { content: string; encoding?: string };
      if (encoding !== undefined && encoding !== 'utf-8' && encoding !== 'base64')
        return refused(`encoding ${encoding} is not supported; use utf-8 or base64`);
      const bytes = Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8');
      const sha = git.storeBlob(bytes);
      const url = `${shapes.origin()}/repos/${record.owner}/${record.name}/git/blobs/${sha}`;
      return { status: 201, body: { url, sha }, headers: { location: url } };
    }),
    'git/create-tree': onRepository(state, (request, record) => {
      const body = request.body as { base_tree?: string; tree: TreeEntry[] };
      const tree = buildTree(state, body.base_tree, body.tree);
      if (typeof tree === 'string') return refused(tree);
      const json = treeJson(shapes, record, git.treeSha(tree), tree);
      return created(json);
    }),
    'git/create-commit': onRepository(state, (request, record) => {
      const body = request.body as { message: string; tree: string; parents?: string[] };
      const tree = git.trees.get(body.tree);
      if (tree === undefined) return refused('Tree SHA does not exist');
      const parents = body.parents ?? [];
      if (parents.some((sha) => !git.commits.has(sha)))
        return refused('Parent SHA does not exist or is not a commit object');
      const commit = git.addCommit({ message: body.message, parents, tree, at: state.clock() });
      return created(gitCommitJson(shapes, record, commit, git.treeSha(commit.tree)));
    }),
  };
}
