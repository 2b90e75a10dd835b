/**
 * How a command that checks files prints its findings (errata validate, guide check, the wording
 * lint): one line each — `file:line:col: message [rule]`, or a GitHub annotation — then one
 * closing line; or the whole result as JSON.
 */
import type { OutputFormat } from '../../output-formats';
import { formatFindingGithub, formatFindingText, type Finding } from '../../findings';

/** The formats the checking commands offer; `markdown` (offered by none) would print as text. */
export type FindingsFormat = Extract<OutputFormat, 'text' | 'json' | 'github'>;

export interface FindingsReportOptions {
  /** What `--format json` prints, pretty-printed. */
  json: object;
  /** The closing line of the text and github formats, without its newline. */
  summary: string;
  /** The annotation's title for `github`, naming the command; the rule id by default. */
  githubTitle?: (finding: Finding) => string;
}

export function formatFindingsReport(
  findings: readonly Finding[],
  format: OutputFormat,
  { json, summary, githubTitle }: FindingsReportOptions,
): string {
  if (format === 'json') return `${JSON.stringify(json, null, 2)}\n`;
  const line = (finding: Finding): string =>
    format === 'github'
      ? formatFindingGithub(
          finding,
          githubTitle === undefined ? {} : { title: githubTitle(finding) },
        )
      : formatFindingText(finding);
  return [...findings.map(line), summary].map((text) => `${text}\n`).join('');
}

/** The closing line of `errata validate`. */
export function validateSummary(checked: number, findings: readonly Finding[]): string {
  return findings.length === 0
    ? `${checked} errata file(s) checked: all valid.`
    : `${checked} errata file(s) checked: ${findings.length} finding(s).`;
}
