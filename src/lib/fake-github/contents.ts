/**
 * The fake GitHub's git contents, for the main repository and the forks made of it: git objects
 * (blobs, trees as whole path → bytes maps, commits) shared by the fork network as on GitHub, and
 * branches per repository. Behind:
 * - `repos/get-commit` (a ref resolved to a commit; an unknown ref answered 422 "No commit found
 *   for SHA", as api.github.com does) and `repos/get-content` (a file as base64 with its blob SHA);
 * - the Git Data API: `git/get-ref`, `git/create-ref`, `git/update-ref` (fast-forward unless
 *   `force`), `git/create-blob`, `git/create-tree` (flat paths with slashes, `base_tree`),
 *   `git/create-commit`, `git/get-commit`;
 * - `repos/get` and `repos/create-fork`: a fork is answered 202 at once, and its git objects stay
 *   unreachable (409 "Git Repository is empty.") for the next `forkReadyAfter` git requests, since
 *   "forking a repository happens asynchronously" (GitHub's REST documentation, "Create a fork").
 * Tests push files as if someone committed on GitHub.
 */
import { createHash } from 'node:crypto';

export interface ContentReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ContentRequest {
  query: URLSearchParams;
  params: Record<string, string>;
  body: unknown;
}

interface CommitRecord {
  sha: string;
  message: string;
  parents: string[];
  tree: Map<string, Buffer>;
  at: number;
}

export interface RepositoryRecord {
  owner: string;
  name: string;
  id: number;
  /** The repository it was forked from. */
  parent: RepositoryRecord | undefined;
  branches: Map<string, string>;
  createdAt: number;
  /** Git requests still to be answered 409 while the fork is being made. */
  notReady: number;
}

export interface ContentStore {
  /**
   * Commits files onto a branch (created if new) over its current tree; returns the commit SHA.
   * `repository` (`owner/name`, default the main one) is created, not as a fork, when new.
   */
  pushFiles(
    branch: string,
    files: Record<string, string | Buffer>,
    message?: string,
    repository?: string,
  ): string;
  /** The repository `owner/name` (any case), if the fake holds it. */
  repository(owner: string, name: string): RepositoryRecord | undefined;
  /** Every repository of the fork network `record` belongs to, `record` included. */
  network(record: RepositoryRecord): RepositoryRecord[];
  /** The files of a branch (path → text), or undefined when the branch does not exist. */
  branchFiles(owner: string, name: string, branch: string): Map<string, string> | undefined;
  /** The commit SHA a branch points at. */
  branchSha(owner: string, name: string, branch: string): string | undefined;
  /** True when `ancestor` is `sha` or one of its ancestors. */
  isAncestor(ancestor: string, sha: string): boolean;
  /** The repository JSON GitHub sends (`full`: the full-repository form of repos/get). */
  repositoryJson(record: RepositoryRecord, full: boolean): Record<string, unknown>;
  handlers: Record<string, (request: ContentRequest) => ContentReply>;
}

function sha1(text: string | Buffer, prefix = ''): string {
  return createHash('sha1').update(prefix).update(text).digest('hex');
}

