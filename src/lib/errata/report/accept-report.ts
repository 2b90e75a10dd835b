/**
 * What `errata screen accept` tells the screener: the new record's path, or why nothing was
 * written and how to go on (the missing fields with the options that give them, the findings, or
 * the kept edit to resume from).
 */
import { formatFindingText } from '../../findings';
import type { AcceptResult, ScreenedField } from '../accept';

/** The option that gives each field a record needs, as the help text writes it. */
const FIELD_OPTIONS: Record<ScreenedField, string> = {
  title: '--title <text>',
  type: '--type technical|editorial',
  affects: '--affects <document>:<section>',
  anchor: '--anchor <route#heading-id>',
  summary: '--summary <text|@file>',
  original: '--original <text|@file>',
};

export type AcceptReport = { accepted: true; stdout: string } | { accepted: false; stderr: string };

/**
 * `proposalFile` is the proposal as the screener knows it (relative to the working directory);
 * `relative` shows the new record's path the same way.
 */
export function describeAcceptResult(
  result: AcceptResult,
  key: string,
  proposalFile: string,
  relative: (file: string) => string,
): AcceptReport {
  switch (result.kind) {
    case 'accepted':
      return { accepted: true, stdout: `${relative(result.path)}\n` };
    case 'incomplete':
      return {
        accepted: false,
        stderr: `error: ${proposalFile} was not accepted; still missing:\n${result.missing
          .map((field) => `  ${field} (${FIELD_OPTIONS[field]})\n`)
          .join('')}Nothing was written; the proposal is kept. Give them, or use --edit.\n`,
      };
    case 'invalid':
    case 'aborted': {
      // Findings in a kept edit have a place in that file; without one, the field names them.
      const lines =
        result.kind === 'invalid'
          ? result.findings.map((finding) =>
              result.kept === undefined
                ? `  ${finding.field ?? ''}: ${finding.message} [${finding.rule}]`
                : `  ${formatFindingText(finding)}`,
            )
          : [`  ${result.reason}`];
      const kept =
        result.kept === undefined
          ? ''
          : `Your edit is kept in ${result.kept}; continue with: npm run errata -- screen accept ${key} --edit --resume ${result.kept}\n`;
      return {
        accepted: false,
        stderr: `error: ${proposalFile} was not accepted:\n${lines.join('\n')}\nNothing was written; the proposal is kept.\n${kept}`,
      };
    }
  }
}
