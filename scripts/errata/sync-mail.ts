/** `npm run errata -- sync-mail`: the comment threads of the OASIS list archives, into errata/. */
import { parseArgs } from 'node:util';
import {
  EXIT_FINDINGS,
  EXIT_OK,
  parseFormat,
  positiveNumber,
  UsageError,
  wholeNumber,
  defined,
} from '../../src/lib/cli';
import { loadSiteConfig } from '../../src/config';
import { FetchError } from '../../src/lib/archive';
import {
  createProgress,
  reportGithub,
  reportJson,
  reportMarkdown,
  reportText,
  runMailSync,
} from '../../src/lib/mail-sync';
import { paths } from './shared';
import { SYNC_MAIL_OPTIONS } from '../../src/lib/mail-sync/options';

const REPORTS = {
  text: reportText,
  json: reportJson,
  markdown: reportMarkdown,
  github: reportGithub,
};

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: SYNC_MAIL_OPTIONS,
  });
  const format = parseFormat(values, ['text', 'json', 'markdown', 'github']);
  const checkpoint = values.checkpoint === undefined ? undefined : Number(values.checkpoint);
  if (checkpoint !== undefined && !(Number.isFinite(checkpoint) && checkpoint >= 0))
    throw new UsageError(`--checkpoint ${values.checkpoint}: expected seconds, 0 or more`);
  if (values.since !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.since))
    throw new UsageError(`--since ${values.since}: expected a month YYYY-MM, e.g. --since 2015-05`);
  const concurrency = positiveNumber(values.concurrency, '--concurrency');
  const rate = positiveNumber(values.rate, '--rate');
  const timeout = positiveNumber(values.timeout, '--timeout');
  const retries = wholeNumber(values.retries, '--retries');
  const dryRun = values['dry-run'] === true;
  const progress = createProgress(process.stderr);
  try {
    const report = await runMailSync({
      paths,
      archive: values.archive ?? loadSiteConfig().oasisArchiveRoot,
      ...defined({ lists: values.list, since: values.since }),
      dryRun,
      ...defined({ checkpointMs: checkpoint === undefined ? undefined : checkpoint * 1000 }),
      client: defined({
        concurrency: concurrency === undefined ? undefined : Math.floor(concurrency),
        requestsPerSecond: rate,
        timeoutMs: timeout === undefined ? undefined : timeout * 1000,
        retries,
      }),
      onEvent: progress.onEvent,
      warn: (message) => {
        progress.clear();
        process.stderr.write(`warning: ${message}\n`);
      },
    });
    progress.clear();
    process.stdout.write(REPORTS[format](report, dryRun));
    // A conflict is a finding: the record was left as it is, and a maintainer must look.
    return report.conflicts.length > 0 ? EXIT_FINDINGS : EXIT_OK;
  } catch (error) {
    progress.clear();
    if (!(error instanceof FetchError)) throw error;
    process.stderr.write(
      `error: ${error.message}\nNo erratum was written; what was read is kept in errata/sync/ for the next run.\n`,
    );
    return EXIT_FINDINGS;
  }
}
