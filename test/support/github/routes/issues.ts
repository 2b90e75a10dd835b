/** Issues, their comments and timelines: the issue sync's endpoints, on the main repository. */
import { commentJson, issueJson, timelineJson } from '../json/issues';
import { created, notFound, type Route, type RouteRequest } from '../replies';
import type { FakeState } from '../state';
import type { IssueRecord, IssueState } from '../state/issues';
import { paginate } from './paginate';

/** Label names from an issue write: names or `{ name }` objects, blanks and repeats dropped. */
export function labelNames(value: unknown): string[] {
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

/** `issues/list-for-repo`'s filters and order, as GitHub documents them. */
function listIssues(state: FakeState, request: RouteRequest): IssueRecord[] {
  const issueState = request.query.get('state') ?? 'open';
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
  return [...state.issues.issues.values()]
    .filter((issue) => issueState === 'all' || issue.state === issueState)
    .filter((issue) =>
      wanted.every((name) => issue.labels.some((label) => label.toLowerCase() === name)),
    )
    .filter((issue) => sinceMs === undefined || issue.updatedAt >= sinceMs)
    .filter((issue) => creator === null || issue.author === creator)
    .filter(() => !unmatched)
    .sort((a, b) => direction * (key(a) - key(b) || a.number - b.number));
}

function updateIssue(state: FakeState, issue: IssueRecord, request: RouteRequest): void {
  const { issues, login } = state;
  const patch = (request.body ?? {}) as {
    title?: string | number | null;
    body?: string | null;
    state?: IssueState;
    state_reason?: string | null;
    labels?: unknown;
  };
  const at = state.clock();
  let changed = false;
  if (patch.title !== undefined && patch.title !== null)
    changed = issues.setTitle(issue, String(patch.title), login, at) || changed;
  if (patch.body !== undefined && patch.body !== issue.body) {
    issue.body = patch.body;
    changed = true;
  }
  if (patch.labels !== undefined)
    changed = issues.setLabels(issue, labelNames(patch.labels), login, at) || changed;
  if (patch.state !== undefined)
    changed = issues.setState(issue, patch.state, patch.state_reason, login, at) || changed;
  if (changed) issue.updatedAt = at;
}

export function issueRoutes(state: FakeState): Record<string, Route> {
  const { issues, shapes } = state;
  const json = (issue: IssueRecord, single = false): Record<string, unknown> =>
    issueJson(shapes, issue, issues.ensureLabel, single);
  const issueParam = (request: RouteRequest): IssueRecord | undefined =>
    issues.issues.get(Number(request.params.issue_number));
  return {
    'issues/list-for-repo': (request) =>
      paginate(
        state,
        request,
        listIssues(state, request).map((issue) => json(issue)),
      ),
    'issues/get': (request) => {
      const issue = issueParam(request);
      if (!issue) return notFound();
      return { status: 200, body: json(issue, true), lastModified: issue.updatedAt };
    },
    'issues/create': (request) => {
      const body = request.body as { title: string | number; body?: string; labels?: unknown };
      const issue = issues.createIssue({
        title: String(body.title),
        body: body.body ?? null,
        labels: labelNames(body.labels),
        author: state.login,
      });
      return created(json(issue, true));
    },
    'issues/update': (request) => {
      const issue = issueParam(request);
      if (!issue) return notFound();
      updateIssue(state, issue, request);
      return { status: 200, body: json(issue, true) };
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
        state,
        request,
        selected.map((comment) => commentJson(shapes, issue, comment)),
      );
    },
    'issues/create-comment': (request) => {
      const issue = issueParam(request);
      if (!issue) return notFound();
      const { body } = request.body as { body: string };
      return created(commentJson(shapes, issue, issues.addComment(issue, body, state.login)));
    },
    'issues/update-comment': (request) => {
      const id = Number(request.params.comment_id);
      for (const issue of issues.issues.values()) {
        const comment = issue.comments.find((candidate) => candidate.id === id);
        if (comment === undefined) continue;
        const { body } = request.body as { body: string };
        if (comment.body !== body) {
          comment.body = body;
          comment.updatedAt = state.clock();
        }
        return { status: 200, body: commentJson(shapes, issue, comment) };
      }
      return notFound();
    },
    'issues/list-events-for-timeline': (request) => {
      const issue = issueParam(request);
      if (!issue) return notFound();
      return paginate(state, request, timelineJson(shapes, issue));
    },
  };
}
