/**
 * The GitHub sync's calls on the issues API: list the issues labelled `erratum`, send the plan's
 * writes, find the pull requests that mention an issue. Reads go through the client's ETag cache.
 */
import type { GitHubOctokit } from '../github';
import type { Action, IssueView } from './plan';
import type { PlannedRequest } from './report';

/** The repository whose issues the sync keeps, and the client that reaches it. */
export interface IssueRepository {
  octokit: GitHubOctokit;
  owner: string;
  repo: string;
}

interface RawLabel {
  name?: string;
}
interface RawIssue {
  number: number;
  title: string;
  body?: string | null;
  labels: (string | RawLabel)[];
  state: string;
  comments: number;
  created_at: string;
  updated_at: string;
  html_url: string;
  user?: { login?: string } | null;
  pull_request?: unknown;
}
interface RawTimelineEvent {
  event?: string;
  source?: { issue?: { html_url?: string; pull_request?: unknown } };
}

function view(issue: RawIssue): IssueView {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body ?? null,
    labels: issue.labels
      .map((label) => (typeof label === 'string' ? label : (label.name ?? '')))
      .filter((l) => l !== ''),
    state: issue.state === 'closed' ? 'closed' : 'open',
    comments: issue.comments,
    createdAt: issue.created_at,
    updatedAt: issue.updated_at,
    url: issue.html_url,
    ...(issue.user?.login === undefined ? {} : { author: issue.user.login }),
  };
}

/** Every issue labelled `erratum`, open or closed; GitHub lists pull requests as issues too. */
export async function listErratumIssues({
  octokit,
  owner,
  repo,
}: IssueRepository): Promise<IssueView[]> {
  const issues = (await octokit.paginate(octokit.rest.issues.listForRepo, {
    owner,
    repo,
    labels: 'erratum',
    state: 'all',
    per_page: 100,
  })) as RawIssue[];
  return issues.filter((issue) => issue.pull_request === undefined).map(view);
}

/** The pull requests that cross-reference an issue, from its timeline. */
export async function linkedPullRequests(
  { octokit, owner, repo }: IssueRepository,
  issue: number,
): Promise<string[]> {
  const events = (await octokit.paginate(octokit.rest.issues.listEventsForTimeline, {
    owner,
    repo,
    issue_number: issue,
    per_page: 100,
  })) as RawTimelineEvent[];
  return events.flatMap((event) =>
    event.event === 'cross-referenced' &&
    event.source?.issue?.pull_request !== undefined &&
    event.source.issue.html_url !== undefined
      ? [event.source.issue.html_url]
      : [],
  );
}

/** The request an action sends, as the report (and a dry run) shows it. */
export function requestOf(action: Action, repository: string): PlannedRequest {
  return action.kind === 'create'
    ? {
        method: 'POST',
        path: `/repos/${repository}/issues`,
        id: action.id,
        fields: ['title', 'body', 'labels'],
      }
    : {
        method: 'PATCH',
        path: `/repos/${repository}/issues/${action.issue}`,
        id: action.id,
        fields: Object.keys(action.patch),
      };
}

/**
 * Sends one request per action (a created issue that must be closed needs a second) and records
 * the number of each created issue in `issueOf`.
 */
export async function pushActions(
  { octokit, owner, repo }: IssueRepository,
  actions: readonly Action[],
  issueOf: Map<string, number>,
): Promise<void> {
  for (const action of actions) {
    if (action.kind === 'update') {
      await octokit.rest.issues.update({
        owner,
        repo,
        issue_number: action.issue,
        ...action.patch,
      });
      continue;
    }
    const created = await octokit.rest.issues.create({
      owner,
      repo,
      title: action.title,
      body: action.body,
      labels: action.labels,
    });
    issueOf.set(action.id, created.data.number);
    if (action.state === 'closed') {
      await octokit.rest.issues.update({
        owner,
        repo,
        issue_number: created.data.number,
        state: 'closed',
      });
    }
  }
}
