/** The mail-sync benchmark's text report: one line per measurement, each with its baseline. */
import { formatCpuShare } from '../cpu-meter';
import type { SyncBenchmarkResult } from './measure';

export function formatSyncBenchmark(result: SyncBenchmarkResult): string {
  const { archive, fullSync, parsing, noChangeResync, machine } = result;
  return [
    `Archive: ${archive.messages} messages, ${archive.months} months, ${archive.messagePages} message pages (${archive.pagesOnDisk} pages in all), built in ${archive.buildSeconds.toFixed(1)} s`,
    `Full sync (medians of ${fullSync.runs} runs): ${fullSync.seconds.toFixed(2)} s, ${fullSync.pagesRead} pages read, ${fullSync.pagesPerSecond.toFixed(0)} pages/s, ${fullSync.requests} requests (${fullSync.beforeCrawlSeconds.toFixed(2)} s before the months, ${fullSync.crawlSeconds.toFixed(2)} s crawling them, ${fullSync.parseSeconds.toFixed(2)} s of it parsing pages); baseline download ${fullSync.baselineDownloadSeconds.toFixed(2)} s; ratio ${fullSync.ratio} (each run: ${fullSync.runRatios.join(', ')}; their median ${fullSync.medianRunRatio})`,
    `Parsing: ${parsing.pagesPerSecond.toFixed(0)} pages/s (goal ≥ ${parsing.goalPagesPerSecond}); htmlparser2's tokenizer alone ${parsing.bareParserPagesPerSecond.toFixed(0)} pages/s; ratio ${parsing.ratio}`,
    `No-change re-sync: ${noChangeResync.seconds.toFixed(2)} s, ${noChangeResync.requests} requests, ${noChangeResync.notModified} answered 304, ${noChangeResync.bodiesDownloaded} bodies (${noChangeResync.bodyBytes} bytes), ${noChangeResync.filesChanged} files changed`,
    formatCpuShare(machine),
    '',
  ].join('\n');
}
