/**
 * bench:site's report as text: tables of medians and ratios (guide pages against the bare docs
 * page and against their plain rendering), builds, goals, what to fix.
 */
import { formatRatio } from '../stats';
import type { Builds } from './goals';
import { KIB, mediansOf, METRICS, type Cell, type GuideFigure, type GuideRow } from './metrics';
import { BARE_DOCS_PATH, SITES } from './plan';
import type { SiteReport } from './report';

const MARKS: Record<string, string> = { true: '✓ met    ', false: '✗ not met', null: '– unknown' };

function pad(text: string, width: number, alignRight = true): string {
  return alignRight ? text.padStart(width) : text.padEnd(width);
}

/** page/baseline; a zero baseline gives 1.00× when both are zero, — otherwise or when unmeasured. */
function ratio(project: number, bare: number): string {
  if (Number.isNaN(project) || Number.isNaN(bare)) return '—';
  return bare === 0 ? (project === 0 ? '1.00×' : '—') : formatRatio(project, bare);
}

/** Median, bare-docs-page ratio and plain-rendering ratio of one figure of a guide row. */
function figureColumns(figure: GuideFigure, format: (value: number) => string): string {
  return (
    pad(format(figure.project), 7) +
    pad(format(figure.bare), 6) +
    pad(ratio(figure.project, figure.bare), 7) +
    pad(format(figure.plain), 7) +
    pad(ratio(figure.project, figure.plain), 7)
  );
}

function guideRowLines(rows: readonly GuideRow[]): string[] {
  const score = (value: number): string => (Number.isNaN(value) ? '—' : value.toFixed(0));
  const columns = `${pad('bare', 6)}${pad('ratio', 7)}${pad('plain', 7)}${pad('ratio', 7)}`;
  return [
    '',
    `Guide pages, medians: each page against the bare docs page /${BARE_DOCS_PATH} (the cost of a`,
    `page of ours, long or not) and against its plain rendering (the same Markdown in the bare site,`,
    `components as plain text: the cost of what this site adds); ratio = page/baseline:`,
    `  ${pad('page', 30, false)}${pad('form', 8, false)}${pad('perf', 7)}${columns}` +
      `${pad('TBT ms', 9)}${columns}`,
    ...rows.map(
      (row) =>
        '  ' +
        pad(`/${row.page}`, 30, false) +
        pad(row.formFactor, 8, false) +
        figureColumns(row.performance, score) +
        pad('', 2) +
        figureColumns(row.tbtMs, score),
    ),
  ];
}

function cellLines(cell: Cell): string[] {
  const medians = mediansOf(cell);
  const plain = medians.plain;
  const against = plain === undefined ? '' : `, plain /${cell.page.plain ?? ''}`;
  return [
    '',
    `${cell.page.label}, ${cell.formFactor}  (project /${cell.page.project} vs bare /${cell.page.bare}${against})`,
    `  ${pad('', 18, false)}${pad('project', 10)}${pad('bare', 10)}${pad('ratio', 9)}` +
      (plain === undefined ? '' : `${pad('plain', 10)}${pad('ratio', 9)}`),
    ...METRICS.map((metric) => {
      const project = medians.project[metric.key] ?? Number.NaN;
      const bare = medians.bare[metric.key] ?? Number.NaN;
      const plainValue = plain?.[metric.key] ?? Number.NaN;
      return (
        `  ${pad(metric.label, 18, false)}${pad(metric.format(project), 10)}` +
        `${pad(metric.format(bare), 10)}${pad(ratio(project, bare), 9)}` +
        (plain === undefined
          ? ''
          : `${pad(metric.format(plainValue), 10)}${pad(ratio(project, plainValue), 9)}`)
      );
    }),
  ];
}

function buildLines(builds: Builds, buildRuns: number): string[] {
  const seconds = (value: number | undefined): string =>
    value === undefined ? 'not measured' : `${value.toFixed(1)} s`;
  return [
    '',
    `Cold Docusaurus build (no PDF), median of ${buildRuns}:`,
    `  bare classic site   ${seconds(builds.bare)}`,
    `  this site           ${seconds(builds.project)}`,
    ...(builds.project !== undefined && builds.bare !== undefined
      ? [`  ratio project/bare  ${formatRatio(builds.project, builds.bare)}`]
      : []),
  ];
}

function whatToFixLines(report: SiteReport): string[] {
  const { pageWeights: weights } = report;
  const lines = [
    '',
    weights === undefined
      ? 'Guide page JS by page-weight: not measured (it failed; see the progress log)'
      : `Guide page JS by page-weight (gzip bodies, no headers): project ` +
        `${(weights.project / KIB).toFixed(1)} KiB, bare ${(weights.bare / KIB).toFixed(1)} KiB ` +
        `(${weights.project >= weights.bare ? '+' : ''}${((weights.project - weights.bare) / KIB).toFixed(1)} KiB)`,
  ];
  for (const site of SITES) {
    lines.push('', `Largest scripts, ${site} guide page (mobile, median run):`);
    lines.push(
      `  ${pad('KiB', 8)}${pad('CPU ms', 9)}  (KiB with headers; CPU = main thread, throttled)`,
    );
    for (const script of report.guideScripts[site]) {
      const cpu = script.mainThreadMs === undefined ? '' : script.mainThreadMs.toFixed(0);
      lines.push(
        `  ${pad((script.transferBytes / KIB).toFixed(1), 8)}${pad(cpu, 9)}  ${script.path}`,
      );
    }
  }
  if (report.lostPoints.length > 0) {
    lines.push('', 'Where this site loses points (runs in which the audit failed, last value):');
    for (const lost of report.lostPoints) {
      const value = lost.value === undefined ? '' : `, last ${lost.value}`;
      lines.push(
        `  ${lost.page}: ${lost.audit} (${lost.runs}/${report.runs})${value} — ${lost.title}`,
      );
      for (const item of lost.items) lines.push(`      ${item}`);
    }
  }
  return lines;
}

/** The whole text report, one line per array element. */
export function siteReportLines(report: SiteReport): string[] {
  return [
    `Lighthouse ${report.lighthouseVersion}, Debian Chromium, medians of ${report.runs} run(s); ratio = project/bare`,
    // Lighthouse scales its simulated mobile CPU by this; a busy machine lowers every score.
    `Lighthouse benchmarkIndex (machine speed), median: ${report.benchmarkIndex.toFixed(0)}`,
    ...guideRowLines(report.guideRows),
    ...report.cells.flatMap(cellLines),
    ...buildLines(report.builds, report.buildRuns),
    '',
    'Goals (this site):',
    ...report.goals.map(
      (goal) => `  ${MARKS[String(goal.met)] ?? ''}  ${goal.goal}: ${goal.detail}`,
    ),
    ...whatToFixLines(report),
    '',
    `Total run time ${(report.totalSeconds / 60).toFixed(1)} min.`,
  ];
}
