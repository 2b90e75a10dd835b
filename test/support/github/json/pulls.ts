/** Pull requests as GitHub's REST API shows them. */
import { fullNameOf, type PullRecord } from '../state/pulls';
import type { RepositoryRecord } from '../state/git';
import { iso } from '../time';
import type { ShapeContext } from './context';
import { repositoryJson } from './repositories';
import { userJson } from './users';

function sideJson(
  context: ShapeContext,
  record: RepositoryRecord,
  ref: string,
): Record<string, unknown> {
  return {
    label: `${record.owner}:${ref}`,
    ref,
    sha: record.branches.get(ref) ?? '0'.repeat(40),
    user: userJson(context, record.owner),
    repo: repositoryJson(context, record, false),
  };
}

/** `full`: the single pull request form (pulls/create, pulls/update), with merge details. */
export function pullJson(
  context: ShapeContext,
  pull: PullRecord,
  full: boolean,
): Record<string, unknown> {
  const api = `${context.origin()}/repos/${fullNameOf(pull.base)}`;
  const url = `${api}/pulls/${pull.number}`;
  const html = `https://github.com/${fullNameOf(pull.base)}/pull/${pull.number}`;
  const issue = `${api}/issues/${pull.number}`;
  const headSha = pull.head.branches.get(pull.headRef) ?? '';
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
    user: userJson(context, pull.author),
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
    head: sideJson(context, pull.head, pull.headRef),
    base: sideJson(context, pull.base, pull.baseRef),
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
