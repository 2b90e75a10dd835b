/**
 * `npm run bench:sync`: the mail sync on a synthetic MHonArc archive (default 5,000 messages over
 * 24 months, two lists) served over local HTTP. Prints, against baselines measured in the same run:
 * - full sync: wall time and pages/s, against downloading the same pages without parsing or threading
 *   (the server is in this process for both, so both pay its work); split into the time before the
 *   months, the months' crawl, and the parsing (on a worker thread, overlapped with the crawl);
 * - parsing: message pages/s of the page reader, against the bare HTML parser on the same pages
 *   (goal: ≥ 1,000 pages/s);
 * - a no-change re-sync: requests, how many were answered 304, bodies and bytes downloaded
 *   (goal: no body downloaded again).
 * A benchmark, not a test: it fails only if the sync fails. The logic is in src/lib/bench/sync/.
 */
import { parseArgs } from 'node:util';
import { formatSyncBenchmark, runSyncBenchmark } from '../src/lib/bench/sync';
import { EXIT_OK, parseFormat, positiveInteger, runCli } from '../src/lib/cli';
import { buildArchive, serveArchive } from '../test/support/mhonarc';

const HELP = `Usage: npm run bench:sync -- [--messages <n>] [--months <n>] [--runs <n>] [--format text|json]

Builds a synthetic archive with mhonarc (default 5000 messages over 24 months), serves it on
127.0.0.1 in this process, and measures a full sync (with the time spent crawling the months
and parsing pages on a worker thread), the page parser (median of --runs, default 3) and a
no-change re-sync, each against a baseline measured in the same run.
`;

runCli(HELP, async (argv) => {
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
    fixture: { build: (root, messages) => buildArchive(root, messages), serve: serveArchive },
    log: (line) => {
      if (format === 'text') process.stderr.write(`${line}\n`);
    },
  });
  process.stdout.write(
    format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatSyncBenchmark(result),
  );
  return EXIT_OK;
});
