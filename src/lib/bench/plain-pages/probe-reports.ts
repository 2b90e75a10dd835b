/**
 * <ProbeReports> as plain Markdown: the verdict table and each report's details as a list, with
 * the words src/components/ProbeReports prints. Its links to the module recommendations point at
 * the plain module-implementers page, which the plain site has too.
 */
import type { BlockContent, PhrasingContent } from 'mdast';
import { VERDICT_LABELS, type ProbeReportView } from '../../../plugins/probe-reports/types';
import { bulletList, inlineCode, paragraph, table, text, type CellContent } from './mdast';

const verdictLabel = (verdict: string): string => VERDICT_LABELS[verdict] ?? verdict;

const recommendationLink = (id: string, label: string): PhrasingContent => ({
  type: 'link',
  url: `./module-implementers.mdx#${id}`,
  children: [text(label)],
});

function detailBlocks(report: ProbeReportView): BlockContent[] {
  const items: PhrasingContent[][] = [
    [
      text(
        `Measured ${report.date} on ${report.system}, probe ${report.probeVersion}, ${report.options}` +
          `${report.source === 'contributed' ? ' (contributed)' : ''}.`,
      ),
    ],
    ...(report.sha256 === null ? [] : [[text('Module SHA-256 '), inlineCode(`${report.sha256}…`)]]),
    ...report.verdicts.map((verdict) => [
      recommendationLink(verdict.id, verdict.id),
      text(`: ${verdictLabel(verdict.verdict)} — ${verdict.reason}`),
    ]),
    ...report.scenarios.map((scenario) => [
      text('Scenario '),
      inlineCode(scenario.id),
      text(`: ${scenario.status}${scenario.detail === '' ? '' : ` — ${scenario.detail}`}`),
    ]),
    [{ type: 'link', url: report.url, children: [text('The full report (JSON)')] }],
  ];
  return [paragraph(text(`${report.id}: ${report.module}`)), bulletList(items)];
}

export function probeReportsBlocks(reports: readonly ProbeReportView[]): BlockContent[] {
  const ids = reports[0]?.verdicts.map((verdict) => verdict.id) ?? [];
  const header: CellContent[] = [
    'Module',
    ...ids.map((id) => [recommendationLink(id, id.replace('R-MOD-', ''))]),
  ];
  const rows = reports.map((report): CellContent[] => [
    [
      inlineCode(report.id),
      text(`${report.source === 'contributed' ? ' (contributed)' : ''} ${report.module}`),
    ],
    ...ids.map((id) => {
      const verdict = report.verdicts.find((entry) => entry.id === id);
      return verdict === undefined ? '—' : verdictLabel(verdict.verdict);
    }),
  ]);
  return [
    paragraph(text('Probe verdicts on the module recommendations, per module configuration')),
    table(header, rows),
    ...reports.flatMap(detailBlocks),
  ];
}
