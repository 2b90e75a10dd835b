/**
 * A finding: one problem in one file, with the position and the field when known, and a message
 * that says what was found and what is expected. Every check of the project reports these (the
 * errata validator, the wording lint and review, the guide audit, the syncs), and prints them as
 * text or as GitHub workflow annotations.
 */

export interface Finding {
  /** Path relative to the repository (or as given), POSIX separators. */
  file: string;
  /** 1-based line and column, when the problem has a place in the file. */
  line?: number;
  col?: number;
  /** Where the problem ends, when it spans a stretch of text. */
  endLine?: number;
  endCol?: number;
  /** Dotted field path, e.g. `affects[0].document`. */
  field?: string;
  /** Short rule id, e.g. `unknown-field`, `history-status`. */
  rule: string;
  message: string;
}

/** `history[2].status` from a path of keys and indices. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

export function formatFindingText(finding: Finding): string {
  const place = [finding.file, finding.line, finding.col].filter((p) => p !== undefined).join(':');
  const field = finding.field === undefined || finding.field === '' ? '' : `${finding.field}: `;
  return `${place}: ${field}${finding.message} [${finding.rule}]`;
}

// GitHub workflow commands: data is escaped %, CR, LF; properties also `:` and `,`.
// https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface GithubAnnotationOptions {
  level?: 'error' | 'warning' | 'notice';
  /** The annotation's title; the rule id by default. */
  title?: string;
}

export function formatFindingGithub(
  finding: Finding,
  { level = 'error', title = finding.rule }: GithubAnnotationOptions = {},
): string {
  const properties = [`file=${escapeProperty(finding.file)}`];
  if (finding.line !== undefined) properties.push(`line=${finding.line}`);
  if (finding.col !== undefined) properties.push(`col=${finding.col}`);
  if (finding.endLine !== undefined) properties.push(`endLine=${finding.endLine}`);
  // GitHub takes an end column only on a one-line annotation.
  if (finding.endCol !== undefined && (finding.endLine ?? finding.line) === finding.line) {
    properties.push(`endColumn=${finding.endCol}`);
  }
  properties.push(`title=${escapeProperty(title)}`);
  const field = finding.field === undefined || finding.field === '' ? '' : `${finding.field}: `;
  return `::${level} ${properties.join(',')}::${escapeData(field + finding.message)}`;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.file.localeCompare(b.file) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.col ?? 0) - (b.col ?? 0) ||
    a.message.localeCompare(b.message)
  );
}
