/**
 * The sync's report for people (text, markdown), for programs (`--json`) and for workflow runs
 * (`--format github`). Every format carries the conflicts: a citation the archive contradicts is
 * the one thing a maintainer must act on.
 */
import { markdownCell } from '../errata';
import { formatFindingGithub, type Finding } from '../findings';
import type { MailConflict } from './reconcile';
import type { MailSyncReport } from './run';

export function conflictMessage(conflict: MailConflict): string {
  return `the record says ${conflict.record}; the archive says ${conflict.archive}. The record was left as it is: if its citation is right, add {file: ${conflict.file}, citation: ${conflict.citation}} to confirmed in errata/sync/mail-rules.yaml`;
}

export function conflictFinding(conflict: MailConflict): Finding {
  return {
    file: conflict.file,
    field: conflict.field,
    rule: 'mail-citation-conflict',
    message: conflictMessage(conflict),
  };
}

export function reportJson(report: MailSyncReport, dryRun: boolean): string {
  return `${JSON.stringify(
    {
      dryRun,
      threads: report.threads,
      changes: report.changes,
      conflicts: report.conflicts,
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

function summaryLine(report: MailSyncReport): string {
  const { requests, crawl } = report;
  return `Read ${crawl.pagesRead} new message pages in ${crawl.monthsChanged} of ${crawl.monthsVisited} months visited; ${requests.requests} requests (${requests.notModified} not modified, ${requests.retries} retries, ${requests.bodyBytes} bytes of bodies).`;
}

export function reportText(report: MailSyncReport, dryRun: boolean): string {
  const lines = [summaryLine(report), `Following ${report.threads.length} threads.`];
  if (report.changes.length === 0) lines.push('No file changed.');
  else {
    lines.push(dryRun ? 'Would change (dry run, nothing written):' : 'Changed:');
    for (const change of report.changes) lines.push(`  ${change.kind.padEnd(7)} ${change.file}`);
  }
  if (report.conflicts.length > 0) {
    lines.push(`${report.conflicts.length} conflicts (files left as they are):`);
    for (const conflict of report.conflicts) {
      lines.push(`  ${conflict.file}: ${conflict.field}: ${conflictMessage(conflict)}`);
    }
  }
  if (report.warnings.length > 0) {
    lines.push(`${report.warnings.length} warnings:`, ...report.warnings.map((w) => `  ${w}`));
  }
  return `${lines.join('\n')}\n`;
}

export function reportMarkdown(report: MailSyncReport, dryRun: boolean): string {
  const lines = [`${summaryLine(report)} Following ${report.threads.length} threads.`, ''];
  if (report.changes.length === 0) lines.push('No file changed.', '');
  else {
    lines.push(dryRun ? '**Would change** (dry run, nothing written):' : '**Changed:**', '');
    for (const change of report.changes) lines.push(`- ${change.kind} \`${change.file}\``);
    lines.push('');
  }
  if (report.conflicts.length > 0) {
    lines.push(
      `**${report.conflicts.length} conflicts** (files left as they are):`,
      '',
      '| File | Field | Record | Archive |',
      '| --- | --- | --- | --- |',
      ...report.conflicts.map(
        (c) =>
          `| ${markdownCell(c.file)} | ${markdownCell(c.field)} | ${markdownCell(c.record)} | ${markdownCell(c.archive)} |`,
      ),
      '',
      'Where the record is right, confirm its citation in `errata/sync/mail-rules.yaml` (`confirmed`).',
      '',
    );
  }
  for (const warning of report.warnings) lines.push(`- warning: ${markdownCell(warning)}`);
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The text report, after a workflow annotation for each conflict and warning. */
export function reportGithub(report: MailSyncReport, dryRun: boolean): string {
  const lines = report.conflicts.map((conflict) =>
    formatFindingGithub(conflictFinding(conflict), { title: 'mail sync conflict' }),
  );
  lines.push(
    ...report.warnings.map(
      (warning) =>
        `::warning title=mail sync::${warning.replace(/%/g, '%25').replace(/\r?\n/g, '%0A')}`,
    ),
  );
  return [...lines, reportText(report, dryRun)].join('\n');
}
