/**
 * npm run review -- --base <rev> --head <rev>: the wording review of a change to the guide, a thin
 * CLI over src/lib/wording/review. With --post it keeps one comment on the pull request.
 */
import { parseArgs } from 'node:util';

import {
  EXIT_FINDINGS,
  EXIT_OK,
  parseFormat,
  runCli,
  ConfigurationError,
  ownerAndName,
  positiveInteger,
  UsageError,
} from '../src/lib/cli';
import { createGitHubClient, GitHubError, redactSecrets } from '../src/lib/github';
import {
  buildReview,
  postReviewComment,
  renderAnnotations,
  renderMarkdown,
} from '../src/lib/wording/review';

const HELP = `Usage: npm run review -- --base <rev> --head <rev> [options]

Compares the guide pages (.md, .mdx under docs/) of two git revisions section by section:
sections added, removed, moved or renamed; sentences added, removed or changed, with word marks;
obligations (BCP 14 keywords and their lower-case look-alikes) added, removed, strengthened or
weakened; and the wording-lint findings on the lines the change touched.

Options:
  --base <rev>          the revision before the change (a branch, tag or commit)
  --head <rev>          the revision after it
  --format <f>          markdown (default: the pull-request comment), json, or github
                        (workflow annotations on the changed lines)
  --folder <path>       folder of the guide pages (default docs)
  --post                create or update the review comment on a pull request; needs
                        --repo and --pr, and $GITHUB_TOKEN with pull-requests: write
  --repo <owner/name>   the repository of the pull request (also links file references)
  --pr <n>              the pull request's number

The comment carries a hidden marker, so each run rewrites the same comment. $GITHUB_API_URL and
$GITHUB_SERVER_URL (set by GitHub Actions) point at another GitHub; the token is never printed.
Exit status: 0 reviewed; 1 lint findings on changed lines, or posting failed; 2 usage or set-up
error (an unknown revision, say).
`;

runCli(HELP, async (argv) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      base: { type: 'string' },
      head: { type: 'string' },
      format: { type: 'string' },
      json: { type: 'boolean' },
      folder: { type: 'string' },
      post: { type: 'boolean' },
      repo: { type: 'string' },
      pr: { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals.join(' ')}`);
  if (values.base === undefined || values.head === undefined) {
    throw new UsageError('both --base and --head are needed, e.g. --base origin/main --head HEAD');
  }
  const format = parseFormat(
    { format: values.format ?? 'markdown', ...(values.json ? { json: true } : {}) },
    ['markdown', 'json', 'github'],
  );
  const repo = values.repo === undefined ? undefined : ownerAndName(values.repo);
  let pr: number | undefined;
  const token = process.env.GITHUB_TOKEN;
  if (values.post) {
    if (repo === undefined || values.pr === undefined)
      throw new UsageError('--post needs --repo and --pr');
    pr = positiveInteger(values.pr, '--pr');
    if ((token ?? '') === '') {
      throw new ConfigurationError(
        'GITHUB_TOKEN is not set: posting the review needs a token with pull-requests: write',
      );
    }
  }

  const report = await buildReview({
    base: values.base,
    head: values.head,
    ...(values.folder === undefined ? {} : { folder: values.folder }),
  });
  const markdown = renderMarkdown(report, {
    ...(values.repo === undefined ? {} : { repo: values.repo }),
    ...(process.env.GITHUB_SERVER_URL === undefined
      ? {}
      : { serverUrl: process.env.GITHUB_SERVER_URL }),
  });
  if (format === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (format === 'github') process.stdout.write(renderAnnotations(report));
  else process.stdout.write(markdown);

  let code = report.summary.lint > 0 ? EXIT_FINDINGS : EXIT_OK;
  if (repo !== undefined && pr !== undefined) {
    const client = createGitHubClient({
      ...(token === undefined ? {} : { token }),
      ...(process.env.GITHUB_API_URL === undefined ? {} : { baseUrl: process.env.GITHUB_API_URL }),
    });
    try {
      const result = await postReviewComment(client, { ...repo, pr }, markdown);
      process.stderr.write(`review comment ${result.action}: ${result.url}\n`);
    } catch (error) {
      if (!(error instanceof GitHubError)) throw error;
      process.stderr.write(
        `error: posting the review failed: ${redactSecrets(error.message, token)}\n`,
      );
      code = EXIT_FINDINGS;
    }
  }
  return code;
});