/** The git blob SHA of some bytes, as `git hash-object` computes it. */
function blobSha(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function createContentStore(context: {
  owner: string;
  repo: string;
  /** The main repository's numeric id (its `/repositories/{id}` links). */
  id: number;
  base: () => string;
  user: (name: string) => Record<string, unknown>;
  login: string;
  now: () => number;
  error: (status: number, message: string) => ContentReply;
  /** Git requests a new fork answers 409 before it is ready; default 1. */
  forkReadyAfter?: number;
}): ContentStore {
  const commits = new Map<string, CommitRecord>();
  const trees = new Map<string, Map<string, Buffer>>();
  const blobs = new Map<string, Buffer>();
  const repositories = new Map<string, RepositoryRecord>();
  const defaultBranch = 'main';
  let nextRepositoryId = context.id + 1;

  const keyOf = (owner: string, name: string): string => `${owner}/${name}`.toLowerCase();
  const main: RepositoryRecord = {
    owner: context.owner,
    name: context.repo,
    id: context.id,
    parent: undefined,
    branches: new Map(),
    createdAt: context.now(),
    notReady: 0,
  };
  repositories.set(keyOf(main.owner, main.name), main);

  const api = (record: RepositoryRecord): string =>
    `${context.base()}/repos/${record.owner}/${record.name}`;
  const web = (record: RepositoryRecord): string =>
    `https://github.com/${record.owner}/${record.name}`;

  function treeSha(tree: Map<string, Buffer>): string {
    const sha = sha1(
      [...tree.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([path, bytes]) => `${path} ${blobSha(bytes)}`)
        .join('\n'),
      'tree',
    );
    if (!trees.has(sha)) trees.set(sha, new Map(tree));
    return sha;
  }

  function addCommit(input: Omit<CommitRecord, 'sha'>): CommitRecord {
    const sha = sha1(
      `${input.parents.join(',')}\n${treeSha(input.tree)}\n${input.message}\n${input.at}\n${commits.size}`,
    );
    const commit = { ...input, sha };
    commits.set(sha, commit);
    for (const bytes of input.tree.values()) blobs.set(blobSha(bytes), bytes);
    return commit;
  }

  function resolve(record: RepositoryRecord, ref: string): CommitRecord | undefined {
    const name = ref.replace(/^refs\/heads\//, '').replace(/^heads\//, '');
    const sha = record.branches.get(name) ?? ref;
    return commits.get(sha);
  }

  function isAncestor(ancestor: string, sha: string): boolean {
    const queue = [sha];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const next = queue.pop() as string;
      if (next === ancestor) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(commits.get(next)?.parents ?? []));
    }
    return false;
  }

  function repositoryDefaultBranch(record: RepositoryRecord): string {
    return record.branches.has(defaultBranch)
      ? defaultBranch
      : ([...record.branches.keys()][0] ?? defaultBranch);
  }

  function repositoryJson(record: RepositoryRecord, full: boolean): Record<string, unknown> {
    const url = api(record);
    const html = web(record);
    const at = iso(record.createdAt);
    const json: Record<string, unknown> = {
      id: record.id,
      node_id: `R_fake${record.id}`,
      name: record.name,
      full_name: `${record.owner}/${record.name}`,
      private: false,
      owner: context.user(record.owner),
      html_url: html,
      description: null,
      fork: record.parent !== undefined,
      url,
      archive_url: `${url}/{archive_format}{/ref}`,
      assignees_url: `${url}/assignees{/user}`,
      blobs_url: `${url}/git/blobs{/sha}`,
      branches_url: `${url}/branches{/branch}`,
      collaborators_url: `${url}/collaborators{/collaborator}`,
      comments_url: `${url}/comments{/number}`,
      commits_url: `${url}/commits{/sha}`,
      compare_url: `${url}/compare/{base}...{head}`,
      contents_url: `${url}/contents/{+path}`,
      contributors_url: `${url}/contributors`,
      deployments_url: `${url}/deployments`,
      downloads_url: `${url}/downloads`,
      events_url: `${url}/events`,
      forks_url: `${url}/forks`,
      git_commits_url: `${url}/git/commits{/sha}`,
      git_refs_url: `${url}/git/refs{/sha}`,
      git_tags_url: `${url}/git/tags{/sha}`,
      git_url: `git://github.com/${record.owner}/${record.name}.git`,
      hooks_url: `${url}/hooks`,
      issue_comment_url: `${url}/issues/comments{/number}`,
      issue_events_url: `${url}/issues/events{/number}`,
      issues_url: `${url}/issues{/number}`,
      keys_url: `${url}/keys{/key_id}`,
      labels_url: `${url}/labels{/name}`,
      languages_url: `${url}/languages`,
      merges_url: `${url}/merges`,
      milestones_url: `${url}/milestones{/number}`,
      notifications_url: `${url}/notifications{?since,all,participating}`,
      pulls_url: `${url}/pulls{/number}`,
      releases_url: `${url}/releases{/id}`,
      ssh_url: `git@github.com:${record.owner}/${record.name}.git`,
      stargazers_url: `${url}/stargazers`,
      statuses_url: `${url}/statuses/{sha}`,
      subscribers_url: `${url}/subscribers`,
      subscription_url: `${url}/subscription`,
      tags_url: `${url}/tags`,
      teams_url: `${url}/teams`,
      trees_url: `${url}/git/trees{/sha}`,
      clone_url: `${html}.git`,
      mirror_url: null,
      svn_url: html,
      homepage: null,
      language: null,
      forks_count: 0,
      forks: 0,
      stargazers_count: 0,
      watchers_count: 0,
      watchers: 0,
      size: 0,
      default_branch: repositoryDefaultBranch(record),
      open_issues_count: 0,
      open_issues: 0,
      has_issues: record.parent === undefined,
      has_projects: true,
      has_wiki: true,
      has_pages: false,
      has_downloads: true,
      archived: false,
      disabled: false,
      license: null,
      pushed_at: at,
      created_at: at,
      updated_at: at,
    };
    if (full) {
      json.has_discussions = false;
      json.network_count = 0;
      json.subscribers_count = 0;
      const root = (start: RepositoryRecord): RepositoryRecord =>
        start.parent === undefined ? start : root(start.parent);
      if (record.parent !== undefined) {
        json.parent = repositoryJson(record.parent, false);
        json.source = repositoryJson(root(record), false);
      }
    }
    return json;
  }

  function commitJson(record: RepositoryRecord, commit: CommitRecord): Record<string, unknown> {
    const gitUser = {
      name: context.login,
      email: `${context.login}@users.invalid`,
      date: iso(commit.at),
    };
    const url = `${api(record)}/commits/${commit.sha}`;
    const tree = treeSha(commit.tree);
    return {
      url,
      sha: commit.sha,
      node_id: `C_fake${commit.sha.slice(0, 12)}`,
      html_url: `${web(record)}/commit/${commit.sha}`,
      comments_url: `${url}/comments`,
      commit: {
        url: `${api(record)}/git/commits/${commit.sha}`,
        author: gitUser,
        committer: gitUser,
        message: commit.message,
        comment_count: 0,
        tree: { sha: tree, url: `${api(record)}/git/trees/${tree}` },
      },
      author: context.user(context.login),
      committer: context.user(context.login),
      parents: commit.parents.map((sha) => ({
        sha,
        url: `${api(record)}/commits/${sha}`,
        html_url: `${web(record)}/commit/${sha}`,
      })),
      files: [],
    };
  }

  function gitCommitJson(record: RepositoryRecord, commit: CommitRecord): Record<string, unknown> {
    const gitUser = {
      name: context.login,
      email: `${context.login}@users.invalid`,
      date: iso(commit.at),
    };
    const tree = treeSha(commit.tree);
    return {
      sha: commit.sha,
      node_id: `C_fake${commit.sha.slice(0, 12)}`,
      url: `${api(record)}/git/commits/${commit.sha}`,
      html_url: `${web(record)}/commit/${commit.sha}`,
      author: gitUser,
      committer: gitUser,
      tree: { sha: tree, url: `${api(record)}/git/trees/${tree}` },
      message: commit.message,
      parents: commit.parents.map((sha) => ({
        sha,
        url: `${api(record)}/git/commits/${sha}`,
        html_url: `${web(record)}/commit/${sha}`,
      })),
      verification: {
        verified: false,
        reason: 'unsigned',
        payload: null,
        signature: null,
        verified_at: null,
      },
    };
  }

  function refJson(record: RepositoryRecord, branch: string, sha: string): Record<string, unknown> {
    return {
      ref: `refs/heads/${branch}`,
      node_id: `REF_fake${sha1(`${record.id}:${branch}`).slice(0, 12)}`,
      url: `${api(record)}/git/refs/heads/${branch}`,
      object: { type: 'commit', sha, url: `${api(record)}/git/commits/${sha}` },
    };
  }

  function fileJson(
    record: RepositoryRecord,
    path: string,
    ref: string,
    bytes: Buffer,
  ): Record<string, unknown> {
    const sha = blobSha(bytes);
    const url = `${api(record)}/contents/${path}?ref=${ref}`;
    const html = `${web(record)}/blob/${ref}/${path}`;
    const git = `${api(record)}/git/blobs/${sha}`;
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

  function validationFailed(message: string): ContentReply {
    return context.error(422, message);
  }

  /** The repository of a request, and whether its git objects can be reached yet. */
  function target(
    request: ContentRequest,
  ): { record: RepositoryRecord; reply?: undefined } | { reply: ContentReply } {
    const record = repositories.get(keyOf(request.params.owner ?? '', request.params.repo ?? ''));
    if (record === undefined) return { reply: context.error(404, 'Not Found') };
    if (record.notReady > 0) {
      record.notReady -= 1;
      return { reply: context.error(409, 'Git Repository is empty.') };
    }
    return { record };
  }

  /** `heads/<branch>` (or `refs/heads/<branch>`) → the branch name; tags are not served. */
  function branchOfRef(ref: string): string | undefined {
    const match = /^(?:refs\/)?heads\/(.+)$/.exec(ref);
    return match?.[1];
  }

  return {
    pushFiles(branch, files, message = 'Update files', repository) {
      let record = main;
      if (repository !== undefined) {
        const [owner = '', name = ''] = repository.split('/');
        record = repositories.get(keyOf(owner, name)) ?? {
          owner,
          name,
          id: nextRepositoryId++,
          parent: undefined,
          branches: new Map(),
          createdAt: context.now(),
          notReady: 0,
        };
        repositories.set(keyOf(owner, name), record);
      }
      const parent = record.branches.get(branch) ?? record.branches.get(defaultBranch);
      const tree = new Map(parent === undefined ? [] : commits.get(parent)?.tree);
      for (const [path, content] of Object.entries(files))
        tree.set(path, Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'));
      const commit = addCommit({
        message,
        parents: parent === undefined ? [] : [parent],
        tree,
        at: context.now(),
      });
      record.branches.set(branch, commit.sha);
      return commit.sha;
    },
    repository: (owner, name) => repositories.get(keyOf(owner, name)),
    network(record) {
      const root = (start: RepositoryRecord): RepositoryRecord =>
        start.parent === undefined ? start : root(start.parent);
      return [...repositories.values()].filter((other) => root(other) === root(record));
    },
    branchSha: (owner, name, branch) => repositories.get(keyOf(owner, name))?.branches.get(branch),
    branchFiles(owner, name, branch) {
      const sha = repositories.get(keyOf(owner, name))?.branches.get(branch);
      const commit = sha === undefined ? undefined : commits.get(sha);
      if (commit === undefined) return undefined;
      return new Map([...commit.tree].map(([path, bytes]) => [path, bytes.toString('utf8')]));
    },
    isAncestor,
    repositoryJson,
    handlers: {
      'repos/get-commit': (request) => {
        const found = target(request);
        if (found.reply !== undefined) return found.reply;
        const ref = request.params.ref ?? '';
        const commit = resolve(found.record, ref);
        return commit === undefined
          ? context.error(422, `No commit found for SHA: ${ref}`)
          : { status: 200, body: commitJson(found.record, commit) };
      },
      'repos/get-content': (request) => {
        const found = target(request);
        if (found.reply !== undefined) return found.reply;
        const ref = request.query.get('ref') ?? repositoryDefaultBranch(found.record);
        const commit = resolve(found.record, ref);
        if (commit === undefined) return context.error(404, `No commit found for the ref ${ref}`);
        const path = (request.params.path ?? '').replace(/^\/+/, '');
        const bytes = commit.tree.get(path);
        return bytes === undefined
          ? context.error(404, 'Not Found')
          : { status: 200, body: fileJson(found.record, path, ref, bytes) };
      },
      'repos/get': (request) => {
        const record = repositories.get(
          keyOf(request.params.owner ?? '', request.params.repo ?? ''),
        );
        return record === undefined
          ? context.error(404, 'Not Found')
          : { status: 200, body: repositoryJson(record, true) };
      },
      'repos/create-fork': (request) => {
        const parent = repositories.get(
          keyOf(request.params.owner ?? '', request.params.repo ?? ''),
        );
        if (parent === undefined) return context.error(404, 'Not Found');
        const body = (request.body ?? {}) as {
          organization?: string;
          name?: string;
          default_branch_only?: boolean;
        };
        const owner = body.organization ?? context.login;
        if (owner.toLowerCase() === parent.owner.toLowerCase())
          return validationFailed('Cannot fork a repository into the account that owns it.');
        // A second request for the same fork answers with the fork that exists (GitHub does too).
        const existing = [...repositories.values()].find(
          (record) =>
            record.parent === parent && record.owner.toLowerCase() === owner.toLowerCase(),
        );
        if (existing !== undefined) return { status: 202, body: repositoryJson(existing, true) };
        let name = body.name ?? parent.name;
        for (let suffix = 1; repositories.has(keyOf(owner, name)); suffix += 1)
          name = `${body.name ?? parent.name}-${suffix}`;
        const branches =
          body.default_branch_only === true
            ? new Map(
                [...parent.branches].filter(
                  ([branch]) => branch === repositoryDefaultBranch(parent),
                ),
              )
            : new Map(parent.branches);
        const fork: RepositoryRecord = {
          owner,
          name,
          id: nextRepositoryId++,
          parent,
          branches,
          createdAt: context.now(),
          notReady: context.forkReadyAfter ?? 1,
        };
        repositories.set(keyOf(owner, name), fork);
        return { status: 202, body: repositoryJson(fork, true) };
      },
      'git/get-ref': (request) => {
        const found = target(request);
        if (found.reply !== undefined) return found.reply;
        const branch = branchOfRef(request.params.ref ?? '');
        const sha = branch === undefined ? undefined : found.record.branches.get(branch);
        return branch === undefined || sha === undefined
          ? context.error(404, 'Not Found')
          : { status: 200, body: refJson(found.record, branch, sha) };
      },
      'git/create-ref': (request) => {
        const found = target(request);
        if (found.reply !== undefined) return found.reply;
        const { ref, sha } = request.body as { ref: string; sha: string };
        const branch = /^refs\//.test(ref) ? branchOfRef(ref) : undefined;
        if (branch === undefined)
          return validationFailed(`${ref} is not a valid ref name; expected refs/heads/<branch>.`);
        if (found.record.branches.has(branch)) return validationFailed('Reference already exists');
        if (!commits.has(sha)) return validationFailed('Object does not exist');
        found.record.branches.set(branch, sha);
        const json = refJson(found.record, branch, sha);
        return { status: 201, body: json, headers: { location: String(json.url) } };
      },
      'git/update-ref': (request) => {
        const found = target(request);
        if (found.reply !== undefined) return found.reply;
        const branch = branchOfRef(request.params.ref ?? '');
        const current = branch === undefined ? undefined : found.record.branches.get(branch);
        if (branch === undefined || current === undefined)
          return validationFailed('Reference does not exist');
        const { sha, force } = request.body as { sha: string; force?: boolean };
        if (!commits.has(sha)) return validationFailed('Object does not exist');
        if (force !== true && !isAncestor(current, sha))
          return validationFailed('Update is not a fast forward');
        found.record.branches.set(branch, sha);
        return { status: 200, body: refJson(found.record, branch, sha) };
      },
      'git/get-commit': (request) => {
        const found = target(request);
        if (found.reply !== undefined) return found.reply;
        const commit = commits.get(request.params.commit_sha ?? '');
        return commit === undefined
          ? context.error(404, 'Not Found')
          : { status: 200, body: gitCommitJson(found.record, commit) };
      },
      'git/create-blob': (request) => {
        const found = target(request);
        if (found.reply !== undefined) return found.reply;
        const { content, encoding } = request.body as { content: string; encoding?: string };
        if (encoding !== undefined && encoding !== 'utf-8' && encoding !== 'base64')
          return validationFailed(`encoding ${encoding} is not supported; use utf-8 or base64`);
        const bytes = Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8');
        const sha = blobSha(bytes);
        blobs.set(sha, bytes);
        const url = `${api(found.record)}/git/blobs/${sha}`;
        return { status: 201, body: { url, sha }, headers: { location: url } };
      },
      'git/create-tree': (request) => {
        const found = target(request);
        if (found.reply !== undefined) return found.reply;
        const body = request.body as {
          base_tree?: string;
          tree: {
            path?: string;
            mode?: string;
            type?: string;
            sha?: string | null;
            content?: string;
          }[];
        };
        const base = body.base_tree === undefined ? new Map() : trees.get(body.base_tree);
        if (base === undefined) return validationFailed('Invalid tree info: base_tree not found');
        const tree = new Map<string, Buffer>(base);
        for (const entry of body.tree) {
          const path = entry.path ?? '';
          if (path === '' || entry.type !== 'blob' || entry.mode !== '100644')
            return validationFailed(
              `Invalid tree info: this fake takes regular files only (type blob, mode 100644), got ${path}`,
            );
          if (entry.sha === null) {
            tree.delete(path);
          } else if (typeof entry.content === 'string') {
            tree.set(path, Buffer.from(entry.content, 'utf8'));
          } else {
            const bytes = blobs.get(entry.sha ?? '');
            if (bytes === undefined)
              return validationFailed(`Invalid tree info: ${path}: no blob ${entry.sha ?? ''}`);
            tree.set(path, bytes);
          }
        }
        const sha = treeSha(tree);
        // GitHub lists the top level of the new tree; folders are tree entries.
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
              url: `${api(found.record)}/git/blobs/${blob}`,
            });
          } else if (!top.has(first)) {
            const sub = sha1(`${sha}:${first}`, 'subtree');
            top.set(first, {
              path: first,
              mode: '040000',
              type: 'tree',
              sha: sub,
              url: `${api(found.record)}/git/trees/${sub}`,
            });
          }
        }
        const url = `${api(found.record)}/git/trees/${sha}`;
        return {
          status: 201,
          body: { sha, url, tree: [...top.values()], truncated: false },
          headers: { location: url },
        };
      },
      'git/create-commit': (request) => {
        const found = target(request);
        if (found.reply !== undefined) return found.reply;
        const body = request.body as { message: string; tree: string; parents?: string[] };
        const tree = trees.get(body.tree);
        if (tree === undefined) return validationFailed('Tree SHA does not exist');
        const parents = body.parents ?? [];
        if (parents.some((sha) => !commits.has(sha)))
          return validationFailed('Parent SHA does not exist or is not a commit object');
        const commit = addCommit({ message: body.message, parents, tree, at: context.now() });
        const json = gitCommitJson(found.record, commit);
        return { status: 201, body: json, headers: { location: String(json.url) } };
      },
    },
  };
}
