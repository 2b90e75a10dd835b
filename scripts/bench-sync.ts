/**
 * `npm run bench:sync`: the mail sync on a synthetic MHonArc archive (default 5,000 messages over
 * 24 months, two lists) served over local HTTP by a child process. Prints, against baselines
 * measured in the same run:
 * - full sync: wall time and pages/s, against downloading the same pages without parsing or threading
 *   (alternately, --runs times; medians);
 * - parsing: message pages/s of the page reader, against htmlparser2's tokenizer alone on the same
 *   pages
 *   (goal: ≥ 1,000 pages/s);
 * - a no-change re-sync: requests, how many were answered 304, bodies and bytes downloaded
 *   (goal: no body downloaded again).
 * A benchmark, not a test: it fails only if the sync fails. The logic is in src/lib/bench/sync/.
 */
import { parseArgs } from 'node:util';
import {
  formatSyncBenchmark,
  runSyncBenchmark,
  serveArchiveInChildProcess,
} from '../src/lib/bench/sync';
import { EXIT_OK, parseFormat, positiveInteger, runCli } from '../src/lib/cli';
import { buildArchive } from '../test/support/mhonarc';
import { BENCH_SYNC_HELP } from '../src/lib/bench/help';

runCli(BENCH_SYNC_HELP, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      messages: { type: 'string' },
      months: { type: 'string' },
      runs: { type: 'string' },
      format: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const format = parseFormat(values, ['text', 'json']);
  const result = await runSyncBenchmark({
    messages: positiveInteger(values.messages, '--messages') ?? 5000,
    months: positiveInteger(values.months, '--months') ?? 24,
    runs: positiveInteger(values.runs, '--runs') ?? 3,
    repoRoot: process.cwd(),
    fixture: {
      build: (root, messages) => buildArchive(root, messages),
      serve: serveArchiveInChildProcess,
    },
    log: (line) => {
      if (format === 'text') process.stderr.write(`${line}\n`);
    },
  });
  process.stdout.write(
    format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatSyncBenchmark(result),
  );
  return EXIT_OK;
});
