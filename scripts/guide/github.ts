/** The client GitHub sources are read with: GITHUB_TOKEN when set, GITHUB_API_URL to redirect. */
import { defined } from '../../src/lib/cli';
import { createGitHubClient } from '../../src/lib/github';

export function githubOctokit(): ReturnType<typeof createGitHubClient>['octokit'] {
  return createGitHubClient(defined({ baseUrl: process.env.GITHUB_API_URL })).octokit;
}
