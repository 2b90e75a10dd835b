/** What tests hand the local GitHub and what they get back: its options and its controls. */
import type { Contract } from './contract';
import type { FaultRule, HttpFault, LoggedRequest, OnRequest, RetryAfter } from '../http';

export interface FakeGitHubOptions {
  contract: Contract;
  owner: string;
  repo: string;
  /** When set, requests need `Authorization: token <token>` or `Bearer <token>`. */
  token?: string;
  /** Primary rate limit per hour-long window. Default 5000, GitHub's for a user token. */
  rateLimit?: number;
  /** Login of the token's user: the author of what the client creates. Default: `owner`. */
  login?: string;
  /**
   * Milliseconds since the epoch, for timestamps and rate-limit windows (so x-ratelimit-reset
   * follows it too); tests can move time without waiting. Default: Date.now.
   */
  now?: () => number;
  /**
   * Git requests a new fork answers 409 "Git Repository is empty." before its objects can be
   * reached (GitHub makes forks asynchronously). Default 1.
   */
  forkReadyAfter?: number;
  /**
   * The OAuth scopes of a classic token, sent as `x-oauth-scopes` on every answer. When set,
   * writes to repositories (forks, git data, pull requests) need `public_repo` or `repo`, and are
   * refused 403 with `x-accepted-oauth-scopes` naming them, as GitHub describes in "Scopes for
   * OAuth apps". Default: unset (every scope).
   */
  scopes?: string[];
}

export interface FakeRequestLog extends LoggedRequest {
  /** Path and query as requested. */
  path: string;
  operationId?: string;
  write: boolean;
}

/**
 * The faults of test/support/http this fake serves (a reset, or an error status answered with
 * GitHub's error body), and GitHub's secondary rate limit.
 */
export type FakeFault =
  | Extract<HttpFault, { kind: 'reset' | 'status' }>
  | { kind: 'secondary-rate-limit'; status: 403 | 429; retryAfter: RetryAfter };

/**
 * `path` is matched against the path without query, `/repositories/{id}` links read as
 * `/repos/{owner}/{repo}` (a string must be equal, a RegExp must match).
 */
export type FakeFaultRule = FaultRule<FakeFault>;

export interface FakeIssue {
  number: number;
  title: string;
  body: string | null;
  labels: string[];
  state: 'open' | 'closed';
  comments: number;
  updatedAt: string;
  createdAt: string;
  closedAt: string | null;
}

export interface FakeGitHub {
  /** Base URL for octokit's baseUrl, e.g. 'http://127.0.0.1:PORT' */
  url: string;
  requests: FakeRequestLog[];
  /** Contract violations seen so far (requests and responses); tests expect [] */
  violations: string[];
  /** Current state, sorted by number. */
  issues(): FakeIssue[];
  /** An issue as if opened by someone on GitHub (labels it names are created if missing). */
  seedIssue(input: {
    title: string;
    body?: string;
    labels?: string[];
    state?: 'open' | 'closed';
    comments?: number;
    author?: string;
  }): FakeIssue;
  /** A maintainer acting on GitHub: bumps updated_at, so ETags change. */
  editIssue(
    number: number,
    patch: { labels?: string[]; state?: 'open' | 'closed'; title?: string; body?: string },
  ): void;
  addComment(number: number, body: string, author?: string): void;
  /** The comments of an issue (or pull request), oldest first. */
  comments(number: number): { id: number; body: string; author: string }[];
  /** A pull request that mentions the issue: a `cross-referenced` timeline event. */
  addCrossReference(number: number, pullRequest: { number: number; title?: string }): void;
  addFault(rule: FakeFaultRule): void;
  /** Primary limit hit: x-ratelimit-remaining 0 and 403s until the reset. */
  exhaustRateLimit(resetInSeconds: number): void;
  /**
   * Called as each request arrives (its body read), before it is processed; crash tests kill a
   * client here. The request is processed afterwards all the same, as GitHub would.
   */
  onRequest: OnRequest<{ method: string; path: string }>;
  /**
   * Commits files (path → content) onto a branch of the repository, as if pushed on GitHub; the
   * branch is created from `main` when new. Returns the commit SHA. Read back through
   * `repos/get-commit` and `repos/get-content`.
   */
  pushFiles(
    branch: string,
    files: Record<string, string | Buffer>,
    message?: string,
    /** `owner/name` of another repository the fake should hold (created when new). */
    repository?: string,
  ): string;
  /** The files of a branch of any repository the fake holds (its main one or a fork), path → text. */
  branchFiles(repository: string, branch: string): Map<string, string> | undefined;
  /** The pull requests of every repository, in the order they were opened. */
  pulls(): FakePullRequest[];
  /**
   * Empties `requests` (not `violations`). Arrivals keep counting, so request ids stay unique over
   * the fake's life, as GitHub's x-github-request-id does.
   */
  resetLog(): void;
  close(): Promise<void>;
}

export interface FakePullRequest {
  number: number;
  /** `owner/name` of the repository the pull request is against. */
  repository: string;
  base: string;
  /** `owner:branch` */
  head: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
}
