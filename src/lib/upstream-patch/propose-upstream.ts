/**
 * `guide upstream-patch --open-pr`: the patch read from a GitHub branch, committed to a fork and
 * offered as one pull request against that branch (opened or updated, never duplicated).
 */
import { readFile } from 'node:fs/promises';
import { upstreamEditor, upstreamPullRequestConfig } from '../../config';
import { createGitHubClient } from '../github';
import { PROPOSED_TEXT_FILE } from '../recommendations/check';
import { openSource, type SourceLocation } from '../usage-guide-source';
import { buildUpstreamPatch } from './patch';
import { openPullRequest } from './pull-request';
import type { PullRequestReport } from './pull-request-report';
import { resolvePullRequestTarget } from './pull-request-target';
import { pullRequestText } from './pull-request-text';
import type { UpstreamTarget } from './target';

export interface ProposeUpstreamOptions {
  /** `--source owner/name@branch:folder` as given, and as parsed. */
  spec: string;
  location: Extract<SourceLocation, { kind: 'github' }>;
  target: UpstreamTarget;
  /** The site's public URL, linked from the pull request's description. */
  siteUrl: string;
  /** GitHub's API root when not api.github.com. */
  apiUrl?: string;
  /** Plan only: print the fork, branch, files, title and body; write nothing. */
  dryRun: boolean;
}

export type ProposeUpstreamResult =
  /** The branch already holds the proposed text: no pull request is needed. */
  { kind: 'already-applied'; source: string } | { kind: 'pull-request'; report: PullRequestReport };

export async function proposeUpstream(
  options: ProposeUpstreamOptions,
): Promise<ProposeUpstreamResult> {
  const { location, target, siteUrl } = options;
  const prConfig = upstreamPullRequestConfig();
  const prTarget = resolvePullRequestTarget({
    source: location,
    document: target.document,
    config: prConfig,
  });
  const client = createGitHubClient(
    options.apiUrl === undefined ? {} : { baseUrl: options.apiUrl },
  );
  const source = openSource(options.spec, { octokit: client.octokit });
  const patch = await buildUpstreamPatch({
    source,
    document: target.document,
    proposedPage: await readFile(PROPOSED_TEXT_FILE, 'utf8'),
    date: target.date,
    editor: upstreamEditor(),
    siteUrl,
    pathPrefix: location.folder,
  });
  if (patch.patch === '') return { kind: 'already-applied', source: source.label };
  const report = await openPullRequest({
    octokit: client.octokit,
    target: prTarget,
    ...(prConfig.fork === undefined ? {} : { fork: prConfig.fork }),
    files: patch.files,
    text: pullRequestText({ documentId: target.id, document: target.document, siteUrl }),
    dryRun: options.dryRun,
  });
  return { kind: 'pull-request', report };
}
