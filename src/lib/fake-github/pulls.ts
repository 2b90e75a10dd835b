/**
 * The fake GitHub's pull requests: `pulls/create` (head `owner:branch` from a fork in the same
 * network, or a branch of the base repository), `pulls/list` (filtered by state, `head` and
 * `base`, as GitHub's documentation of the endpoint describes) and `pulls/update`. Refused as
 * GitHub refuses them, with 422 Validation Failed: a second open pull request for the same head
 * and base, a head with no commits beyond the base.
 */
import type { ContentReply, ContentRequest, ContentStore, RepositoryRecord } from './contents';

interface PullRecord {
  number: number;
  id: number;
  base: RepositoryRecord;
  baseRef: string;
  head: RepositoryRecord;
  headRef: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  maintainerCanModify: boolean;
  author: string;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
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

export interface PullStore {
  pulls(): FakePullRequest[];
  handlers: Record<string, (request: ContentRequest) => ContentReply>;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const DOCS = 'https://docs.github.com/rest/pulls/pulls';

function validationFailed(message: string): ContentReply {
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [{ resource: 'PullRequest', code: 'custom', message }],
      documentation_url: DOCS,
      status: '422',
    },
  };
}

export function createPullStore(context: {
  store: ContentStore;
  base: () => string;
  user: (name: string) => Record<string, unknown>;
  login: string;
  now: () => number;
  /** Issues and pull requests share numbers in a repository. */
  nextNumber: () => number;
  nextId: () => number;
  error: (status: number, message: string) => ContentReply;
}): PullStore {
  const { store } = context;
  const pulls: PullRecord[] = [];

  const fullName = (record: RepositoryRecord): string => `${record.owner}/${record.name}`;

  function side(record: RepositoryRecord, ref: string): Record<string, unknown> {
    return {
      label: `${record.owner}:${ref}`,
      ref,
      sha: store.branchSha(record.owner, record.name, ref) ?? '0'.repeat(40),
      user: context.user(record.owner),
      repo: store.repositoryJson(record, false),
    };
  }

  function pullJson(pull: PullRecord, full: boolean): Record<string, unknown> {
    const api = `${context.base()}/repos/${fullName(pull.base)}`;
    const url = `${api}/pulls/${pull.number}`;
    const html = `https://github.com/${fullName(pull.base)}/pull/${pull.number}`;
    const issue = `${api}/issues/${pull.number}`;
    const headSha = store.branchSha(pull.head.owner, pull.head.name, pull.headRef) ?? '';
    const json: Record<string, unknown> = {
      url,
      id: pull.id,
      node_id: `PR_fake${pull.id}`,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: issue,
      commits_url: `${url}/commits`,
      review_comments_url: `${url}/comments`,
      review_comment_url: `${api}/pulls/comments{/number}`,
      comments_url: `${issue}/comments`,
      statuses_url: `${api}/statuses/${headSha}`,
      number: pull.number,
      state: pull.state,
      locked: false,
      title: pull.title,
      user: context.user(pull.author),
      body: pull.body,
      labels: [],
      milestone: null,
      active_lock_reason: null,
      created_at: iso(pull.createdAt),
      updated_at: iso(pull.updatedAt),
      closed_at: pull.closedAt === null ? null : iso(pull.closedAt),
      merged_at: null,
      merge_commit_sha: null,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: side(pull.head, pull.headRef),
      base: side(pull.base, pull.baseRef),
      _links: {
        self: { href: url },
        html: { href: html },
        issue: { href: issue },
        comments: { href: `${issue}/comments` },
        review_comments: { href: `${url}/comments` },
        review_comment: { href: `${api}/pulls/comments{/number}` },
        commits: { href: `${url}/commits` },
        statuses: { href: `${api}/statuses/${headSha}` },
      },
      author_association: pull.author === pull.base.owner ? 'OWNER' : 'CONTRIBUTOR',
      auto_merge: null,
      draft: pull.draft,
    };
    if (full) {
      Object.assign(json, {
        merged: false,
        mergeable: null,
        rebaseable: null,
        mergeable_state: 'unknown',
        merged_by: null,
        comments: 0,
        review_comments: 0,
        maintainer_can_modify: pull.maintainerCanModify,
        commits: 1,
        additions: 0,
        deletions: 0,
        changed_files: 0,
      });
    }
    return json;
  }

  /** `owner:branch` or `branch` → the head repository (in the base's network) and branch. */
  function parseHead(
    base: RepositoryRecord,
    head: string,
  ): { record: RepositoryRecord; ref: string } | undefined {
    const colon = head.indexOf(':');
    if (colon < 0) return { record: base, ref: head };
    const owner = head.slice(0, colon).toLowerCase();
    const ref = head.slice(colon + 1);
    const candidates = store.network(base);
    const record = candidates.find((candidate) => candidate.owner.toLowerCase() === owner);
    return record === undefined ? undefined : { record, ref };
  }

  function baseOf(request: ContentRequest): RepositoryRecord | undefined {
    return store.repository(request.params.owner ?? '', request.params.repo ?? '');
  }

  return {
    pulls: () =>
      pulls.map((pull) => ({
        number: pull.number,
        repository: fullName(pull.base),
        base: pull.baseRef,
        head: `${pull.head.owner}:${pull.headRef}`,
        title: pull.title,
        body: pull.body,
        state: pull.state,
      })),
    handlers: {
      'pulls/list': (request) => {
        const base = baseOf(request);
        if (base === undefined) return context.error(404, 'Not Found');
        const state = request.query.get('state') ?? 'open';
        const head = request.query.get('head');
        const baseRef = request.query.get('base');
        const selected = pulls
          .filter((pull) => pull.base === base)
          .filter((pull) => state === 'all' || pull.state === state)
          .filter((pull) => {
            if (head === null) return true;
            const wanted = parseHead(base, head);
            return (
              wanted !== undefined && pull.head === wanted.record && pull.headRef === wanted.ref
            );
          })
          .filter((pull) => baseRef === null || pull.baseRef === baseRef)
          .sort((a, b) => b.createdAt - a.createdAt || b.number - a.number);
        return { status: 200, body: selected.map((pull) => pullJson(pull, false)) };
      },
      'pulls/create': (request) => {
        const base = baseOf(request);
        if (base === undefined) return context.error(404, 'Not Found');
        const body = request.body as {
          title?: string;
          head: string;
          base: string;
          body?: string;
          draft?: boolean;
          maintainer_can_modify?: boolean;
        };
        const head = parseHead(base, body.head);
        if (head === undefined) return validationFailed(`head ${body.head} is not in this network`);
        const headSha = store.branchSha(head.record.owner, head.record.name, head.ref);
        const baseSha = store.branchSha(base.owner, base.name, body.base);
        if (baseSha === undefined) return validationFailed(`base ${body.base} does not exist`);
        if (headSha === undefined) return validationFailed(`head ${body.head} does not exist`);
        if (
          pulls.some(
            (pull) =>
              pull.state === 'open' &&
              pull.base === base &&
              pull.baseRef === body.base &&
              pull.head === head.record &&
              pull.headRef === head.ref,
          )
        )
          return validationFailed(
            `A pull request already exists for ${head.record.owner}:${head.ref}.`,
          );
        if (store.isAncestor(headSha, baseSha))
          return validationFailed(`No commits between ${body.base} and ${body.head}`);
        const at = context.now();
        const pull: PullRecord = {
          number: context.nextNumber(),
          id: context.nextId(),
          base,
          baseRef: body.base,
          head: head.record,
          headRef: head.ref,
          title: body.title ?? head.ref,
          body: body.body ?? null,
          state: 'open',
          draft: body.draft === true,
          maintainerCanModify: body.maintainer_can_modify !== false,
          author: context.login,
          createdAt: at,
          updatedAt: at,
          closedAt: null,
        };
        pulls.push(pull);
        const json = pullJson(pull, true);
        return { status: 201, body: json, headers: { location: String(json.url) } };
      },
      'pulls/update': (request) => {
        const base = baseOf(request);
        const number = Number(request.params.pull_number);
        const pull = pulls.find(
          (candidate) => candidate.base === base && candidate.number === number,
        );
        if (pull === undefined) return context.error(404, 'Not Found');
        const patch = (request.body ?? {}) as {
          title?: string;
          body?: string;
          state?: 'open' | 'closed';
          maintainer_can_modify?: boolean;
        };
        let changed = false;
        if (patch.title !== undefined && patch.title !== pull.title) {
          pull.title = patch.title;
          changed = true;
        }
        if (patch.body !== undefined && patch.body !== pull.body) {
          pull.body = patch.body;
          changed = true;
        }
        if (patch.state !== undefined && patch.state !== pull.state) {
          pull.state = patch.state;
          pull.closedAt = patch.state === 'closed' ? context.now() : null;
          changed = true;
        }
        if (patch.maintainer_can_modify !== undefined)
          pull.maintainerCanModify = patch.maintainer_can_modify;
        if (changed) pull.updatedAt = context.now();
        return { status: 200, body: pullJson(pull, true) };
      },
    },
  };
}
