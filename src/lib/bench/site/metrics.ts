/**
 * The figures bench:site compares, their medians over the runs, and the guide pages' rows
 * against the bare docs page.
 */
import type { FormFactor, LighthouseSummary } from '../lighthouse';
import { median } from '../stats';
import type { PagePair, SiteName } from './plan';

export const KIB = 1024;

export interface Metric {
  key: string;
  label: string;
  value: (summary: LighthouseSummary) => number;
  format: (value: number) => string;
}

export const METRICS: readonly Metric[] = [
  ...(['performance', 'accessibility', 'best-practices', 'seo'] as const).map((category) => ({
    key: category,
    label: category === 'best-practices' ? 'best practices' : category,
    value: (summary: LighthouseSummary) => summary.scores[category],
    format: (value: number) => value.toFixed(0),
  })),
  { key: 'lcpMs', label: 'LCP (ms)', value: (s) => s.lcpMs, format: (v) => v.toFixed(0) },
  { key: 'tbtMs', label: 'TBT (ms)', value: (s) => s.tbtMs, format: (v) => v.toFixed(0) },
  { key: 'cls', label: 'CLS', value: (s) => s.cls, format: (v) => v.toFixed(3) },
  {
    key: 'totalBytes',
    label: 'transferred (KiB)',
    value: (s) => s.totalBytes,
    format: (v) => (v / KIB).toFixed(1),
  },
  {
    key: 'jsBytes',
    label: 'JavaScript (KiB)',
    value: (s) => s.jsBytes,
    format: (v) => (v / KIB).toFixed(1),
  },
];

/** One page pair in one form factor, with every run's summary for each site. */
export interface Cell {
  page: PagePair;
  formFactor: FormFactor;
  runs: Record<SiteName, LighthouseSummary[]>;
}

export interface Medians {
  project: Record<string, number>;
  bare: Record<string, number>;
}

export function mediansOf(cell: Cell): Medians {
  const of = (site: SiteName): Record<string, number> =>
    Object.fromEntries(
      METRICS.map((metric) => [metric.key, median(cell.runs[site].map(metric.value))]),
    );
  return { project: of('project'), bare: of('bare') };
}

/** A guide page against the bare docs page: performance score and TBT medians. */
export interface GuideRow {
  page: string;
  formFactor: FormFactor;
  performance: { project: number; bare: number };
  tbtMs: { project: number; bare: number };
}

export function guideRows(cells: readonly Cell[]): GuideRow[] {
  return cells
    .filter((cell) => cell.page.key === 'guide')
    .map((cell) => {
      const medians = mediansOf(cell);
      return {
        page: cell.page.project,
        formFactor: cell.formFactor,
        performance: {
          project: medians.project.performance ?? Number.NaN,
          bare: medians.bare.performance ?? Number.NaN,
        },
        tbtMs: {
          project: medians.project.tbtMs ?? Number.NaN,
          bare: medians.bare.tbtMs ?? Number.NaN,
        },
      };
    });
}

/** Lighthouse's measure of the machine's speed, median over every run of both sites. */
export function benchmarkIndexOf(cells: readonly Cell[]): number {
  return median(
    cells
      .flatMap((cell) => [...cell.runs.project, ...cell.runs.bare])
      .map((summary) => summary.benchmarkIndex),
  );
}
