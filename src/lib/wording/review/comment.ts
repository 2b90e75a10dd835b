/**
 * Keeps one review comment on a pull request: finds the comment carrying the hidden marker and
 * rewrites it, or creates it the first time, so each push updates the same comment instead of
 * adding another. Pull requests are issues to GitHub's comment API.
 */
import type { GitHubClient } from '../../github';
import { REVIEW_MARKER } from './markdown';

export interface PostResult {
  action: 'created' | 'updated' | 'unchanged';
  id: number;
  url: string;
}

export async function postReviewComment(
  client: GitHubClient,
  target: { owner: string; repo: string; pr: number },
  body: string,
): Promise<PostResult> {
  if (!body.includes(REVIEW_MARKER)) throw new Error('the review body lacks its marker');
  const { octokit } = client;
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.pr,
    per_page: 100,
  });
  // The oldest marked comment is the review; later copies (a race of two runs) are left alone.
  const existing = comments.find((comment) => comment.body?.includes(REVIEW_MARKER) === true);
  if (existing === undefined) {
    const { data } = await octokit.rest.issues.createComment({
      owner: target.owner,
      repo: target.repo,
      issue_number: target.pr,
      body,
    });
    return { action: 'created', id: data.id, url: data.html_url };
  }
  if (existing.body === body)
    return { action: 'unchanged', id: existing.id, url: existing.html_url };
  const { data } = await octokit.rest.issues.updateComment({
    owner: target.owner,
    repo: target.repo,
    comment_id: existing.id,
    body,
  });
  return { action: 'updated', id: data.id, url: data.html_url };
}
