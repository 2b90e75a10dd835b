/**
 * The mail-sync benchmark (`npm run bench:sync`): the sync on a synthetic MHonArc archive served
 * over local HTTP, each figure against a baseline measured in the same run. The archive builder
 * and server are test doubles, so the CLI hands them in: a library never imports them. The CLI's
 * server runs in a child process (./served-archive.ts), for the baseline and the syncs alike.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Parser } from 'htmlparser2';
import { ArchiveHttpClient, parseMessagePage } from '../../archive';
import { errataPaths } from '../../errata';
import { decodePage, runMailSync } from '../../mail-sync';
import { syntheticArchive } from '../mail-archive';
import { processCpuSeconds, startCpuMeter, type CpuShare } from '../cpu-meter';
import { formatRatio, median } from '../stats';

/** What the benchmark needs of the MHonArc test double: build an archive folder, serve it. */
export interface ArchiveFixture {
  build(
    root: string,
    messages: ReturnType<typeof syntheticArchive>,
  ): Promise<{ lists: readonly unknown[] }>;
  serve(root: string): Promise<{
    url: string;
    /** The server's CPU time so far, in seconds (0 where it runs in this process). */
    cpuSeconds(): Promise<number>;
    close(): Promise<void>;
  }>;
}

export interface SyncBenchmarkOptions {
  messages: number;
  months: number;
  /** Runs of the download-and-full-sync pair and of the parser; medians count. */
  runs: number;
  /** The folder holding errata/E-0001.yaml and errata/sync/mail-rules.yaml to sync against. */
  repoRoot: string;
  fixture: ArchiveFixture;
  log: (line: string) => void;
}

export interface SyncBenchmarkResult {
  archive: {
    messages: number;
    months: number;
    lists: number;
    pagesOnDisk: number;
    messagePages: number;
    buildSeconds: number;
  };
  /** Medians over `runs` full syncs, each after its own baseline download. */
  fullSync: {
    runs: number;
    seconds: number;
    pagesRead: number;
    pagesPerSecond: number;
    requests: number;
    threadsFollowed: number;
    filesChanged: number;
    baselineDownloadSeconds: number;
    /** Loading the records, rules and state and reading the list homes, before the months. */
    beforeCrawlSeconds: number;
    /** The months: index pages, message pages, parsing and merging. */
    crawlSeconds: number;
    /** Parsing the message pages, summed over pages (within the crawl, whichever thread parsed). */
    parseSeconds: number;
    /** Median full sync against median download. */
    ratio: string;
    /** Each run's full sync against the download just before it. */
    runRatios: string[];
    /** The median of runRatios: pairs share the machine's drift. */
    medianRunRatio: string;
  };
  parsing: {
    pagesPerSecond: number;
    bareParserPagesPerSecond: number;
    ratio: string;
    goalPagesPerSecond: number;
  };
  noChangeResync: {
    seconds: number;
    requests: number;
    notModified: number;
    bodiesDownloaded: number;
    bodyBytes: number;
    filesChanged: number;
  };
  /** Who kept the machine's CPUs busy during the downloads and full syncs. */
  machine: CpuShare;
}

/** The options the page reader gives htmlparser2 (src/lib/archive/html-tree.ts). */
const PARSER_OPTIONS = { decodeEntities: true, lowerCaseTags: true };

/** The client settings of both the baseline download and the syncs. */
const CLIENT = { concurrency: 2, requestsPerSecond: Infinity };

async function htmlFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

