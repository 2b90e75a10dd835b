/**
 * The review as GitHub workflow annotations: a notice on each sentence whose obligation changed
 * and a warning for each lint finding on a changed line, shown on the pull request's diff.
 */
import { formatFindingGithub } from '../../findings';
import type { ReviewReport } from './report';

export function renderAnnotations(report: ReviewReport): string {
  const lines: string[] = [];
  for (const page of report.pages) {
    for (const section of page.sections) {
      for (const change of section.sentences) {
        if (change.keywords.kind === 'unchanged') continue;
        const before = change.keywords.before.join(', ') || 'none';
        const after = change.keywords.after.join(', ') || 'none';
        const onHead = change.after !== undefined;
        lines.push(
          formatFindingGithub(
            {
              file: (onHead ? page.after : page.before) ?? '',
              ...(change.after === undefined ? {} : { line: change.after.line }),
              rule: 'obligation',
              message: `${section.title}: ${before} → ${after}${onHead ? '' : ' (sentence removed)'}: ${(change.after ?? change.before)?.text ?? ''}`,
            },
            { level: 'notice', title: `Obligation ${change.keywords.kind}` },
          ),
        );
      }
    }
    for (const finding of page.lint) {
      lines.push(
        formatFindingGithub(finding, { level: 'warning', title: `wording ${finding.rule}` }),
      );
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
