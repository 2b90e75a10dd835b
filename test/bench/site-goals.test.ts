/**
 * bench:site's goals (src/lib/bench/site/goals.ts) and its analyses of what costs points
 * (lost-points.ts), judged from runs built from the library's own types.
 */
import { describe, expect, test } from 'vitest';
import { JS_ALLOWANCE_BYTES } from '../../src/lib/bench/budgets';
import { evaluateGoals, type Builds } from '../../src/lib/bench/site/goals';
import { guideScriptsOf, lostPointsOf } from '../../src/lib/bench/site/lost-points';
import type { Cell } from '../../src/lib/bench/site/metrics';
import { pagePlan } from '../../src/lib/bench/site/plan';
import { summary, type SummaryFigures } from './site-fixtures';

/** Home, one guide page, the errata index. */
const PAIRS = pagePlan(['guide/applications']);

/** Three runs of a pair in both form factors; `project` and `bare` set the figures. */
function cells(project: SummaryFigures = {}, bare: SummaryFigures = {}): Cell[] {
  return (['mobile', 'desktop'] as const).flatMap((formFactor) =>
    PAIRS.map((page) => ({
      page,
      formFactor,
      runs: {
        project: [1, 2, 3].map(() => summary(`http://p/${page.project}`, project)),
        bare: [1, 2, 3].map(() => summary(`http://b/${page.bare}`, bare)),
        plain: [],
      },
    })),
  );
}

const BUILT: Builds = { project: 26, bare: 20 };
const goalsOf = (all: Cell[], builds = BUILT) =>
  Object.fromEntries(evaluateGoals(all, builds).map((goal) => [goal.goal, goal]));

describe('evaluateGoals', () => {
  test('meets every goal when this site scores 100 like the bare site and builds within 1.3×', () => {
    const goals = evaluateGoals(cells(), BUILT);
    expect(goals.map((goal) => goal.goal)).toEqual([
      'mobile performance ≥ 90',
      'desktop performance = 100',
      'accessibility 100',
      'best practices 100',
      'SEO 100',
      'every guide page performance ≥ bare docs page',
      'every guide page TBT ≤ 1.5 × bare docs page',
      'guide page JS ≤ bare docs page JS + 15 KB',
      'cold build ≤ 1.3 × bare',
    ]);
    expect(goals.every((goal) => goal.met === true)).toBe(true);
    expect(goalsOf(cells())['cold build ≤ 1.3 × bare']?.detail).toBe('26.0 s vs 20.0 s (1.30×)');
  });

  test('lists the pages below a score, with their form factor when the goal spans both', () => {
    const goals = goalsOf(cells({ performance: 89, accessibility: 96 }));
    expect(goals['mobile performance ≥ 90']).toMatchObject({
      met: false,
      detail: 'below: home 89, /guide/applications 89, errata index 89',
    });
    expect(goals['accessibility 100']?.detail).toMatch(/^below: home mobile 96, /);
    expect(goals['every guide page performance ≥ bare docs page']?.detail).toBe(
      'below: /guide/applications mobile 89 < 100, /guide/applications desktop 89 < 100',
    );
  });

  test('judges guide TBT against 1.5 × the bare docs page, and JS against the allowance', () => {
    const slow = goalsOf(
      cells({ tbtMs: 31, jsBytes: 180_000 + JS_ALLOWANCE_BYTES + 1 }, { tbtMs: 20 }),
    );
    expect(slow['every guide page TBT ≤ 1.5 × bare docs page']?.detail).toBe(
      'above: /guide/applications mobile 31 ms vs 20 ms, /guide/applications desktop 31 ms vs 20 ms',
    );
    expect(slow['guide page JS ≤ bare docs page JS + 15 KB']?.met).toBe(false);
    const within = goalsOf(
      cells({ tbtMs: 30, jsBytes: 180_000 + JS_ALLOWANCE_BYTES }, { tbtMs: 20 }),
    );
    expect(within['every guide page TBT ≤ 1.5 × bare docs page']?.met).toBe(true);
    expect(within['guide page JS ≤ bare docs page JS + 15 KB']?.detail).toBe(
      'mobile 190.4 KiB vs 175.8 KiB (+14.6 KiB), desktop 190.4 KiB vs 175.8 KiB (+14.6 KiB)',
    );
  });

  test('cannot tell the build goal for a reused build, and fails a slow build', () => {
    expect(goalsOf(cells(), { project: undefined, bare: 20 })['cold build ≤ 1.3 × bare']).toEqual({
      goal: 'cold build ≤ 1.3 × bare',
      met: null,
      detail: 'not measured (reused build)',
    });
    expect(goalsOf(cells(), { project: 27, bare: 20 })['cold build ≤ 1.3 × bare']?.met).toBe(false);
  });
});

describe('lostPointsOf', () => {
  const contrast = {
    category: 'accessibility' as const,
    audit: 'color-contrast',
    title: 'Background and foreground colors do not have a sufficient contrast ratio.',
    score: 0,
    items: ['div.note > p'],
  };
  const lcp = {
    category: 'performance' as const,
    audit: 'largest-contentful-paint',
    title: 'Largest Contentful Paint',
    score: 0.95,
    displayValue: '1.2 s',
    items: [],
  };

  test('counts an audit per page and form factor over the runs, ignoring small metric losses', () => {
    const lost = lostPointsOf(cells({ lostPoints: [contrast, lcp] }));
    expect(lost).toHaveLength(6);
    expect(lost[0]).toEqual({
      page: 'home mobile',
      audit: 'accessibility/color-contrast',
      title: contrast.title,
      runs: 3,
      items: ['div.note > p'],
    });
  });

  test('keeps a performance audit that lost real points, with its last value', () => {
    const lost = lostPointsOf(cells({ lostPoints: [{ ...lcp, score: 0.5 }] }));
    expect(lost[0]).toMatchObject({
      audit: 'performance/largest-contentful-paint',
      value: '1.2 s',
    });
  });
});

describe('guideScriptsOf', () => {
  test('lists the mobile guide page scripts of the median run by path', () => {
    const scripts = [
      { url: 'http://p/assets/js/main.js', transferBytes: 120_000, mainThreadMs: 80 },
      { url: 'http://p/assets/js/runtime.js', transferBytes: 5_000 },
    ];
    const result = guideScriptsOf(cells({ scripts }));
    expect(result.project).toEqual([
      { path: '/assets/js/main.js', transferBytes: 120_000, mainThreadMs: 80 },
      { path: '/assets/js/runtime.js', transferBytes: 5_000, mainThreadMs: undefined },
    ]);
    expect(result.bare).toEqual([]);
  });
});
