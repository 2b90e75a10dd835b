/**
 * The fake's git data, for the main repository and the forks made of it: git objects (blobs,
 * trees as whole path → bytes maps, commits) shared by the fork network as on GitHub, and
 * branches per repository. A fork's objects stay unreachable for its first `notReady` git
 * requests, since "forking a repository happens asynchronously" (GitHub's REST documentation,
 * "Create a fork").
 */
import { blobSha, sha1 } from './git-hash';

export interface CommitRecord {
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

const DEFAULT_BRANCH = 'main';

export function defaultBranchOf(record: RepositoryRecord): string {
  return record.branches.has(DEFAULT_BRANCH)
    ? DEFAULT_BRANCH
    : ([...record.branches.keys()][0] ?? DEFAULT_BRANCH);
}

/** The repository at the root of the fork network. */
export function rootOf(record: RepositoryRecord): RepositoryRecord {
  return record.parent === undefined ? record : rootOf(record.parent);
}

export type GitStore = ReturnType<typeof createGitStore>;

export function createGitStore(
  main: { owner: string; repo: string; id: number },
  now: () => number,
) {
  const commits = new Map<string, CommitRecord>();
  const trees = new Map<string, Map<string, Buffer>>();
  const blobs = new Map<string, Buffer>();
  const repositories = new Map<string, RepositoryRecord>();
  let nextRepositoryId = main.id + 1;

  const keyOf = (owner: string, name: string): string => `${owner}/${name}`.toLowerCase();

  function addRepository(
    owner: string,
    name: string,
    id: number,
    parent?: RepositoryRecord,
    notReady = 0,
  ): RepositoryRecord {
    const record: RepositoryRecord = {
      owner,
      name,
      id,
      parent,
      branches: new Map(),
      createdAt: now(),
      notReady,
    };
    repositories.set(keyOf(owner, name), record);
    return record;
  }
  const mainRecord = addRepository(main.owner, main.repo, main.id);

  /** The tree's SHA; the tree is kept, so commits and tree entries can name it. */
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
    for (const bytes of input.tree.values()) storeBlob(bytes);
    return commit;
  }

  /** A branch name (`main`, `heads/main`, `refs/heads/main`) or a commit SHA → the commit. */
  function resolve(record: RepositoryRecord, ref: string): CommitRecord | undefined {
    const name = ref.replace(/^refs\/heads\//, '').replace(/^heads\//, '');
    const sha = record.branches.get(name) ?? ref;
    return commits.get(sha);
  }

  /** True when `ancestor` is `sha` or one of its ancestors. */
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

  /** The repository `owner/name` (any case), if the fake holds it. */
  const repository = (owner: string, name: string): RepositoryRecord | undefined =>
    repositories.get(keyOf(owner, name));

  /**
   * Commits files onto a branch (created from `main` if new) over its current tree; returns the
   * commit SHA. `repository` (`owner/name`, default the main one) is created, not as a fork, when new.
   */
  function pushFiles(
    branch: string,
    files: Record<string, string | Buffer>,
    message = 'Update files',
    repositoryName?: string,
  ): string {
    let record = mainRecord;
    if (repositoryName !== undefined) {
      const [owner = '', name = ''] = repositoryName.split('/');
      record = repository(owner, name) ?? addRepository(owner, name, nextRepositoryId++);
    }
    const parent = record.branches.get(branch) ?? record.branches.get(DEFAULT_BRANCH);
    const tree = new Map(parent === undefined ? [] : commits.get(parent)?.tree);
    for (const [path, content] of Object.entries(files))
      tree.set(path, Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'));
    const commit = addCommit({
      message,
      parents: parent === undefined ? [] : [parent],
      tree,
      at: now(),
    });
    record.branches.set(branch, commit.sha);
    return commit.sha;
  }

  /**
   * Forks `parent` into `owner`'s account, as `name` or `name-1`, `name-2`… when taken. The fork
   * gets the parent's branches (only its default one with `defaultBranchOnly`).
   */
  function fork(
    parent: RepositoryRecord,
    owner: string,
    name: string,
    defaultBranchOnly: boolean,
    readyAfter: number,
  ): RepositoryRecord {
    let free = name;
    for (let suffix = 1; repositories.has(keyOf(owner, free)); suffix += 1)
      free = `${name}-${suffix}`;
    const record = addRepository(owner, free, nextRepositoryId++, parent, readyAfter);
    record.branches = defaultBranchOnly
      ? new Map([...parent.branches].filter(([branch]) => branch === defaultBranchOf(parent)))
      : new Map(parent.branches);
    return record;
  }

  /** Keeps a blob; returns its SHA. */
  function storeBlob(bytes: Buffer): string {
    const sha = blobSha(bytes);
    blobs.set(sha, bytes);
    return sha;
  }

  return {
    commits,
    trees,
    blobs,
    main: mainRecord,
    repositories: () => [...repositories.values()],
    repository,
    treeSha,
    addCommit,
    storeBlob,
    resolve,
    isAncestor,
    pushFiles,
    fork,
    /** Every repository of the fork network `record` belongs to, `record` included. */
    network: (record: RepositoryRecord): RepositoryRecord[] =>
      [...repositories.values()].filter((other) => rootOf(other) === rootOf(record)),
    /** The commit SHA a branch points at. */
    branchSha: (owner: string, name: string, branch: string): string | undefined =>
      repository(owner, name)?.branches.get(branch),
    /** The files of a branch (path → text), or undefined when the branch does not exist. */
    branchFiles(owner: string, name: string, branch: string): Map<string, string> | undefined {
      const sha = repository(owner, name)?.branches.get(branch);
      const commit = sha === undefined ? undefined : commits.get(sha);
      if (commit === undefined) return undefined;
      return new Map([...commit.tree].map(([path, bytes]) => [path, bytes.toString('utf8')]));
    },
  };
}
