/** The GitHub sync's report: its shape, and its forms for people (text) and programs (`--json`). */
import type { GitHubClientStats } from '../github';
import type { Conflict } from './plan';
import type { DriftFinding } from './upstream-drift';

/** A write the sync sends (or, in a dry run, would send). */
export interface PlannedRequest {
  method: 'POST' | 'PATCH';
  path: string;
  id: string;
  fields: string[];
}

/** A file of the repository the sync created or changed. */
export interface FileChange {
  file: string;
  kind: 'created' | 'updated';
}

export interface GitHubSyncReport {
  dryRun: boolean;
  requests: PlannedRequest[];
  conflicts: Conflict[];
  changes: FileChange[];
  /** Sections that changed upstream, each proposed once in errata/inbox/. */
  drift: DriftFinding[];
  warnings: string[];
  stats: GitHubClientStats;
}

export function githubReportJson(report: GitHubSyncReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function githubReportText(report: GitHubSyncReport): string {
  const { stats } = report;
  const lines: string[] = [];
  if (report.requests.length === 0) lines.push('Issues: nothing to push.');
  else {
    lines.push(report.dryRun ? 'Would send (dry run, nothing written anywhere):' : 'Sent:');
    for (const request of report.requests) {
      lines.push(
        `  ${request.method} ${request.path}  (${request.id}: ${request.fields.join(', ')})`,
      );
    }
  }
  for (const conflict of report.conflicts) {
    lines.push(
      `conflict: ${conflict.id} (#${conflict.issue}) ${conflict.field} is ${conflict.record} in the record but ${conflict.github} on GitHub (both were ${conflict.lastSynced} at the last sync); changed neither side${conflict.unresolved === undefined ? '' : `: ${conflict.unresolved}`}. Rerun with --prefer record or --prefer github to settle it.`,
    );
  }
  for (const finding of report.drift) {
    lines.push(
      `upstream: §${finding.section} of ${finding.document} ${finding.kind === 'missing' ? 'is gone' : 'changed'} at ${finding.commit.slice(0, 12)}; ${report.dryRun ? 'would propose' : 'proposed'} errata/inbox/${finding.proposal}.yaml (review whether ${finding.erratum} is resolved)`,
    );
  }
  if (!report.dryRun) {
    if (report.changes.length === 0) lines.push('No file changed.');
    else lines.push('Changed:', ...report.changes.map((c) => `  ${c.kind.padEnd(7)} ${c.file}`));
  }
  lines.push(
    `${stats.requests} requests: ${stats.reads} reads (${stats.notModified} answered 304), ${stats.writes} writes, ${stats.retries} retries, ${stats.rateLimited} rate-limit waits.`,
  );
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}
