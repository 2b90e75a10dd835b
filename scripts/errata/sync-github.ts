/** `npm run errata -- sync-github`: one GitHub issue per erratum, kept in step with the records. */
import { parseArgs } from 'node:util';
import {
  ConfigurationError,
  EXIT_FINDINGS,
  EXIT_OK,
  oneOf,
  ownerAndName,
  parseFormat,
} from '../../src/lib/cli';
import { loadSiteConfig, publishedSiteUrl, UPSTREAM_DOCUMENTS } from '../../src/config';
import { GitHubError, redactSecrets } from '../../src/lib/github';
import { githubReportJson, githubReportText, runGitHubSync } from '../../src/lib/github-sync';
import { paths } from './shared';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      repo: { type: 'string' },
      prefer: { type: 'string' },
      'dry-run': { type: 'boolean' },
      format: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const format = parseFormat(values, ['text', 'json']);
  const prefer =
    values.prefer === undefined
      ? undefined
      : oneOf(values.prefer, ['record', 'github'], '--prefer');
  const config = loadSiteConfig();
  const repository =
    values.repo ?? `${config.githubRepository.owner}/${config.githubRepository.name}`;
  ownerAndName(repository);
  const dryRun = values['dry-run'] === true;
  const token = process.env.GITHUB_TOKEN;
  if ((token ?? '') === '' && !dryRun)
    throw new ConfigurationError(
      'GITHUB_TOKEN is not set: the sync writes issues and needs a token with issues: write on the repository (--dry-run works without one on public repositories)',
    );
  try {
    const report = await runGitHubSync({
      paths,
      repository,
      ...(token === undefined || token === '' ? {} : { token }),
      ...(process.env.GITHUB_API_URL === undefined ? {} : { apiUrl: process.env.GITHUB_API_URL }),
      pageUrl: (id) => `${publishedSiteUrl(config)}errata/${id}`,
      upstreamDocuments: UPSTREAM_DOCUMENTS,
      ...(prefer === undefined ? {} : { prefer }),
      dryRun,
    });
    process.stdout.write(format === 'json' ? githubReportJson(report) : githubReportText(report));
    return report.conflicts.length > 0 ? EXIT_FINDINGS : EXIT_OK;
  } catch (error) {
    if (!(error instanceof GitHubError)) throw error;
    process.stderr.write(
      `error: ${redactSecrets(error.message, token)}\nNo record was left half-written; run again once GitHub answers.\n`,
    );
    return EXIT_FINDINGS;
  }
}
