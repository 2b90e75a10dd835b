/**
 * An in-memory GitHub for tests of the issue sync: one repository's issues, labels, comments and
 * timeline behind the REST endpoints the sync calls, shaped like api.github.com where a client
 * can tell (ETags and 304s that cost no rate limit, Link pagination, rate-limit headers and
 * errors, GitHub's error bodies). Every request and every response is checked against GitHub's
 * OpenAPI description (./contract); mismatches land in `violations`, which tests expect empty.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createContentStore } from './contents';
import type { Contract } from './contract';
import { createPullStore, type FakePullRequest } from './pulls';

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

export interface FakeRequestLog {
  method: string;
  /** Path and query as requested. */
  path: string;
  /** 0 while the request is in flight, and when its connection was reset instead of answered. */
  status: number;
  /** The request carried If-None-Match or If-Modified-Since. */
  conditional: boolean;
  operationId?: string;
  write: boolean;
}

export type FakeFault =
  | { kind: 'status'; status: 500 | 502 | 503 }
  | { kind: 'secondary-rate-limit'; status: 403 | 429; retryAfter: number }
  /** The connection is closed before the request is processed: nothing changes. */
  | { kind: 'reset' };

export interface FakeFaultRule {
  method?: string;
  /**
   * Matched against the path without query, `/repositories/{id}` links read as
   * `/repos/{owner}/{repo}` (a string must be equal, a RegExp must match).
   */
  path: string | RegExp;
  /** How many matching requests fail before the rule is spent. */
  times: number;
  fault: FakeFault;
}

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
  onRequest: ((request: { method: string; path: string }, arrivals: number) => void) | undefined;
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
  /** Empties `requests` (not `violations`). */
  resetLog(): void;
  close(): Promise<void>;
}

type State = 'open' | 'closed';

interface CommentRecord {
  id: number;
  seq: number;
  body: string;
  author: string;
  createdAt: number;
  updatedAt: number;
}

type EventRecord = { id: number; seq: number; at: number; actor: string } & (
  | { kind: 'labeled' | 'unlabeled'; label: string; color: string }
  | { kind: 'closed' | 'reopened'; stateReason: string | null }
  | { kind: 'renamed'; from: string; to: string }
  | { kind: 'cross-referenced'; pullRequest: { number: number; title: string } }
);

/** An event before it gets its id and place in the timeline. */
type NewEvent = EventRecord extends infer E
  ? E extends unknown
    ? Omit<E, 'id' | 'seq'>
    : never
  : never;

interface IssueRecord {
  number: number;
  id: number;
  title: string;
  body: string | null;
  labels: string[];
  state: State;
  stateReason: string | null;
  author: string;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  closedBy: string | null;
  comments: CommentRecord[];
  events: EventRecord[];
}

interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Single resources GitHub sends Last-Modified for. */
  lastModified?: number;
}

interface Request {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  body: unknown;
}

const DOCS = 'https://docs.github.com/rest';
const RATE_LIMIT_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';
const SECONDARY_DOCS = `${RATE_LIMIT_DOCS}#about-secondary-rate-limits`;
const WINDOW_SECONDS = 3600;
/** GitHub's colour for labels created implicitly by issue writes. */
const DEFAULT_LABEL_COLOR = 'ededed';
const DEFAULT_AUTHOR = 'octocat';
const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
/** Writes a classic token needs `public_repo` (or `repo`) for; issue writes are left unchecked. */
const REPOSITORY_WRITES =
  /^(repos\/create-fork|git\/create-|git\/update-ref|pulls\/(create|update))/;
const REPOSITORY_SCOPES = ['public_repo', 'repo'];
/** The repository's numeric id, used in node ids and the `/repositories/{id}` links GitHub sends. */
const REPOSITORY_ID = 1296269;
/** Timeline events and the component schema each must satisfy (the union accepts anything). */
const TIMELINE_SCHEMAS: Record<string, string> = {
  labeled: 'labeled-issue-event',
  unlabeled: 'unlabeled-issue-event',
  closed: 'state-change-issue-event',
  reopened: 'state-change-issue-event',
  renamed: 'renamed-issue-event',
  commented: 'timeline-comment-event',
  'cross-referenced': 'timeline-cross-referenced-event',
};

/** GitHub's timestamps: UTC, whole seconds. */
function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** GitHub's error body: message, documentation_url and the status as a string. */
function error(status: number, message: string): Reply {
  return { status, body: { message, documentation_url: DOCS, status: String(status) } };
}

