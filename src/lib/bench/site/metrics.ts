/**
 * The figures bench:site compares, their medians over the runs, and the guide pages' rows
 * against the bare docs page and against their own plain rendering.
 */
import type { FormFactor, LighthouseSummary } from '../lighthouse';
import { median } from '../stats';
import type { PagePair, Target } from './plan';

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

/**
 * One page pair in one form factor, with every run's summary for each site (none for `plain`
 * unless the pair is a guide page).
 */
export interface Cell {
  page: PagePair;
  formFactor: FormFactor;
  runs: Record<Target, LighthouseSummary[]>;
}

export interface Medians {
  project: Record<string, number>;
  bare: Record<string, number>;
  /** Only when the plain rendering was measured. */
  plain?: Record<string, number>;
}

export function mediansOf(cell: Cell): Medians {
  const of = (site: Target): Record<string, number> =>
    Object.fromEntries(
      METRICS.map((metric) => [metric.key, median(cell.runs[site].map(metric.value))]),
    );
  return {
    project: of('project'),
    bare: of('bare'),
    ...(cell.runs.plain.length > 0 ? { plain: of('plain') } : {}),
  };
}

/** Medians of one figure on the three renderings of a guide page (NaN where not measured). */
export interface GuideFigure {
  project: number;
  /** The bare site's docs page: what a page of the bare site costs. */
  bare: number;
  /** The same page's Markdown in the bare site: what a page this long costs there. */
  plain: number;
}

/** A guide page against the bare docs page and its plain rendering: performance and TBT. */
export interface GuideRow {
  page: string;
  formFactor: FormFactor;
  performance: GuideFigure;
  tbtMs: GuideFigure;
}

export function guideRows(cells: readonly Cell[]): GuideRow[] {
  return cells
    .filter((cell) => cell.page.key === 'guide')
    .map((cell) => {
      const medians = mediansOf(cell);
      const figure = (key: string): GuideFigure => ({
        project: medians.project[key] ?? Number.NaN,
        bare: medians.bare[key] ?? Number.NaN,
        plain: medians.plain?.[key] ?? Number.NaN,
      });
      return {
        page: cell.page.project,
        formFactor: cell.formFactor,
        performance: figure('performance'),
        tbtMs: figure('tbtMs'),
      };
    });
}

/** Lighthouse's measure of the machine's speed, median over every run of both sites. */
export function benchmarkIndexOf(cells: readonly Cell[]): number {
  return median(
    cells
      .flatMap((cell) => [...cell.runs.project, ...cell.runs.bare, ...cell.runs.plain])
      .map((summary) => summary.benchmarkIndex),
  );
}
