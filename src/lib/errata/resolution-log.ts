/**
 * The Comment Resolution Log: one row per erratum, as OASIS TCs keep them for public comments —
 * comment id, date, commenter (a name), document and section, summary, disposition, resolution —
 * as Markdown or CSV.
 */
import { stringify } from 'csv-stringify/sync';
import { OASIS_DOCUMENTS } from '../../data/oasis-documents';
import { byId } from './queries';
import { sectionLabel, type Erratum, type Status } from './schema';

export const STATUS_LABELS: Readonly<Record<Status, string>> = {
  reported: 'Reported',
  'under-review': 'Under review',
  accepted: 'Accepted',
  rejected: 'Rejected',
  'held-for-revision': 'Held for revision',
  resolved: 'Resolved',
};

export const LOG_COLUMNS = [
  'Comment',
  'Date',
  'Commenter',
  'Document and section',
  'Summary',
  'Disposition',
  'Resolution',
] as const;

/** `Usage Guide v3.2 CN01` (or `Specification v3.2 CS01`) for a document id. */
export function documentName(id: string): string {
  const document = OASIS_DOCUMENTS.find((d) => d.id === id);
  if (document === undefined) return id;
  const kind = document.id.startsWith('ug-') ? 'Usage Guide' : 'Specification';
  return `${kind} v${document.version} ${document.stage}`;
}

/** `Usage Guide v3.2 CN01 §2.5.2` for an affected document and section. */
export function describeAffected(affected: { document: string; section: string }): string {
  return `${documentName(affected.document)} ${sectionLabel(affected.section)}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function logRows(records: readonly Erratum[]): string[][] {
  return [...records]
    .sort(byId)
    .map((record) => [
      record.id,
      record.reported.date,
      record.reported.by,
      record.affects.map(describeAffected).join('; '),
      oneLine(record.summary),
      STATUS_LABELS[record.status],
      record.resolution === undefined
        ? ''
        : oneLine(
            `${record.resolution.decision} (${record.resolution.date}, ${record.resolution.where})`,
          ),
    ]);
}

/** Text safe in a Markdown table cell: one line, pipes and backslashes escaped, no raw HTML. */
export function markdownCell(text: string): string {
  return oneLine(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

export function logMarkdown(records: readonly Erratum[]): string {
  const lines = [
    `| ${LOG_COLUMNS.join(' | ')} |`,
    `| ${LOG_COLUMNS.map(() => '---').join(' | ')} |`,
    ...logRows(records).map((row) => `| ${row.map(markdownCell).join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * A cell a spreadsheet would not run as a formula: a cell starting with `=`, `+`, `-`, `@`, a tab
 * or a carriage return gets a leading apostrophe (OWASP, "CSV Injection"). Ours rather than
 * csv-stringify's `escape_formulas`, which also catches full-width `＝＋－＠`: the published log
 * stays byte for byte what it was.
 */
export function neutraliseCsvCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * RFC 4180 CSV with CRLF line ends (csv-stringify quotes a field with a comma, a quote, CR or LF
 * and doubles its quotes), every cell neutralised first.
 */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return stringify(
    rows.map((row) => row.map(neutraliseCsvCell)),
    // Without quote_record_delimiter, csv-stringify leaves a field with a bare LF or CR unquoted
    // once record_delimiter is set (its normalize_options.js).
    { record_delimiter: 'windows', quote_record_delimiter: true },
  );
}

/** The log as CSV, with a header row. */
export function logCsv(records: readonly Erratum[]): string {
  return formatCsv([[...LOG_COLUMNS], ...logRows(records)]);
}
