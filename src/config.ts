/**
 * The one site configuration: every URL, repository and address the site, the CLIs, the PDF
 * and the workflows need comes from here. Defaults serve the site locally; a deployment sets
 * the environment variables below.
 */

/** Where the OASIS mailing-list archives live (one MHonArc archive per list per month). */
export const OASIS_ARCHIVE_ROOT_DEFAULT = 'https://lists.oasis-open.org/archives/';

/** The public comment list of the PKCS 11 Technical Committee. */
export const COMMENT_LIST_ADDRESS = 'pkcs11-comment@lists.oasis-open.org';

/** This project's own repository: syncs and reviews write here unless told otherwise. */
export const GITHUB_REPOSITORY_DEFAULT = 'pkcs11-companion/usage-guide-fork';

export interface GitHubRepository {
  owner: string;
  name: string;
}

export interface SiteConfig {
  /** Origin of the public site, without a trailing slash, e.g. `https://example.org`. */
  url: string;
  /** Path under which the site is served; starts and ends with `/`. */
  baseUrl: string;
  /** Repository that holds the sources, the errata issues and the pull requests. */
  githubRepository: GitHubRepository;
  /** Branch that edit links and workflows point at. */
  defaultBranch: string;
  /** Root of the OASIS list archives, ending with `/`. */
  oasisArchiveRoot: string;
  /** Address of the OASIS comment list. */
  commentListAddress: string;
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** Raised when an environment variable holds a value the site cannot use. */
export class SiteConfigError extends Error {
  override name = 'SiteConfigError';
}

function parseRepository(value: string, variable: string): GitHubRepository {
  const match = /^(?<owner>[A-Za-z0-9][A-Za-z0-9-]{0,38})\/(?<name>[A-Za-z0-9._-]{1,100})$/.exec(
    value,
  );
  const owner = match?.groups?.owner;
  const name = match?.groups?.name;
  if (owner === undefined || name === undefined) {
    throw new SiteConfigError(
      `${variable}=${JSON.stringify(value)} is not a repository; expected owner/name, e.g. ${variable}=${GITHUB_REPOSITORY_DEFAULT}`,
    );
  }
  return { owner, name };
}

function parseUrl(value: string, variable: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new SiteConfigError(
      `${variable}=${JSON.stringify(value)} is not an absolute URL; expected e.g. ${variable}=https://example.org`,
    );
  }
}

