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
  defined,
} from '../src/lib/cli';
import { createGitHubClient, GitHubError, redactSecrets } from '../src/lib/github';
import {
  buildReview,
  postReviewComment,
  renderAnnotations,
  renderMarkdown,
} from '../src/lib/wording/review';
import { REVIEW_HELP, REVIEW_OPTIONS } from '../src/lib/wording/review/help';

runCli(REVIEW_HELP, async (argv) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: REVIEW_OPTIONS,
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
    ...defined({ folder: values.folder }),
  });
  const markdown = renderMarkdown(
    report,
    defined({ repo: values.repo, serverUrl: process.env.GITHUB_SERVER_URL }),
  );
  if (format === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (format === 'github') process.stdout.write(renderAnnotations(report));
  else process.stdout.write(markdown);

  let code = report.summary.lint > 0 ? EXIT_FINDINGS : EXIT_OK;
  if (repo !== undefined && pr !== undefined) {
    const client = createGitHubClient(defined({ token, baseUrl: process.env.GITHUB_API_URL }));
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
