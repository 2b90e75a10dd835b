/**
 * The site's goals, judged from bench:site's medians. A benchmark, not a test: scores and timings
 * are noisy, so a goal not met is reported, never a failure (the deterministic byte budget is the
 * test, src/lib/bench/budgets.ts).
 */
import { JS_ALLOWANCE_BYTES } from '../budgets';
import { FORM_FACTORS, type FormFactor } from '../lighthouse';
import { formatRatio } from '../stats';
import { guideRows, KIB, mediansOf, type Cell } from './metrics';
import type { SiteName } from './plan';

/** TBT may be at most this many times the bare docs page's (issue #25). */
export const TBT_RATIO_GOAL = 1.5;
/** The cold build may take at most this many times the bare site's. */
export const BUILD_RATIO_GOAL = 1.3;

export interface Goal {
  goal: string;
  /** null when the benchmark could not tell (a reused build has no build time). */
  met: boolean | null;
  detail: string;
}

/** Median cold build seconds; undefined for a reused build. */
export interface Builds {
  project: number | undefined;
  bare: number | undefined;
}

function medianOf(cell: Cell, site: SiteName, key: string): number {
  return mediansOf(cell)[site][key] ?? Number.NaN;
}

/** A score every page of this site must reach in the given form factors. */
function scoreGoal(
  cells: readonly Cell[],
  goal: string,
  key: string,
  formFactors: readonly FormFactor[],
  passes: (score: number) => boolean,
): Goal {
  const relevant = cells.filter((cell) => formFactors.includes(cell.formFactor));
  const failing = relevant.filter((cell) => !passes(medianOf(cell, 'project', key)));
  const list = (subset: Cell[]): string =>
    subset
      .map(
        (cell) =>
          `${cell.page.label}${formFactors.length > 1 ? ` ${cell.formFactor}` : ''} ${medianOf(cell, 'project', key)}`,
      )
      .join(', ');
  return {
    goal,
    met: failing.length === 0,
    detail: failing.length === 0 ? list(relevant) : `below: ${list(failing)}`,
  };
}

/** Every guide page against the bare docs page: performance no lower, TBT within the ratio. */
function guidePairGoals(cells: readonly Cell[]): Goal[] {
  const rows = guideRows(cells);
  const pairs = `${rows.length} page/form-factor pairs`;
  const below = rows.filter((row) => row.performance.project < row.performance.bare);
  const slow = rows.filter((row) => row.tbtMs.project > TBT_RATIO_GOAL * row.tbtMs.bare);
  return [
    {
      goal: 'every guide page performance ≥ bare docs page',
      met: below.length === 0,
      detail:
        below.length === 0
          ? pairs
          : `below: ${below.map((row) => `/${row.page} ${row.formFactor} ${row.performance.project} < ${row.performance.bare}`).join(', ')}`,
    },
    {
      goal: `every guide page TBT ≤ ${TBT_RATIO_GOAL} × bare docs page`,
      met: slow.length === 0,
      detail:
        slow.length === 0
          ? pairs
          : `above: ${slow.map((row) => `/${row.page} ${row.formFactor} ${row.tbtMs.project.toFixed(0)} ms vs ${row.tbtMs.bare.toFixed(0)} ms`).join(', ')}`,
    },
  ];
}

/** Guide page JavaScript (as Lighthouse counts it) within the budget's allowance. */
function guideJsGoal(cells: readonly Cell[]): Goal {
  const entries = cells
    .filter((cell) => cell.page.key === 'guide')
    .map((cell) => {
      const project = medianOf(cell, 'project', 'jsBytes');
      const bare = medianOf(cell, 'bare', 'jsBytes');
      return { cell, project, bare, met: project <= bare + JS_ALLOWANCE_BYTES };
    });
  return {
    goal: 'guide page JS ≤ bare docs page JS + 15 KB',
    met: entries.every((entry) => entry.met),
    detail: entries
      .map(
        ({ cell, project, bare }) =>
          `${cell.formFactor} ${(project / KIB).toFixed(1)} KiB vs ${(bare / KIB).toFixed(1)} KiB ` +
          `(${project >= bare ? '+' : ''}${((project - bare) / KIB).toFixed(1)} KiB)`,
      )
      .join(', '),
  };
}

function buildGoal(builds: Builds): Goal {
  const goal = 'cold build ≤ 1.3 × bare';
  if (builds.project === undefined || builds.bare === undefined)
    return { goal, met: null, detail: 'not measured (reused build)' };
  return {
    goal,
    met: builds.project / builds.bare <= BUILD_RATIO_GOAL,
    detail: `${builds.project.toFixed(1)} s vs ${builds.bare.toFixed(1)} s (${formatRatio(builds.project, builds.bare)})`,
  };
}

/** Every goal, in the order the report prints them. */
export function evaluateGoals(cells: readonly Cell[], builds: Builds): Goal[] {
  return [
    scoreGoal(cells, 'mobile performance ≥ 90', 'performance', ['mobile'], (s) => s >= 90),
    scoreGoal(cells, 'desktop performance = 100', 'performance', ['desktop'], (s) => s === 100),
    scoreGoal(cells, 'accessibility 100', 'accessibility', FORM_FACTORS, (s) => s === 100),
    scoreGoal(cells, 'best practices 100', 'best-practices', FORM_FACTORS, (s) => s === 100),
    scoreGoal(cells, 'SEO 100', 'seo', FORM_FACTORS, (s) => s === 100),
    ...guidePairGoals(cells),
    guideJsGoal(cells),
    buildGoal(builds),
  ];
}