function normaliseBaseUrl(value: string): string {
  const trimmed = value.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

/**
 * Reads the configuration from the environment:
 * `SITE_URL` (default `http://127.0.0.1:3000`), `SITE_BASE_URL` (default `/`),
 * `GITHUB_REPOSITORY` (owner/name, set by GitHub Actions), `SITE_DEFAULT_BRANCH` (default `main`),
 * `OASIS_ARCHIVE_ROOT` (default the OASIS archives).
 */
export function loadSiteConfig(env: Environment = process.env): SiteConfig {
  const url = parseUrl(env.SITE_URL ?? 'http://127.0.0.1:3000', 'SITE_URL');
  const archiveRoot = parseUrl(
    env.OASIS_ARCHIVE_ROOT ?? OASIS_ARCHIVE_ROOT_DEFAULT,
    'OASIS_ARCHIVE_ROOT',
  );
  return {
    url: url.origin,
    baseUrl: normaliseBaseUrl(env.SITE_BASE_URL ?? '/'),
    githubRepository: parseRepository(
      env.GITHUB_REPOSITORY ?? GITHUB_REPOSITORY_DEFAULT,
      'GITHUB_REPOSITORY',
    ),
    defaultBranch: env.SITE_DEFAULT_BRANCH ?? 'main',
    oasisArchiveRoot: archiveRoot.href.endsWith('/') ? archiveRoot.href : `${archiveRoot.href}/`,
    commentListAddress: COMMENT_LIST_ADDRESS,
  };
}

/** `https://github.com/owner/name` for a repository. */
export function repositoryUrl(repository: GitHubRepository): string {
  return `https://github.com/${repository.owner}/${repository.name}`;
}

/** The absolute public URL of a site path such as `guide/` (no leading slash needed). */
export function publicUrl(config: SiteConfig, path = ''): string {
  return `${config.url}${config.baseUrl}${path.replace(/^\/+/, '')}`;
}

/**
 * Where the site lives for readers elsewhere, for artifacts that leave the machine (the PDF, the
 * comment for the TC list): the configured public URL, or, while SITE_URL is a loopback address
 * (the local default), the repository's GitHub Pages address.
 */
export function publishedSiteUrl(config: SiteConfig): string {
  const host = new URL(config.url).hostname;
  if (host === '127.0.0.1' || host === 'localhost' || host === '[::1]') {
    const { owner, name } = config.githubRepository;
    return `https://${owner.toLowerCase()}.github.io/${name}/`;
  }
  return publicUrl(config);
}

/**
 * Where the TC keeps a document's editable sources on GitHub, and which section of them an
 * erratum revises: what `npm run guide -- upstream-patch` patches (and, later, what the sync
 * watches for drift). Keyed by the `affects` document ids of the errata records
 * (src/data/oasis-documents.ts); a document the TC does not keep on GitHub has no entry.
 */
export interface UpstreamDocument {
  /** The TC's repository. Pull requests target it only when a maintainer configures so. */
  repository: GitHubRepository;
  /** Branch (or tag) the sources are read from and a pull request would target. */
  ref: string;
  /** The Usage Guide folder inside the repository (it holds `files.txt`). */
  folder: string;
  /** The chapter file that holds the section. */
  chapter: string;
  /** The section number the errata records use, e.g. `2.5.2`. */
  section: string;
  /** The section's heading text, without `#` marks. */
  heading: string;
  /** Its heading level: 3 for `###`. */
  level: number;
  /** The sibling headings just before and after it, checked so a reorganised chapter is noticed. */
  previous: string;
  next: string;
  /** The file with the revision table a patch adds a row to. */
  revisionHistory: string;
  /** The one-line summary of that row. */
  revisionSummary: string;
  /** The erratum the revised text resolves; a pull request links its page. */
  erratum: string;
}

export const UPSTREAM_DOCUMENTS: Readonly<Record<string, UpstreamDocument>> = {
  'ug-3.2-cn01': {
    repository: { owner: 'oasis-tcs', name: 'pkcs11' },
    ref: 'master',
    folder: 'working/doc/ug',
    chapter: 'General_Overview.md',
    section: '2.5.2',
    heading: 'Applications and processes',
    level: 3,
    previous: 'General Guidance',
    next: 'Applications and threads',
    revisionHistory: 'Revision_History.md',
    revisionSummary:
      'Revised section 2.5.2 "Applications and processes": what a child process may do after fork() (comment E-0001)',
    erratum: 'E-0001',
  },
};

/** Who a patch names in the revision table: `UPSTREAM_EDITOR`, or a placeholder the TC replaces. */
export function upstreamEditor(env: Environment = process.env): string {
  const name = env.UPSTREAM_EDITOR?.trim();
  return name === undefined || name === '' ? 'TC editor' : name;
}

/**
 * Where `upstream-patch --open-pr` may open its pull request. The pull request goes to the
 * repository and branch the patch was read from (`--source owner/name@branch:folder`); the TC's
 * own repository (an `UPSTREAM_DOCUMENTS` entry's `repository`) only when `UPSTREAM_PR_REPOSITORY`
 * names it, so no run reaches the TC by accident. `UPSTREAM_FORK` names a fork to push the branch
 * to; without it the token's account gets (or reuses) a fork.
 */
export interface UpstreamPullRequestConfig {
  /** `UPSTREAM_PR_REPOSITORY`: when set, the only repository a pull request may target. */
  repository?: GitHubRepository;
  /** `UPSTREAM_FORK`: the fork the branch is pushed to. */
  fork?: GitHubRepository;
}

export function upstreamPullRequestConfig(
  env: Environment = process.env,
): UpstreamPullRequestConfig {
  const repository = env.UPSTREAM_PR_REPOSITORY?.trim();
  const fork = env.UPSTREAM_FORK?.trim();
  return {
    ...(repository === undefined || repository === ''
      ? {}
      : { repository: parseRepository(repository, 'UPSTREAM_PR_REPOSITORY') }),
    ...(fork === undefined || fork === '' ? {} : { fork: parseRepository(fork, 'UPSTREAM_FORK') }),
  };
}
