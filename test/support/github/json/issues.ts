/** Issues, labels, comments and timeline events as GitHub's REST API shows them. */
import type { CommentRecord, EventRecord, IssueRecord, LabelRecord } from '../state/issues';
import { iso } from '../time';
import { apiUrl, webUrl, type ShapeContext } from './context';
import { reactionsJson, userJson } from './users';

/** Who opened the cross-referencing pull requests tests add. */
export const DEFAULT_AUTHOR = 'octocat';

const association = (context: ShapeContext, name: string): string =>
  name === context.owner ? 'OWNER' : 'NONE';
const repoApi = (context: ShapeContext): string => apiUrl(context, context.owner, context.repo);
const repoWeb = (context: ShapeContext): string => webUrl(context.owner, context.repo);

export function labelJson(context: ShapeContext, label: LabelRecord): Record<string, unknown> {
  return {
    id: label.id,
    node_id: `LA_fake${label.id}`,
    url: `${repoApi(context)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: label.description,
  };
}

/** `single`: the issue fetched on its own, which alone names who closed it. */
export function issueJson(
  context: ShapeContext,
  issue: IssueRecord,
  labelOf: (name: string) => LabelRecord,
  single = false,
): Record<string, unknown> {
  const url = `${repoApi(context)}/issues/${issue.number}`;
  const json: Record<string, unknown> = {
    url,
    repository_url: repoApi(context),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${repoWeb(context)}/issues/${issue.number}`,
    id: issue.id,
    node_id: `I_fake${issue.id}`,
    number: issue.number,
    title: issue.title,
    user: userJson(context, issue.author),
    labels: issue.labels.map((name) => labelJson(context, labelOf(name))),
    state: issue.state,
    locked: false,
    assignee: null,
    assignees: [],
    milestone: null,
    comments: issue.comments.length,
    created_at: iso(issue.createdAt),
    updated_at: iso(issue.updatedAt),
    closed_at: issue.closedAt === null ? null : iso(issue.closedAt),
    author_association: association(context, issue.author),
    type: null,
    active_lock_reason: null,
    sub_issues_summary: { total: 0, completed: 0, percent_completed: 0 },
    body: issue.body,
    reactions: reactionsJson(url),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    state_reason: issue.stateReason,
  };
  if (single) json.closed_by = issue.closedBy === null ? null : userJson(context, issue.closedBy);
  return json;
}

export function commentJson(
  context: ShapeContext,
  issue: IssueRecord,
  comment: CommentRecord,
): Record<string, unknown> {
  const url = `${repoApi(context)}/issues/comments/${comment.id}`;
  return {
    id: comment.id,
    node_id: `IC_fake${comment.id}`,
    url,
    html_url: `${repoWeb(context)}/issues/${issue.number}#issuecomment-${comment.id}`,
    body: comment.body,
    user: userJson(context, comment.author),
    created_at: iso(comment.createdAt),
    updated_at: iso(comment.updatedAt),
    issue_url: `${repoApi(context)}/issues/${issue.number}`,
    author_association: association(context, comment.author),
    performed_via_github_app: null,
    reactions: reactionsJson(url),
  };
}

/** A pull request in its issue form, as the source of a `cross-referenced` event. */
function pullRequestIssueJson(
  context: ShapeContext,
  pullRequest: { number: number; title: string },
  at: number,
): unknown {
  const url = `${repoApi(context)}/issues/${pullRequest.number}`;
  const html = `${repoWeb(context)}/pull/${pullRequest.number}`;
  return {
    url,
    repository_url: repoApi(context),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: html,
    id: 900_000 + pullRequest.number,
    node_id: `PR_fake${pullRequest.number}`,
    number: pullRequest.number,
    title: pullRequest.title,
    user: userJson(context, DEFAULT_AUTHOR),
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
      url: `${repoApi(context)}/pulls/${pullRequest.number}`,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      merged_at: null,
    },
    body: null,
    reactions: reactionsJson(url),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    state_reason: null,
  };
}

function eventJson(context: ShapeContext, event: EventRecord): Record<string, unknown> {
  if (event.kind === 'cross-referenced') {
    return {
      event: event.kind,
      actor: userJson(context, event.actor),
      created_at: iso(event.at),
      updated_at: iso(event.at),
      source: { type: 'issue', issue: pullRequestIssueJson(context, event.pullRequest, event.at) },
    };
  }
  const json: Record<string, unknown> = {
    id: event.id,
    node_id: `E_fake${event.id}`,
    url: `${repoApi(context)}/issues/events/${event.id}`,
    actor: userJson(context, event.actor),
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

/** Events and comments in the order they happened. */
export function timelineJson(context: ShapeContext, issue: IssueRecord): Record<string, unknown>[] {
  const items: { seq: number; json: Record<string, unknown> }[] = [
    ...issue.events.map((event) => ({ seq: event.seq, json: eventJson(context, event) })),
    ...issue.comments.map((comment) => ({
      seq: comment.seq,
      json: {
        event: 'commented',
        actor: userJson(context, comment.author),
        ...commentJson(context, issue, comment),
      },
    })),
  ];
  return items.sort((a, b) => a.seq - b.seq).map((item) => item.json);
}
