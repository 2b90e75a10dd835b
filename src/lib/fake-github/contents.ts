/**
 * The fake GitHub's git contents: branches pointing at commits, each commit a whole tree of files,
 * behind `repos/get-commit` (a ref resolved to a commit; an unknown ref answered 422 "No commit
 * found for SHA", as api.github.com does) and `repos/get-content` (a file as base64 with its blob
 * SHA). Tests push files as if someone committed on GitHub.
 */
import { createHash } from 'node:crypto';

export interface ContentReply {
  status: number;
  body?: unknown;
}

export interface ContentRequest {
  query: URLSearchParams;
  params: Record<string, string>;
}

interface CommitRecord {
  sha: string;
  message: string;
  parents: string[];
  tree: Map<string, Buffer>;
  at: number;
}

export interface ContentStore {
  /** Commits files onto a branch (created if new) over its current tree; returns the commit SHA. */
  pushFiles(branch: string, files: Record<string, string | Buffer>, message?: string): string;
  handlers: Record<string, (request: ContentRequest) => ContentReply>;
}

function sha1(text: string | Buffer, prefix = ''): string {
  return createHash('sha1').update(prefix).update(text).digest('hex');
}

/** The git blob SHA of some bytes, as `git hash-object` computes it. */
function blobSha(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export function createContentStore(context: {
  api: () => string;
  web: () => string;
  user: (name: string) => Record<string, unknown>;
  login: string;
  now: () => number;
  error: (status: number, message: string) => ContentReply;
}): ContentStore {
  const commits = new Map<string, CommitRecord>();
  const branches = new Map<string, string>();
  const defaultBranch = 'main';

  function resolve(ref: string): CommitRecord | undefined {
    const name = ref.replace(/^refs\/heads\//, '').replace(/^heads\//, '');
    const sha = branches.get(name) ?? ref;
    return commits.get(sha);
  }

  function treeSha(tree: Map<string, Buffer>): string {
    return sha1(
      [...tree.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([path, bytes]) => `${path} ${blobSha(bytes)}`)
        .join('\n'),
      'tree',
    );
  }

  function commitJson(commit: CommitRecord): Record<string, unknown> {
    const gitUser = {
      name: context.login,
      email: `${context.login}@users.invalid`,
      date: new Date(commit.at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    const url = `${context.api()}/commits/${commit.sha}`;
    return {
      url,
      sha: commit.sha,
      node_id: `C_fake${commit.sha.slice(0, 12)}`,
      html_url: `${context.web()}/commit/${commit.sha}`,
      comments_url: `${url}/comments`,
      commit: {
        url: `${context.api()}/git/commits/${commit.sha}`,
        author: gitUser,
        committer: gitUser,
        message: commit.message,
        comment_count: 0,
        tree: {
          sha: treeSha(commit.tree),
          url: `${context.api()}/git/trees/${treeSha(commit.tree)}`,
        },
      },
      author: context.user(context.login),
      committer: context.user(context.login),
      parents: commit.parents.map((sha) => ({
        sha,
        url: `${context.api()}/commits/${sha}`,
        html_url: `${context.web()}/commit/${sha}`,
      })),
      files: [],
    };
  }

  function fileJson(path: string, ref: string, bytes: Buffer): Record<string, unknown> {
    const sha = blobSha(bytes);
    const url = `${context.api()}/contents/${path}?ref=${ref}`;
    const html = `${context.web()}/blob/${ref}/${path}`;
    const git = `${context.api()}/git/blobs/${sha}`;
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

  return {
    pushFiles(branch, files, message = 'Update files') {
      const parent = branches.get(branch) ?? branches.get(defaultBranch);
      const tree = new Map(parent === undefined ? [] : commits.get(parent)?.tree);
      for (const [path, content] of Object.entries(files))
        tree.set(path, Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'));
      const at = context.now();
      const sha = sha1(`${parent ?? ''}\n${treeSha(tree)}\n${message}\n${at}\n${commits.size}`);
      commits.set(sha, { sha, message, parents: parent === undefined ? [] : [parent], tree, at });
      branches.set(branch, sha);
      return sha;
    },
    handlers: {
      'repos/get-commit': (request) => {
        const ref = request.params.ref ?? '';
        const commit = resolve(ref);
        return commit === undefined
          ? context.error(422, `No commit found for SHA: ${ref}`)
          : { status: 200, body: commitJson(commit) };
      },
      'repos/get-content': (request) => {
        const ref = request.query.get('ref') ?? defaultBranch;
        const commit = resolve(ref);
        if (commit === undefined) return context.error(404, `No commit found for the ref ${ref}`);
        const path = (request.params.path ?? '').replace(/^\/+/, '');
        const bytes = commit.tree.get(path);
        return bytes === undefined
          ? context.error(404, 'Not Found')
          : { status: 200, body: fileJson(path, ref, bytes) };
      },
    },
  };
}
