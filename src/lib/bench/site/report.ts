/**
 * bench:site's findings, gathered once from the measurements, and their JSON form. The text form
 * is in report-text.ts.
 */
import { evaluateGoals, type Builds, type Goal } from './goals';
import { guideScriptsOf, lostPointsOf, type BigScript, type LostPointsEntry } from './lost-points';
import { benchmarkIndexOf, guideRows, mediansOf, type Cell, type GuideRow } from './metrics';
import type { SiteName } from './plan';

/** What one bench:site run measured. */
export interface SiteMeasurements {
  /** Lighthouse runs per page and form factor. */
  runs: number;
  buildRuns: number;
  /** The Lighthouse version, as package.json pins it. */
  lighthouseVersion: string;
  builds: Builds;
  cells: Cell[];
  /** JavaScript bytes of the guide pair by page-weight (gzip bodies, no headers). */
  /** Undefined when page-weight failed after Lighthouse had run: the rest is still reported. */
  pageWeights: Record<SiteName, number> | undefined;
}

export interface SiteReport extends SiteMeasurements {
  guideRows: GuideRow[];
  benchmarkIndex: number;
  goals: Goal[];
  guideScripts: Record<SiteName, BigScript[]>;
  lostPoints: LostPointsEntry[];
  totalSeconds: number;
}

/** The goals and analyses of a run; `totalSeconds` is the run's wall time. */
export function siteReport(measured: SiteMeasurements, totalSeconds: number): SiteReport {
  return {
    ...measured,
    guideRows: guideRows(measured.cells),
    benchmarkIndex: benchmarkIndexOf(measured.cells),
    goals: evaluateGoals(measured.cells, measured.builds),
    guideScripts: guideScriptsOf(measured.cells),
    lostPoints: lostPointsOf(measured.cells),
    totalSeconds,
  };
}

/** The report as `--format json` prints it (the key order is part of the output). */
export function siteReportJson(report: SiteReport): object {
  const { builds } = report;
  return {
    runs: report.runs,
    buildRuns: report.buildRuns,
    buildSeconds: builds,
    buildRatio:
      builds.project !== undefined && builds.bare !== undefined
        ? builds.project / builds.bare
        : null,
    results: report.cells.map((cell) => ({
      page: cell.page.key,
      pages: { project: cell.page.project, bare: cell.page.bare, plain: cell.page.plain ?? null },
      formFactor: cell.formFactor,
      median: mediansOf(cell),
      runs: cell.runs,
    })),
    guidePages: report.guideRows,
    benchmarkIndex: report.benchmarkIndex,
    goals: report.goals,
    guideScripts: report.guideScripts,
    guidePageWeightJsBytes: report.pageWeights,
    lostPoints: report.lostPoints,
    totalSeconds: report.totalSeconds,
  };
}