export async function runSyncBenchmark(
  options: SyncBenchmarkOptions,
): Promise<SyncBenchmarkResult> {
  const { messages, months, log } = options;
  const work = await mkdtemp(path.join(os.tmpdir(), 'bench-sync-'));
  try {
    const archiveDir = path.join(work, 'archive');
    log(`Building ${messages} messages over ${months} months with mhonarc…`);
    const spec = syntheticArchive({ messages, months });
    const built = await timed(() => options.fixture.build(archiveDir, spec));
    const server = await options.fixture.serve(archiveDir);
    try {
      const files = await htmlFiles(archiveDir);
      const meter = await startCpuMeter(
        async () => processCpuSeconds() + (await server.cpuSeconds()),
      );
      const measured = await measureSyncs(options, work, archiveDir, files, server.url);
      const machine = await meter.stop();
      const parsing = await measureParsing(files, options.runs, server.url, log);
      return {
        archive: {
          messages,
          months,
          lists: built.value.lists.length,
          pagesOnDisk: files.length,
          messagePages: parsing.pages,
          buildSeconds: built.ms / 1000,
        },
        fullSync: measured.fullSync,
        parsing: parsing.result,
        noChangeResync: measured.noChangeResync,
        machine,
      };
    } finally {
      await server.close();
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** One full sync from an empty state in its own site folder, with the crawl's span. */
async function fullSyncOnce(repoRoot: string, site: string, archive: string) {
  const paths = errataPaths(repoRoot, path.join(site, 'errata'));
  await mkdir(path.join(paths.errataDir, 'sync'), { recursive: true });
  for (const file of ['E-0001.yaml', path.join('sync', 'mail-rules.yaml')]) {
    await copyFile(path.join(repoRoot, 'errata', file), path.join(paths.errataDir, file));
  }
  // When the crawl starts (its month count is known) and ends (its last month is done).
  const crawl = { startMs: 0, endMs: 0 };
  const onEvent = (event: { kind: string }) => {
    if (event.kind === 'months') crawl.startMs = performance.now();
    if (event.kind === 'month') crawl.endMs = performance.now();
  };
  const started = performance.now();
  const full = await timed(() => runMailSync({ paths, archive, client: CLIENT, onEvent }));
  return {
    paths,
    ms: full.ms,
    report: full.value,
    beforeCrawlMs: crawl.startMs - started,
    crawlMs: crawl.endMs - crawl.startMs,
  };
}

/**
 * The bare download of every page and a full sync of the same archive, alternately `runs` times
 * (a shared machine's speed drifts: each pair sees the same drift, and medians ignore a stray
 * run); then a no-change re-sync of the last full sync's state.
 */
async function measureSyncs(
  options: SyncBenchmarkOptions,
  work: string,
  archiveDir: string,
  files: readonly string[],
  archive: string,
): Promise<Pick<SyncBenchmarkResult, 'fullSync' | 'noChangeResync'>> {
  const { log, repoRoot, runs } = options;
  const urls = files.map(
    (file) => `${archive}${path.relative(archiveDir, file).split(path.sep).join('/')}`,
  );
  const downloads: number[] = [];
  const syncs: Awaited<ReturnType<typeof fullSyncOnce>>[] = [];
  for (let run = 1; run <= runs; run += 1) {
    log(
      `Run ${run} of ${runs}: downloading the ${urls.length} pages without parsing, then a full sync…`,
    );
    const plain = new ArchiveHttpClient(CLIENT);
    downloads.push((await timed(() => Promise.all(urls.map((url) => plain.get(url))))).ms);
    syncs.push(await fullSyncOnce(repoRoot, path.join(work, `site-${run}`), archive));
  }
  const last = syncs.at(-1);
  if (last === undefined) throw new Error('bench:sync needs at least one run');
  log('No-change re-sync…');
  const again = await timed(() => runMailSync({ paths: last.paths, archive, client: CLIENT }));
  const seconds = (values: number[]) => median(values) / 1000;
  const fullMs = median(syncs.map((sync) => sync.ms));
  const downloadMs = median(downloads);
  const report = last.report;
  return {
    fullSync: {
      runs,
      seconds: fullMs / 1000,
      pagesRead: report.crawl.pagesRead,
      pagesPerSecond: report.crawl.pagesRead / (fullMs / 1000),
      requests: report.requests.requests,
      threadsFollowed: report.threads.length,
      filesChanged: report.changes.length,
      baselineDownloadSeconds: downloadMs / 1000,
      beforeCrawlSeconds: seconds(syncs.map((sync) => sync.beforeCrawlMs)),
      crawlSeconds: seconds(syncs.map((sync) => sync.crawlMs)),
      parseSeconds: seconds(syncs.map((sync) => sync.report.crawl.parseMs)),
      ratio: formatRatio(fullMs, downloadMs),
      runRatios: syncs.map((sync, index) => formatRatio(sync.ms, downloads[index] ?? NaN)),
      medianRunRatio: formatRatio(
        median(syncs.map((sync, index) => sync.ms / (downloads[index] ?? NaN))),
        1,
      ),
    },
    noChangeResync: {
      seconds: again.ms / 1000,
      requests: again.value.requests.requests,
      notModified: again.value.requests.notModified,
      bodiesDownloaded: again.value.requests.bodies,
      bodyBytes: again.value.requests.bodyBytes,
      filesChanged: again.value.changes.length,
    },
  };
}

/**
 * The page reader against htmlparser2's tokenizer alone (no tree, no handler) on the same message
 * pages, with the reader's options (medians of `runs`).
 */
async function measureParsing(
  files: readonly string[],
  runs: number,
  archive: string,
  log: (line: string) => void,
): Promise<{ pages: number; result: SyncBenchmarkResult['parsing'] }> {
  log(`Parsing the message pages ${runs} times…`);
  const pages = await Promise.all(
    files
      .filter((file) => /msg\d+\.html$/.test(file))
      .map(async (file) => decodePage(await readFile(file))),
  );
  const parserMs: number[] = [];
  const bareMs: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    let started = performance.now();
    for (const html of pages) new Parser({}, PARSER_OPTIONS).end(html);
    bareMs.push(performance.now() - started);
    started = performance.now();
    for (const [number, html] of pages.entries()) {
      const url = `${archive}bench/201401/msg${number}.html`;
      parseMessagePage(html, { list: 'bench', month: '201401', number, url });
    }
    parserMs.push(performance.now() - started);
  }
  const parseMs = median(parserMs);
  const baseMs = median(bareMs);
  return {
    pages: pages.length,
    result: {
      pagesPerSecond: pages.length / (parseMs / 1000),
      bareParserPagesPerSecond: pages.length / (baseMs / 1000),
      ratio: formatRatio(parseMs, baseMs),
      goalPagesPerSecond: 1000,
    },
  };
}
