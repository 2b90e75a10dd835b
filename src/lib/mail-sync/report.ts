/** The sync's report for people (text) and for programs (`--json`). */
import type { MailSyncReport } from './run';

export function reportJson(report: MailSyncReport, dryRun: boolean): string {
  return `${JSON.stringify(
    {
      dryRun,
      threads: report.threads,
      changes: report.changes,
      requests: report.requests,
      pagesRead: report.crawl.pagesRead,
      monthsVisited: report.crawl.monthsVisited,
      monthsChanged: report.crawl.monthsChanged,
      warnings: report.warnings,
    },
    null,
    2,
  )}\n`;
}

export function reportText(report: MailSyncReport, dryRun: boolean): string {
  const { requests, crawl } = report;
  const lines = [
    `Read ${crawl.pagesRead} new message pages in ${crawl.monthsChanged} of ${crawl.monthsVisited} months visited; ${requests.requests} requests (${requests.notModified} not modified, ${requests.retries} retries, ${requests.bodyBytes} bytes of bodies).`,
    `Following ${report.threads.length} threads.`,
  ];
  if (report.changes.length === 0) lines.push('No file changed.');
  else {
    lines.push(dryRun ? 'Would change (dry run, nothing written):' : 'Changed:');
    for (const change of report.changes) lines.push(`  ${change.kind.padEnd(7)} ${change.file}`);
  }
  if (report.warnings.length > 0) {
    lines.push(`${report.warnings.length} warnings:`, ...report.warnings.map((w) => `  ${w}`));
  }
  return `${lines.join('\n')}\n`;
}
