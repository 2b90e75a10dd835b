/**
 * The audit's output: the JSON record (the source it read, with its commit when known, and the
 * findings) and the text, Markdown and GitHub-annotation renderings of the same findings.
 */
import type { OutputFormat } from '../output-formats';
import { formatFindingGithub, formatFindingText } from '../findings';
import { markdownCell } from '../errata/resolution-log';
import { AUDIT_CHECKS } from './runner';
import type { Finding } from './types';

export interface AuditSource {
  /** The folder as given, or `owner/name@ref:folder`. */
  source: string;
  /** The git commit the chapters were read at, when known. */
  commit?: string;
  chapters: string[];
}

export interface AuditRecord {
  source: AuditSource;
  checks: { name: string; description: string }[];
  counts: Record<string, number>;
  findings: Finding[];
}

export function auditRecord(source: AuditSource, findings: readonly Finding[]): AuditRecord {
  const counts: Record<string, number> = {};
  for (const check of AUDIT_CHECKS) counts[check.name] = 0;
  for (const finding of findings) counts[finding.rule] = (counts[finding.rule] ?? 0) + 1;
  return {
    source,
    checks: AUDIT_CHECKS.map(({ name, description }) => ({ name, description })),
    counts,
    findings: [...findings],
  };
}

export function formatAudit(record: AuditRecord, format: OutputFormat): string {
  const { findings } = record;
  const summary = `${findings.length} finding(s) in ${record.source.chapters.length} chapter(s) of ${record.source.source}${record.source.commit === undefined ? '' : ` at ${record.source.commit}`}.`;
  switch (format) {
    case 'json':
      return `${JSON.stringify(record, null, 2)}\n`;
    case 'github':
      return findings
        .map(
          (finding) =>
            `${formatFindingGithub(finding, { title: `guide audit ${finding.rule}` })}\n`,
        )
        .join('');
    case 'markdown': {
      const rows = findings.map(
        (finding) =>
          `| ${markdownCell(`${finding.file}:${finding.line ?? ''}:${finding.col ?? ''}`)} | ${finding.rule} | ${markdownCell(finding.message)} |`,
      );
      return [
        '# Usage Guide audit',
        '',
        summary,
        '',
        ...(rows.length === 0
          ? []
          : ['| Where | Check | Finding |', '| --- | --- | --- |', ...rows, '']),
      ].join('\n');
    }
    default:
      return `${[...findings.map(formatFindingText), summary].join('\n')}\n`;
  }
}
