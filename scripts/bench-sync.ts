/**
 * `npm run bench:sync`: the mail sync on a synthetic MHonArc archive (default 5,000 messages over
 * 24 months, two lists) served over local HTTP. Prints, against baselines measured in the same run:
 * - full sync: wall time and pages/s, against downloading the same pages without parsing or threading;
 * - parsing: message pages/s of the page reader, against the bare HTML parser on the same pages
 *   (goal: ≥ 1,000 pages/s);
 * - a no-change re-sync: requests, how many were answered 304, bodies and bytes downloaded
 *   (goal: no body downloaded again).
 * A benchmark, not a test: it fails only if the sync fails.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseDocument } from 'htmlparser2';
import { ArchiveHttpClient, parseMessagePage } from '../src/lib/archive';
import { syntheticArchive } from '../src/lib/bench/mail-archive';
import { formatRatio, median } from '../src/lib/bench/stats';
import { EXIT_OK, parseFormat, runCli, UsageError } from '../src/lib/cli';
import { errataPaths } from '../src/lib/errata';
import { decodePage, runMailSync } from '../src/lib/mail-sync';
import { buildArchive, serveArchive } from '../test/support/mhonarc';

const HELP = `Usage: npm run bench:sync -- [--messages <n>] [--months <n>] [--runs <n>] [--format text|json]

Builds a synthetic archive with mhonarc (default 5000 messages over 24 months), serves it on
127.0.0.1, and measures a full sync, the page parser (median of --runs, default 3) and a
no-change re-sync, each against a baseline measured in the same run.
`;

function count(value: string | undefined, fallback: number, option: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${option} ${value}: expected a whole number ≥ 1`);
  return n;
}

async function htmlFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

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
  const messages = count(values.messages, 5000, '--messages');
  const months = count(values.months, 24, '--months');
  const runs = count(values.runs, 3, '--runs');
  const log = (line: string) => {
    if (format === 'text') process.stderr.write(`${line}\n`);
  };

  const work = await mkdtemp(path.join(os.tmpdir(), 'bench-sync-'));
  try {
    const archiveDir = path.join(work, 'archive');
    log(`Building ${messages} messages over ${months} months with mhonarc…`);
    let started = performance.now();
    const built = await buildArchive(archiveDir, syntheticArchive({ messages, months }));
    const buildMs = performance.now() - started;
    const server = await serveArchive(archiveDir);
    try {
      const files = await htmlFiles(archiveDir);
      const urls = files.map(
        (file) => `${server.url}${path.relative(archiveDir, file).split(path.sep).join('/')}`,
      );
      const client = { concurrency: 2, requestsPerSecond: Infinity };

      log(`Baseline: downloading the ${urls.length} pages without parsing…`);
      const plain = new ArchiveHttpClient(client);
      started = performance.now();
      await Promise.all(urls.map((url) => plain.get(url)));
      const downloadMs = performance.now() - started;

      log('Full sync…');
      const siteDir = path.join(work, 'site');
      const paths = errataPaths(process.cwd(), path.join(siteDir, 'errata'));
      await mkdir(path.join(paths.errataDir, 'sync'), { recursive: true });
      await copyFile(path.join('errata', 'E-0001.yaml'), path.join(paths.errataDir, 'E-0001.yaml'));
      await copyFile(
        path.join('errata', 'sync', 'mail-rules.yaml'),
        path.join(paths.errataDir, 'sync', 'mail-rules.yaml'),
      );
      started = performance.now();
      const full = await runMailSync({ paths, archive: server.url, client });
      const fullMs = performance.now() - started;

      log('No-change re-sync…');
      started = performance.now();
      const again = await runMailSync({ paths, archive: server.url, client });
      const againMs = performance.now() - started;

      log(`Parsing the message pages ${runs} times…`);
      const pages = await Promise.all(
        files
          .filter((file) => /msg\d+\.html$/.test(file))
          .map(async (file) => ({ file, html: decodePage(await readFile(file)) })),
      );
      const parserMs: number[] = [];
      const bareMs: number[] = [];
      for (let run = 0; run < runs; run += 1) {
        started = performance.now();
        for (const { html } of pages) parseDocument(html);
        bareMs.push(performance.now() - started);
        started = performance.now();
        for (const [number, { html }] of pages.entries()) {
          parseMessagePage(html, {
            list: 'bench',
            month: '201401',
            number,
            url: `${server.url}bench/201401/msg${number}.html`,
          });
        }
        parserMs.push(performance.now() - started);
      }
      const parseMs = median(parserMs);
      const baseMs = median(bareMs);

      const result = {
        archive: {
          messages,
          months,
          lists: built.lists.length,
          pagesOnDisk: files.length,
          messagePages: pages.length,
          buildSeconds: buildMs / 1000,
        },
        fullSync: {
          seconds: fullMs / 1000,
          pagesRead: full.crawl.pagesRead,
          pagesPerSecond: full.crawl.pagesRead / (fullMs / 1000),
          requests: full.requests.requests,
          threadsFollowed: full.threads.length,
          filesChanged: full.changes.length,
          baselineDownloadSeconds: downloadMs / 1000,
          ratio: formatRatio(fullMs, downloadMs),
        },
        parsing: {
          pagesPerSecond: pages.length / (parseMs / 1000),
          bareParserPagesPerSecond: pages.length / (baseMs / 1000),
          ratio: formatRatio(parseMs, baseMs),
          goalPagesPerSecond: 1000,
        },
        noChangeResync: {
          seconds: againMs / 1000,
          requests: again.requests.requests,
          notModified: again.requests.notModified,
          bodiesDownloaded: again.requests.bodies,
          bodyBytes: again.requests.bodyBytes,
          filesChanged: again.changes.length,
        },
      };
      if (format === 'json') {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return EXIT_OK;
      }
      const { fullSync, parsing, noChangeResync } = result;
      process.stdout.write(
        [
          `Archive: ${messages} messages, ${months} months, ${result.archive.messagePages} message pages (${files.length} pages in all), built in ${result.archive.buildSeconds.toFixed(1)} s`,
          `Full sync: ${fullSync.seconds.toFixed(2)} s, ${fullSync.pagesRead} pages read, ${fullSync.pagesPerSecond.toFixed(0)} pages/s, ${fullSync.requests} requests; baseline download ${fullSync.baselineDownloadSeconds.toFixed(2)} s; ratio ${fullSync.ratio}`,
          `Parsing: ${parsing.pagesPerSecond.toFixed(0)} pages/s (goal ≥ 1000); bare parser ${parsing.bareParserPagesPerSecond.toFixed(0)} pages/s; ratio ${parsing.ratio}`,
          `No-change re-sync: ${noChangeResync.seconds.toFixed(2)} s, ${noChangeResync.requests} requests, ${noChangeResync.notModified} answered 304, ${noChangeResync.bodiesDownloaded} bodies (${noChangeResync.bodyBytes} bytes), ${noChangeResync.filesChanged} files changed`,
          '',
        ].join('\n'),
      );
      return EXIT_OK;
    } finally {
      await server.close();
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