function notFound(): Reply {
  return error(404, 'Not Found');
}

function etagOf(text: string): string {
  return `W/"${createHash('sha256').update(text).digest('hex')}"`;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = (tag: string): string => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

function labelNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const names: string[] = [];
  for (const item of value) {
    const name =
      typeof item === 'string'
        ? item
        : typeof item === 'object' && item !== null && 'name' in item
          ? String((item as { name: unknown }).name)
          : undefined;
    if (name === undefined || name.trim() === '') continue;
    if (!names.some((known) => known.toLowerCase() === name.toLowerCase())) names.push(name);
  }
  return names;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    request.on('error', reject);
  });
}

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const { contract, owner, repo, token } = options;
  const login = options.login ?? owner;
  const limit = options.rateLimit ?? 5000;
  const now = options.now ?? Date.now;
  // Whole seconds, never going back, like GitHub's timestamps.
  let lastTime = 0;
  const clock = (): number => {
    lastTime = Math.max(lastTime, Math.floor(now() / 1000) * 1000);
    return lastTime;
  };

  const issues = new Map<number, IssueRecord>();
  const labels = new Map<string, LabelRecord>();
  const userIds = new Map<string, number>();
  const faults: FakeFaultRule[] = [];
  let nextNumber = 1;
  let nextId = 1;
  let seq = 0;
  let arrivals = 0;
  const rate = { used: 0, reset: Math.floor(now() / 1000) + WINDOW_SECONDS };

  let base = '';
  const api = (): string => `${base}/repos/${owner}/${repo}`;
  // Web pages live on github.com, API resources on the local server, as on GitHub (html_url vs url).
  const web = (): string => `https://github.com/${owner}/${repo}`;

  function userId(name: string): number {
    let id = userIds.get(name);
    if (id === undefined) {
      id = userIds.size + 1;
      userIds.set(name, id);
    }
    return id;
  }

  function user(name: string): Record<string, unknown> {
    const id = userId(name);
    const url = `${base}/users/${name}`;
    return {
      login: name,
      id,
      node_id: `U_fake${id}`,
      avatar_url: `${base}/avatars/u/${id}?v=4`,
      gravatar_id: '',
      url,
      html_url: `https://github.com/${name}`,
      followers_url: `${url}/followers`,
      following_url: `${url}/following{/other_user}`,
      gists_url: `${url}/gists{/gist_id}`,
      starred_url: `${url}/starred{/owner}{/repo}`,
      subscriptions_url: `${url}/subscriptions`,
      organizations_url: `${url}/orgs`,
      repos_url: `${url}/repos`,
      events_url: `${url}/events{/privacy}`,
      received_events_url: `${url}/received_events`,
      type: 'User',
      user_view_type: 'public',
      site_admin: false,
    };
  }

  const association = (name: string): string => (name === owner ? 'OWNER' : 'NONE');

  function reactions(url: string): Record<string, unknown> {
    return {
      url: `${url}/reactions`,
      total_count: 0,
      '+1': 0,
      '-1': 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0,
    };
  }

  function labelJson(label: LabelRecord): Record<string, unknown> {
    return {
      id: label.id,
      node_id: `LA_fake${label.id}`,
      url: `${api()}/labels/${encodeURIComponent(label.name)}`,
      name: label.name,
      color: label.color,
      default: false,
      description: label.description,
    };
  }

  /** The label of that name, any case; created with GitHub's default colour if missing. */
  function ensureLabel(name: string): LabelRecord {
    const key = name.toLowerCase();
    let label = labels.get(key);
    if (!label) {
      label = { id: nextId++, name, color: DEFAULT_LABEL_COLOR, description: null };
      labels.set(key, label);
    }
    return label;
  }

  function issueJson(issue: IssueRecord, single = false): Record<string, unknown> {
    const url = `${api()}/issues/${issue.number}`;
    const json: Record<string, unknown> = {
      url,
      repository_url: api(),
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      html_url: `${web()}/issues/${issue.number}`,
      id: issue.id,
      node_id: `I_fake${issue.id}`,
      number: issue.number,
      title: issue.title,
      user: user(issue.author),
      labels: issue.labels.map((name) => labelJson(ensureLabel(name))),
      state: issue.state,
      locked: false,
      assignee: null,
      assignees: [],
      milestone: null,
      comments: issue.comments.length,
      created_at: iso(issue.createdAt),
      updated_at: iso(issue.updatedAt),
      closed_at: issue.closedAt === null ? null : iso(issue.closedAt),
      author_association: association(issue.author),
      type: null,
      active_lock_reason: null,
      sub_issues_summary: { total: 0, completed: 0, percent_completed: 0 },
      body: issue.body,
      reactions: reactions(url),
      timeline_url: `${url}/timeline`,
      performed_via_github_app: null,
      state_reason: issue.stateReason,
    };
    // GitHub names who closed an issue only when the issue is fetched on its own.
    if (single) json.closed_by = issue.closedBy === null ? null : user(issue.closedBy);
    return json;
  }

  function commentJson(issue: IssueRecord, comment: CommentRecord): Record<string, unknown> {
    const url = `${api()}/issues/comments/${comment.id}`;
    return {
      id: comment.id,
      node_id: `IC_fake${comment.id}`,
      url,
      html_url: `${web()}/issues/${issue.number}#issuecomment-${comment.id}`,
      body: comment.body,
      user: user(comment.author),
      created_at: iso(comment.createdAt),
      updated_at: iso(comment.updatedAt),
      issue_url: `${api()}/issues/${issue.number}`,
      author_association: association(comment.author),
      performed_via_github_app: null,
      reactions: reactions(url),
    };
  }

  function pullRequestJson(pullRequest: { number: number; title: string }, at: number): unknown {
    const url = `${api()}/issues/${pullRequest.number}`;
    const html = `${web()}/pull/${pullRequest.number}`;
    return {
      url,
      repository_url: api(),
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      html_url: html,
      id: 900_000 + pullRequest.number,
      node_id: `PR_fake${pullRequest.number}`,
      number: pullRequest.number,
      title: pullRequest.title,
      user: user(DEFAULT_AUTHOR),
      labels: [],
      state: 'open',
      locked: false,
      assignee: null,
      assignees: [],
      milestone: null,
      comments: 0,
      created_at: iso(at),
      updated_at: iso(at),
      closed_at: null,
      author_association: 'CONTRIBUTOR',
      active_lock_reason: null,
      draft: false,
      pull_request: {
        url: `${api()}/pulls/${pullRequest.number}`,
        html_url: html,
        diff_url: `${html}.diff`,
        patch_url: `${html}.patch`,
        merged_at: null,
      },
      body: null,
      reactions: reactions(url),
      timeline_url: `${url}/timeline`,
      performed_via_github_app: null,
      state_reason: null,
    };
  }

  function eventJson(event: EventRecord): Record<string, unknown> {
    if (event.kind === 'cross-referenced') {
      return {
        event: event.kind,
        actor: user(event.actor),
        created_at: iso(event.at),
        updated_at: iso(event.at),
        source: { type: 'issue', issue: pullRequestJson(event.pullRequest, event.at) },
      };
    }
    const json: Record<string, unknown> = {
      id: event.id,
      node_id: `E_fake${event.id}`,
      url: `${api()}/issues/events/${event.id}`,
      actor: user(event.actor),
      event: event.kind,
      commit_id: null,
      commit_url: null,
      created_at: iso(event.at),
      performed_via_github_app: null,
    };
    if ('label' in event) json.label = { name: event.label, color: event.color };
    else if ('from' in event) json.rename = { from: event.from, to: event.to };
    else json.state_reason = event.stateReason;
    return json;
  }

  function timeline(issue: IssueRecord): Record<string, unknown>[] {
    const items: { seq: number; json: Record<string, unknown> }[] = [
      ...issue.events.map((event) => ({ seq: event.seq, json: eventJson(event) })),
      ...issue.comments.map((comment) => ({
        seq: comment.seq,
        json: { event: 'commented', actor: user(comment.author), ...commentJson(issue, comment) },
      })),
    ];
    return items.sort((a, b) => a.seq - b.seq).map((item) => item.json);
  }

  function record(issue: IssueRecord, event: NewEvent): void {
    issue.events.push({ ...event, id: nextId++, seq: seq++ });
  }

  /** Replaces the labels, recording labeled/unlabeled events; true if anything changed. */
  function setLabels(issue: IssueRecord, names: string[], actor: string, at: number): boolean {
    const wanted = names.map((name) => ensureLabel(name).name);
    const lower = (list: string[]): string[] => list.map((name) => name.toLowerCase());
    const removed = issue.labels.filter((name) => !lower(wanted).includes(name.toLowerCase()));
    const added = wanted.filter((name) => !lower(issue.labels).includes(name.toLowerCase()));
    for (const name of removed)
      record(issue, { kind: 'unlabeled', label: name, color: ensureLabel(name).color, actor, at });
    for (const name of added)
      record(issue, { kind: 'labeled', label: name, color: ensureLabel(name).color, actor, at });
    issue.labels = wanted;
    return removed.length > 0 || added.length > 0;
  }

  function setState(
    issue: IssueRecord,
    state: State,
    reason: string | null | undefined,
    actor: string,
    at: number,
  ): boolean {
    if (state === issue.state) return false;
    issue.state = state;
    if (state === 'closed') {
      issue.closedAt = at;
      issue.closedBy = actor;
      issue.stateReason = reason ?? 'completed';
    } else {
      issue.closedAt = null;
      issue.stateReason = 'reopened';
    }
    record(issue, {
      kind: state === 'closed' ? 'closed' : 'reopened',
      stateReason: state === 'closed' ? issue.stateReason : null,
      actor,
      at,
    });
    return true;
  }

  function setTitle(issue: IssueRecord, title: string, actor: string, at: number): boolean {
    if (title === issue.title) return false;
    record(issue, { kind: 'renamed', from: issue.title, to: title, actor, at });
    issue.title = title;
    return true;
  }

  function createIssue(input: {
    title: string;
    body: string | null;
    labels: string[];
    author: string;
  }): IssueRecord {
    const at = clock();
    const issue: IssueRecord = {
      number: nextNumber++,
      id: nextId++,
      title: input.title,
      body: input.body,
      labels: [],
      state: 'open',
      stateReason: null,
      author: input.author,
      createdAt: at,
      updatedAt: at,
      closedAt: null,
      closedBy: null,
      comments: [],
      events: [],
    };
    setLabels(issue, input.labels, input.author, at);
    issues.set(issue.number, issue);
    return issue;
  }

  function addCommentTo(issue: IssueRecord, body: string, author: string): CommentRecord {
    const at = clock();
    const comment = { id: nextId++, seq: seq++, body, author, createdAt: at, updatedAt: at };
    issue.comments.push(comment);
    issue.updatedAt = at;
    return comment;
  }

  function issueOrThrow(number: number): IssueRecord {
    const issue = issues.get(number);
    if (!issue) throw new Error(`fake GitHub: no issue #${number}`);
    return issue;
  }

  function snapshot(issue: IssueRecord): FakeIssue {
    return {
      number: issue.number,
      title: issue.title,
      body: issue.body,
      labels: [...issue.labels],
      state: issue.state,
      comments: issue.comments.length,
      updatedAt: iso(issue.updatedAt),
      createdAt: iso(issue.createdAt),
      closedAt: issue.closedAt === null ? null : iso(issue.closedAt),
    };
  }

  /** A page of `items` and GitHub's Link header, with URLs in the `/repositories/{id}` form. */
  function paginate(request: Request, items: unknown[]): Reply {
    const perPageAsked = Number(request.query.get('per_page') ?? 30);
    const perPage =
      Number.isInteger(perPageAsked) && perPageAsked >= 1 ? Math.min(perPageAsked, 100) : 30;
    const pageAsked = Number(request.query.get('page') ?? 1);
    const page = Number.isInteger(pageAsked) && pageAsked >= 1 ? pageAsked : 1;
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const link = (target: number, rel: string): string => {
      const query = new URLSearchParams(request.query);
      query.delete('page');
      query.append('page', String(target));
      const path = request.path.replace(
        `/repos/${owner}/${repo}`,
        `/repositories/${REPOSITORY_ID}`,
      );
      return `<${base}${path}?${query.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page > 1) links.push(link(Math.min(page - 1, last), 'prev'));
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'));
    return {
      status: 200,
      body: slice,
      headers: links.length > 0 ? { link: links.join(', ') } : {},
    };
  }

  function issueParam(request: Request): IssueRecord | undefined {
    return issues.get(Number(request.params.issue_number));
  }

  function validationFailed(resource: string, field: string, code: string): Reply {
    return {
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [{ resource, code, field }],
        documentation_url: DOCS,
        status: '422',
      },
    };
  }

  const contents = createContentStore({
    owner,
    repo,
    id: REPOSITORY_ID,
    base: () => base,
    user,
    login,
    now: clock,
    error,
    ...(options.forkReadyAfter === undefined ? {} : { forkReadyAfter: options.forkReadyAfter }),
  });
  const pullStore = createPullStore({
    store: contents,
    base: () => base,
    user,
    login,
    now: clock,
    nextNumber: () => nextNumber++,
    nextId: () => nextId++,
    error,
  });

  /** The authenticated user, as GitHub shows a user to itself with a public profile. */
  function authenticatedUser(): Record<string, unknown> {
    const at = iso(clock());
    return {
      ...user(login),
      name: login,
      company: null,
      blog: '',
      location: null,
      email: null,
      hireable: null,
      bio: null,
      public_repos: 0,
      public_gists: 0,
      followers: 0,
      following: 0,
      created_at: at,
      updated_at: at,
    };
  }

  const handlers: Record<string, (request: Request) => Reply> = {
    ...contents.handlers,
    ...pullStore.handlers,
    'users/get-authenticated': () => ({ status: 200, body: authenticatedUser() }),
    'rate-limit/get': () => {
      const resetAt = Math.floor(now() / 1000) + WINDOW_SECONDS;
      const other = (size: number): Record<string, number> => ({
        limit: size,
        used: 0,
        remaining: size,
        reset: resetAt,
      });
      const core = { limit, used: rate.used, remaining: limit - rate.used, reset: rate.reset };
      return {
        status: 200,
        body: {
          resources: {
            core,
            search: other(30),
            graphql: other(5000),
            integration_manifest: other(5000),
            source_import: other(100),
            code_scanning_upload: other(1000),
            actions_runner_registration: other(10000),
            scim: other(15000),
            dependency_snapshots: other(100),
            code_search: other(10),
          },
          rate: core,
        },
      };
    },
    'issues/list-for-repo': (request) => {
      const state = request.query.get('state') ?? 'open';
      const wanted = (request.query.get('labels') ?? '')
        .split(',')
        .map((name) => name.trim().toLowerCase())
        .filter((name) => name !== '');
      const since = request.query.get('since');
      const sinceMs = since === null ? undefined : Date.parse(since);
      const creator = request.query.get('creator');
      // Nothing here has a milestone, assignee or type: only `none` (or no filter) matches.
      const unmatched = ['milestone', 'assignee', 'type', 'mentioned'].some((name) => {
        const value = request.query.get(name);
        return value !== null && value !== 'none';
      });
      const sort = request.query.get('sort') ?? 'created';
      const direction = request.query.get('direction') === 'asc' ? 1 : -1;
      const key = (issue: IssueRecord): number =>
        sort === 'updated'
          ? issue.updatedAt
          : sort === 'comments'
            ? issue.comments.length
            : issue.createdAt;
      const selected = [...issues.values()]
        .filter((issue) => state === 'all' || issue.state === state)
        .filter((issue) =>
          wanted.every((name) => issue.labels.some((label) => label.toLowerCase() === name)),
        )
        .filter((issue) => sinceMs === undefined || issue.updatedAt >= sinceMs)
        .filter((issue) => creator === null || issue.author === creator)
        .filter(() => !unmatched)
        .sort((a, b) => direction * (key(a) - key(b) || a.number - b.number));
      return paginate(
        request,
        selected.map((issue) => issueJson(issue)),
      );
    },
    'issues/get': (request) => {
      const issue = issueParam(request);
      if (!issue) return notFound();
      return { status: 200, body: issueJson(issue, true), lastModified: issue.updatedAt };
    },
    'issues/create': (request) => {
      const body = request.body as { title: string | number; body?: string; labels?: unknown };
      const issue = createIssue({
        title: String(body.title),
        body: body.body ?? null,
        labels: labelNames(body.labels),
        author: login,
      });
      const json = issueJson(issue, true);
      return { status: 201, body: json, headers: { location: String(json.url) } };
    },
    'issues/update': (request) => {
      const issue = issueParam(request);
      if (!issue) return notFound();
      const patch = (request.body ?? {}) as {
        title?: string | number | null;
        body?: string | null;
        state?: State;
        state_reason?: string | null;
        labels?: unknown;
      };
      const at = clock();
      let changed = false;
      if (patch.title !== undefined && patch.title !== null)
        changed = setTitle(issue, String(patch.title), login, at) || changed;
      if (patch.body !== undefined && patch.body !== issue.body) {
        issue.body = patch.body;
        changed = true;
      }
      if (patch.labels !== undefined)
        changed = setLabels(issue, labelNames(patch.labels), login, at) || changed;
      if (patch.state !== undefined)
        changed = setState(issue, patch.state, patch.state_reason, login, at) || changed;
      if (changed) issue.updatedAt = at;
      return { status: 200, body: issueJson(issue, true) };
    },
    'issues/list-comments': (request) => {
      const issue = issueParam(request);
      if (!issue) return notFound();
      const since = request.query.get('since');
      const sinceMs = since === null ? undefined : Date.parse(since);
      const selected = issue.comments.filter(
        (comment) => sinceMs === undefined || comment.updatedAt >= sinceMs,
      );
      return paginate(
        request,
        selected.map((comment) => commentJson(issue, comment)),
      );
    },
    'issues/create-comment': (request) => {
      const issue = issueParam(request);
      if (!issue) return notFound();
      const { body } = request.body as { body: string };
      const comment = addCommentTo(issue, body, login);
      const json = commentJson(issue, comment);
      return { status: 201, body: json, headers: { location: String(json.url) } };
    },
    'issues/update-comment': (request) => {
      const id = Number(request.params.comment_id);
      for (const issue of issues.values()) {
        const comment = issue.comments.find((candidate) => candidate.id === id);
        if (comment === undefined) continue;
        const { body } = request.body as { body: string };
        if (comment.body !== body) {
          comment.body = body;
          comment.updatedAt = clock();
        }
        return { status: 200, body: commentJson(issue, comment) };
      }
      return notFound();
    },
    'issues/list-events-for-timeline': (request) => {
      const issue = issueParam(request);
      if (!issue) return notFound();
      return paginate(request, timeline(issue));
    },
    'issues/list-labels-for-repo': (request) =>
      paginate(
        request,
        [...labels.values()]
          .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1))
          .map(labelJson),
      ),
    'issues/create-label': (request) => {
      const body = request.body as { name: string; color?: string; description?: string };
      if (labels.has(body.name.toLowerCase()))
        return validationFailed('Label', 'name', 'already_exists');
      const color = (body.color ?? DEFAULT_LABEL_COLOR).replace(/^#/, '');
      if (!/^[0-9a-fA-F]{6}$/.test(color)) return validationFailed('Label', 'color', 'invalid');
      const label: LabelRecord = {
        id: nextId++,
        name: body.name,
        color: color.toLowerCase(),
        description: body.description ?? null,
      };
      labels.set(label.name.toLowerCase(), label);
      const json = labelJson(label);
      return { status: 201, body: json, headers: { location: String(json.url) } };
    },
  };

  const fake: FakeGitHub = {
    pushFiles: (branch, files, message, repository) =>
      contents.pushFiles(branch, files, message, repository),
    branchFiles: (repository, branch) => {
      const [repoOwner = '', repoName = ''] = repository.split('/');
      return contents.branchFiles(repoOwner, repoName, branch);
    },
    pulls: () => pullStore.pulls(),
    url: '',
    requests: [],
    violations: [],
    onRequest: undefined,
    issues: () => [...issues.values()].sort((a, b) => a.number - b.number).map(snapshot),
    seedIssue(input) {
      const author = input.author ?? DEFAULT_AUTHOR;
      const issue = createIssue({
        title: input.title,
        body: input.body ?? null,
        labels: input.labels ?? [],
        author,
      });
      for (let index = 1; index <= (input.comments ?? 0); index++)
        addCommentTo(issue, `Comment ${index} on #${issue.number}.`, author);
      if (input.state === 'closed') {
        issue.updatedAt = clock();
        setState(issue, 'closed', 'completed', author, issue.updatedAt);
      }
      return snapshot(issue);
    },
    editIssue(number, patch) {
      const issue = issueOrThrow(number);
      const at = clock();
      let changed = false;
      if (patch.title !== undefined) changed = setTitle(issue, patch.title, owner, at) || changed;
      if (patch.body !== undefined && patch.body !== issue.body) {
        issue.body = patch.body;
        changed = true;
      }
      if (patch.labels) changed = setLabels(issue, patch.labels, owner, at) || changed;
      if (patch.state) changed = setState(issue, patch.state, undefined, owner, at) || changed;
      if (changed) issue.updatedAt = at;
    },
    addComment(number, body, author = DEFAULT_AUTHOR) {
      addCommentTo(issueOrThrow(number), body, author);
    },
    comments(number) {
      return issueOrThrow(number).comments.map(({ id, body, author }) => ({ id, body, author }));
    },
    addCrossReference(number, pullRequest) {
      const issue = issueOrThrow(number);
      const at = clock();
      record(issue, {
        kind: 'cross-referenced',
        pullRequest: {
          number: pullRequest.number,
          title: pullRequest.title ?? `Pull request #${pullRequest.number}`,
        },
        actor: DEFAULT_AUTHOR,
        at,
      });
      // Issues and pull requests share numbers; later issues must not reuse this one.
      nextNumber = Math.max(nextNumber, pullRequest.number + 1);
      issue.updatedAt = at;
    },
    addFault(rule) {
      faults.push({ ...rule });
    },
    exhaustRateLimit(resetInSeconds) {
      rate.used = limit;
      rate.reset = Math.floor(now() / 1000) + resetInSeconds;
    },
    resetLog() {
      fake.requests.length = 0;
    },
    close: () => Promise.resolve(),
  };

  function rateHeaders(): Record<string, string> {
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - rate.used)),
      'x-ratelimit-reset': String(rate.reset),
      'x-ratelimit-used': String(rate.used),
      'x-ratelimit-resource': 'core',
    };
  }

  function takeFault(method: string, path: string): FakeFault | undefined {
    const rule = faults.find(
      (candidate) =>
        candidate.times > 0 &&
        (candidate.method === undefined || candidate.method.toUpperCase() === method) &&
        (typeof candidate.path === 'string' ? candidate.path === path : candidate.path.test(path)),
    );
    if (!rule) return undefined;
    rule.times -= 1;
    return rule.fault;
  }

  function authorizationProblem(header: string | undefined): string | undefined {
    if (token === undefined) return undefined;
    if (header === undefined || header.trim() === '') return 'Requires authentication';
    const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header);
    return match?.[1] === token ? undefined : 'Bad credentials';
  }

  async function handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = (incoming.method ?? 'GET').toUpperCase();
    const target = incoming.url ?? '/';
    const raw = await readBody(incoming);
    arrivals += 1;
    const requestId = `FAKE:${String(arrivals).padStart(6, '0')}`;
    const entry: FakeRequestLog = {
      method,
      path: target,
      status: 0,
      conditional:
        incoming.headers['if-none-match'] !== undefined ||
        incoming.headers['if-modified-since'] !== undefined,
      write: WRITE_METHODS.has(method),
    };
    fake.requests.push(entry);
    fake.onRequest?.({ method, path: target }, arrivals);

    const url = new URL(target, 'http://fake.invalid');
    // GitHub's Link headers name the repository by id; both forms reach the same resource.
    const path = url.pathname.replace(
      new RegExp(`^/repositories/${REPOSITORY_ID}(?=/|$)`),
      `/repos/${owner}/${repo}`,
    );
    let body: unknown;
    let unparsable = false;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8')) as unknown;
      } catch {
        unparsable = true;
      }
    }
    const check = contract.checkRequest({
      method,
      path,
      query: url.searchParams,
      headers: incoming.headers,
      body: unparsable ? undefined : body,
    });
    entry.operationId = check.operationId;
    fake.violations.push(...check.violations);
    if (unparsable) fake.violations.push(`${method} ${path}: body is not JSON`);

    const send = (reply: Reply, counted: boolean): void => {
      if (counted && reply.status !== 304) rate.used += 1;
      const headers: Record<string, string> = {
        'x-github-request-id': requestId,
        'x-github-api-version-selected': '2022-11-28',
        ...rateHeaders(),
        ...(options.scopes === undefined ? {} : { 'x-oauth-scopes': options.scopes.join(', ') }),
        ...reply.headers,
      };
      let text = '';
      if (reply.status !== 304 && reply.body !== undefined) {
        text = JSON.stringify(reply.body);
        headers['content-type'] = 'application/json; charset=utf-8';
        if (reply.status < 300) headers.etag = etagOf(text);
      }
      if (reply.lastModified !== undefined)
        headers['last-modified'] = new Date(reply.lastModified).toUTCString();
      if (check.operationId) {
        const problems = contract.checkResponse(
          check.operationId,
          reply.status,
          reply.status === 304 ? undefined : reply.body,
        );
        fake.violations.push(...problems);
        if (check.operationId === 'issues/list-events-for-timeline' && Array.isArray(reply.body))
          for (const [index, item] of (reply.body as { event?: string }[]).entries()) {
            const schema = TIMELINE_SCHEMAS[item.event ?? ''];
            if (schema === undefined) continue;
            fake.violations.push(
              ...contract.checkSchema(
                schema,
                item,
                `${check.operationId}: response 200 body /${index} (${schema})`,
              ),
            );
          }
      }
      entry.status = reply.status;
      response.writeHead(reply.status, {
        ...headers,
        'content-length': String(Buffer.byteLength(text)),
      });
      response.end(text);
    };

    const fault = takeFault(method, path);
    if (fault?.kind === 'reset') {
      incoming.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      const message = fault.status === 503 ? 'Service Unavailable' : 'Server Error';
      send({ status: fault.status, body: { message, documentation_url: DOCS } }, true);
      return;
    }
    if (fault?.kind === 'secondary-rate-limit') {
      const message =
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try ' +
        `again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`;
      const reply: Reply = {
        status: fault.status,
        body: { message, documentation_url: SECONDARY_DOCS, status: String(fault.status) },
        headers: { 'retry-after': String(fault.retryAfter) },
      };
      send(reply, true);
      return;
    }

    const authorization = incoming.headers.authorization;
    const unauthorized = authorizationProblem(authorization);
    if (unauthorized !== undefined) {
      send(error(401, unauthorized), false);
      return;
    }
    if (Math.floor(now() / 1000) >= rate.reset) {
      rate.used = 0;
      rate.reset = Math.floor(now() / 1000) + WINDOW_SECONDS;
    }
    const operationId = check.operationId;
    const free = operationId === 'rate-limit/get';
    if (!free && rate.used >= limit) {
      const reply = error(403, `API rate limit exceeded for user ID ${userId(login)}.`);
      send(
        { ...reply, body: { ...(reply.body as object), documentation_url: RATE_LIMIT_DOCS } },
        false,
      );
      return;
    }
    if (unparsable) {
      send(error(400, 'Problems parsing JSON'), true);
      return;
    }
    const handler = operationId === undefined ? undefined : handlers[operationId];
    const params =
      operationId === undefined ? undefined : contract.matchOperation(method, path)?.pathParams;
    const mainRepo =
      params !== undefined &&
      (params.owner === undefined || params.owner.toLowerCase() === owner.toLowerCase()) &&
      (params.repo === undefined || params.repo.toLowerCase() === repo.toLowerCase());
    // Forks hold git contents and pull requests; issues, labels and comments live in the main one.
    const knownRepo =
      mainRepo ||
      (params?.owner !== undefined &&
        params.repo !== undefined &&
        contents.repository(params.owner, params.repo) !== undefined &&
        !(operationId ?? '').startsWith('issues/'));
    if (!handler || !params || !knownRepo || check.invalid.includes('path')) {
      send(notFound(), true);
      return;
    }
    if (
      options.scopes !== undefined &&
      REPOSITORY_WRITES.test(operationId ?? '') &&
      !options.scopes.some((scope) => REPOSITORY_SCOPES.includes(scope))
    ) {
      send(
        {
          ...error(403, 'Resource not accessible by personal access token'),
          headers: { 'x-accepted-oauth-scopes': REPOSITORY_SCOPES.join(', ') },
        },
        true,
      );
      return;
    }
    if (check.invalid.length > 0) {
      const detail = check.violations.map((message) => message.replace(/^[^:]+: /, '')).join('\n');
      send(error(422, `Invalid request.\n\n${detail}`), true);
      return;
    }
    let reply = handler({ method, path, query: url.searchParams, params, body });
    if (method === 'GET' && reply.status === 200 && reply.body !== undefined) {
      const etag = etagOf(JSON.stringify(reply.body));
      const ifNoneMatch = incoming.headers['if-none-match'];
      const ifModifiedSince = incoming.headers['if-modified-since'];
      const unchanged =
        ifNoneMatch !== undefined
          ? etagMatches(ifNoneMatch, etag)
          : ifModifiedSince !== undefined &&
            reply.lastModified !== undefined &&
            reply.lastModified <= Date.parse(ifModifiedSince);
      // A 304 keeps the validators but has no body, and costs no rate limit.
      if (unchanged)
        reply = {
          status: 304,
          headers: { ...reply.headers, etag },
          lastModified: reply.lastModified,
        };
    }
    send(reply, !free);
  }

  const server = createServer((incoming, response) => {
    handle(incoming, response).catch((problem: unknown) => {
      const message = problem instanceof Error ? problem.message : String(problem);
      fake.violations.push(
        `fake GitHub failed on ${incoming.method ?? '?'} ${incoming.url ?? '?'}: ${message}`,
      );
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify({ message: 'Server Error', documentation_url: DOCS }));
      } else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  base = `http://127.0.0.1:${address.port}`;
  fake.url = base;
  let closing: Promise<void> | undefined;
  fake.close = () => {
    closing ??= new Promise<void>((resolve, reject) => {
      server.close((problem) => {
        if (problem) reject(problem);
        else resolve();
      });
      // Clients keep connections alive; waiting for them to go would hang the test.
      server.closeAllConnections();
    });
    return closing;
  };
  return fake;
}
