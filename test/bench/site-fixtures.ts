/**
 * Lighthouse summaries for the site benchmark's tests, built from the library's own types (no
 * Lighthouse run): a page with given scores, timings and scripts.
 */
import type { LighthouseSummary, LostPoints } from '../../src/lib/bench/lighthouse';

export interface SummaryFigures {
  performance?: number;
  accessibility?: number;
  tbtMs?: number;
  jsBytes?: number;
  benchmarkIndex?: number;
  lostPoints?: LostPoints[];
  scripts?: { url: string; transferBytes: number; mainThreadMs?: number }[];
}

export function summary(url: string, figures: SummaryFigures = {}): LighthouseSummary {
  return {
    url,
    formFactor: 'mobile',
    scores: {
      performance: figures.performance ?? 100,
      accessibility: figures.accessibility ?? 100,
      'best-practices': 100,
      seo: 100,
    },
    lcpMs: 900,
    tbtMs: figures.tbtMs ?? 20,
    cls: 0,
    totalBytes: 300_000,
    jsBytes: figures.jsBytes ?? 180_000,
    scripts: figures.scripts ?? [],
    lostPoints: figures.lostPoints ?? [],
    runWarnings: [],
    benchmarkIndex: figures.benchmarkIndex ?? 1500,
  };
}
