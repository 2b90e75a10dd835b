/**
 * Where this site loses Lighthouse points, and which scripts weigh most: the part of bench:site's
 * report that says what to fix.
 */
import type { LighthouseSummary } from '../lighthouse';
import type { Cell } from './metrics';

export interface LostPointsEntry {
  /** Page label and form factor, e.g. `/guide/ mobile`. */
  page: string;
  /** `category/audit`. */
  audit: string;
  title: string;
  /** Runs in which the audit cost points. */
  runs: number;
  /** The audit's display value in the last such run. */
  value?: string;
  items: string[];
}

/** Audits that cost this site's pages points, counted over all runs. */
export function lostPointsOf(cells: readonly Cell[]): LostPointsEntry[] {
  const found = new Map<string, LostPointsEntry>();
  for (const cell of cells) {
    for (const summary of cell.runs.project) {
      for (const lost of summary.lostPoints) {
        // The performance metrics always give a little away; only the real losses are news.
        if (lost.category === 'performance' && (lost.score ?? 0) >= 0.9) continue;
        const key = `${cell.page.label} ${cell.formFactor}|${lost.audit}`;
        const entry = found.get(key) ?? {
          page: `${cell.page.label} ${cell.formFactor}`,
          audit: `${lost.category}/${lost.audit}`,
          title: lost.title,
          runs: 0,
          items: lost.items,
        };
        entry.runs++;
        if (lost.displayValue !== undefined) entry.value = lost.displayValue;
        found.set(key, entry);
      }
    }
  }
  return [...found.values()];
}

export interface BigScript {
  /** URL path of the script. */
  path: string;
  transferBytes: number;
  mainThreadMs: number | undefined;
}

/** The largest scripts of a page in the run with the median JavaScript bytes. */
export function biggestScripts(
  summaries: readonly LighthouseSummary[],
  count: number,
): BigScript[] {
  const sorted = [...summaries].sort((a, b) => a.jsBytes - b.jsBytes);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  return (middle?.scripts ?? []).slice(0, count).map((script) => ({
    path: new URL(script.url).pathname,
    transferBytes: script.transferBytes,
    mainThreadMs: script.mainThreadMs,
  }));
}

/** The ten largest scripts of the guide pages on mobile, for each site. */
export function guideScriptsOf(cells: readonly Cell[]): Record<'project' | 'bare', BigScript[]> {
  const mobileGuide = cells.filter(
    (cell) => cell.page.key === 'guide' && cell.formFactor === 'mobile',
  );
  return {
    project: biggestScripts(
      mobileGuide.flatMap((cell) => cell.runs.project),
      10,
    ),
    bare: biggestScripts(
      mobileGuide.flatMap((cell) => cell.runs.bare),
      10,
    ),
  };
}
