/**
 * A new row for the revision table of the TC's Revision_History.md: the next working-draft number
 * after the highest in the table (`WD02` → `WD03`), the date as the TC writes it (`06 Aug 2024`),
 * the editor and a one-line summary, padded to the table's column widths. Only the row is added.
 */
import { UsageGuideSourceError } from '../usage-guide-source';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `06 Dec 2026` (UTC). */
export function tcDate(date: Date): string {
  const day = String(date.getUTCDate()).padStart(2, '0');
  return `${day} ${MONTHS[date.getUTCMonth()] ?? ''} ${date.getUTCFullYear()}`;
}

export interface RevisionRow {
  revision: string;
  date: string;
  editor: string;
  summary: string;
}

export interface RevisionInsert {
  row: RevisionRow;
  /** The whole new file text. */
  text: string;
  /** 1-based line number the row takes in the new file. */
  line: number;
}

const ROW = /^\|.*\|\s*$/;
const SEPARATOR = /^\|(\s*:?-+:?\s*\|)+\s*$/;

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|');
}

/** Inserts the next revision's row after the table's last row; throws when there is no table. */
export function addRevisionRow(
  text: string,
  file: string,
  entry: { date: Date; editor: string; summary: string },
): RevisionInsert {
  const lines = text.split('\n');
  const separator = lines.findIndex((line) => SEPARATOR.test(line));
  if (separator < 1 || !ROW.test(lines[separator - 1] ?? '')) {
    throw new UsageGuideSourceError(
      'missing-heading',
      `${file}: no revision table; expected a pipe table with a header row and a |---| separator, as in | Revision | Date | Editor | Changes Made |`,
      { file },
    );
  }
  let last = separator;
  let highest = 0;
  let prefix = 'WD';
  let digits = 2;
  for (
    let index = separator + 1;
    index < lines.length && ROW.test(lines[index] ?? '');
    index += 1
  ) {
    last = index;
    const match = /^([A-Za-z]+)(\d+)$/.exec((cells(lines[index] ?? '')[0] ?? '').trim());
    if (match !== null) {
      prefix = match[1] ?? prefix;
      digits = (match[2] ?? '').length;
      highest = Math.max(highest, Number(match[2]));
    }
  }
  const widths = cells(lines[separator] ?? '').map((cell) => cell.length);
  const row: RevisionRow = {
    revision: `${prefix}${String(highest + 1).padStart(digits, '0')}`,
    date: tcDate(entry.date),
    editor: entry.editor,
    summary: entry.summary.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim(),
  };
  const values = [row.revision, row.date, row.editor, row.summary];
  const rendered = `|${values.map((value, index) => ` ${value} `.padEnd(widths[index] ?? 0)).join('|')}|`;
  lines.splice(last + 1, 0, rendered);
  return { row, text: lines.join('\n'), line: last + 2 };
}
