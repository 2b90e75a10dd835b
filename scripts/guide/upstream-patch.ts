/**
 * `npm run guide -- upstream-patch`: the proposed text as a patch against the TC's sources, or
 * with --open-pr as one pull request from a fork.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadSiteConfig, publishedSiteUrl, upstreamEditor } from '../../src/config';
import {
  ConfigurationError,
  EXIT_FINDINGS,
  EXIT_OK,
  InvalidInputError,
  oneOf,
  UsageError,
} from '../../src/lib/cli';
import { defined } from '../../src/lib/cli/defined';
import { GitHubError, redactSecrets } from '../../src/lib/github';
import { PROPOSED_TEXT_FILE } from '../../src/lib/recommendations';
import {
  buildUpstreamPatch,
  formatPullRequestReport,
  patchSummaryJson,
  proposeUpstream,
  upstreamTarget,
} from '../../src/lib/upstream-patch';
import { openSource, parseSourceSpec } from '../../src/lib/usage-guide-source';
import { githubOctokit } from './github';
import { UPSTREAM_PATCH_OPTIONS } from '../../src/lib/upstream-patch/options';

type Values = ReturnType<typeof parseArgs<{ options: typeof UPSTREAM_PATCH_OPTIONS }>>['values'];

export async function upstreamPatch(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: UPSTREAM_PATCH_OPTIONS });
  if (values['open-pr'] === true) return openPr(values);
  if (values.yes === true) throw new UsageError('--yes confirms --open-pr; give both');
  const format = oneOf(
    values.json ? 'json' : (values.format ?? 'patch'),
    ['patch', 'markdown', 'json'],
    '--format',
  );
  if (values.source === undefined)
    throw new UsageError(
      'name the TC folder: --source working/doc/ug or --source oasis-tcs/pkcs11@master:working/doc/ug',
    );
  const { id, document, date } = upstreamTarget(values);
  const siteUrl = publishedSiteUrl(loadSiteConfig());
  // The library's set-up errors are ConfigurationError or InvalidInputError: runCli says them.
  const result = await buildUpstreamPatch({
    source: openSource(values.source, { octokit: githubOctokit() }),
    document,
    proposedPage: await readFile(PROPOSED_TEXT_FILE, 'utf8'),
    date,
    editor: upstreamEditor(),
    siteUrl,
    ...defined({ pathPrefix: values['path-prefix'] }),
  });
  const formatted = { json: () => patchSummaryJson(id, result), markdown: () => result.markdown };
  process.stdout.write(format === 'patch' ? result.patch : formatted[format]());
  return EXIT_OK;
}

async function openPr(values: Values): Promise<number> {
  const format = values.json ? 'json' : (values.format ?? 'text');
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`--format ${format} is not offered with --open-pr; expected text or json`);
  if (values['path-prefix'] !== undefined)
    throw new UsageError('--path-prefix does not go with --open-pr: paths come from --source');
  const spec = values.source ?? '';
  const location = parseSourceSpec(spec);
  if (location.kind !== 'github')
    throw new UsageError(
      '--open-pr reads the branch it targets from GitHub: give --source owner/name@branch:folder, e.g. --source your-org/pkcs11@master:working/doc/ug',
    );
  const target = upstreamTarget(values);
  const dryRun = values.yes !== true;
  const token = process.env.GITHUB_TOKEN;
  if (!dryRun && (token ?? '') === '')
    throw new ConfigurationError(
      'GITHUB_TOKEN is not set: --open-pr --yes forks, pushes a branch and opens a pull request, which needs a token with the public_repo scope (or a fine-grained token with contents and pull requests write); without --yes it only prints the plan',
    );
  const siteUrl = publishedSiteUrl(loadSiteConfig());
  try {
    const result = await proposeUpstream({
      spec,
      location,
      target,
      siteUrl,
      ...defined({ apiUrl: process.env.GITHUB_API_URL }),
      dryRun,
    });
    process.stdout.write(
      result.kind === 'already-applied'
        ? `${result.source} already holds the proposed text: no pull request is needed.\n`
        : format === 'json'
          ? `${JSON.stringify(result.report, null, 2)}\n`
          : formatPullRequestReport(result.report),
    );
    return EXIT_OK;
  } catch (error) {
    if (error instanceof ConfigurationError || error instanceof InvalidInputError)
      error.message = redactSecrets(error.message, token);
    if (!(error instanceof GitHubError)) throw error;
    process.stderr.write(
      `error: ${redactSecrets(error.message, token)}\nRun again once GitHub answers: what was written is found again and not repeated.\n`,
    );
    return EXIT_FINDINGS;
  }
}
