/** Comparing two results files by their categorical outcomes, and the failures a run reports. */
import { MODULE_IDS, PATTERNS } from './catalog';
import type { ResultEntry, ResultsFile, Variant } from './results';

/** Stable order: catalog order of patterns, then variant, then module id order. */
export function sortResults(results: ResultEntry[]): ResultEntry[] {
  const patternIndex = (id: string): number => PATTERNS.findIndex((p) => p.id === id);
  const variants: Variant[] = ['stress', 'plain', 'asan', 'reinit', 'control'];
  return [...results].sort(
    (a, b) =>
      patternIndex(a.pattern) - patternIndex(b.pattern) ||
      variants.indexOf(a.variant) - variants.indexOf(b.variant) ||
      MODULE_IDS.indexOf(a.module) - MODULE_IDS.indexOf(b.module),
  );
}

export function resultKey(entry: Pick<ResultEntry, 'pattern' | 'variant' | 'module'>): string {
  return `${entry.pattern}/${entry.variant}/${entry.module}`;
}

function hazardEvents(entry: ResultEntry): number {
  return entry.pooled?.events ?? entry.hazardForks ?? entry.hangs + entry.crashes;
}

/** Two runs disagree only by chance when either saw the hazard in some repeat runs only. */
function isChanceFlip(a: ResultEntry, b: ResultEntry): boolean {
  return a.outcome === 'hazard-intermittent' || b.outcome === 'hazard-intermittent';
}

export interface Comparison {
  /** Categorical disagreements: outcome changed, entry missing or new. */
  differences: string[];
  /** Hazard cells intermittent in one run or the other: a difference chance can make. */
  unstable: string[];
  /** Module versions that changed (reported, not a failure by themselves). */
  versionChanges: string[];
}

/** Compares categorical outcomes; counts and timings may differ between runs. */
export function compareResults(committed: ResultsFile, fresh: ResultsFile): Comparison {
  const differences: string[] = [];
  const unstable: string[] = [];
  const versionChanges: string[] = [];
  const freshByKey = new Map(fresh.results.map((e) => [resultKey(e), e]));
  const committedKeys = new Set(committed.results.map(resultKey));
  for (const old of committed.results) {
    const now = freshByKey.get(resultKey(old));
    if (!now) differences.push(`${resultKey(old)}: in the committed results, not in the fresh run`);
    else if (now.outcome !== old.outcome) {
      const line = `${resultKey(old)}: committed ${old.outcome} (${hazardEvents(old)} events), fresh run ${now.outcome} (${hazardEvents(now)} events)`;
      if (isChanceFlip(old, now)) unstable.push(line);
      else
        differences.push(`${resultKey(old)}: committed ${old.outcome}, fresh run ${now.outcome}`);
    }
  }
  for (const now of fresh.results)
    if (!committedKeys.has(resultKey(now)))
      differences.push(`${resultKey(now)}: new in the fresh run (${now.outcome})`);
  for (const old of committed.modules) {
    const now = fresh.modules.find((m) => m.id === old.id);
    if (now && now.version !== old.version)
      versionChanges.push(`${old.id}: ${old.version} -> ${now.version}`);
  }
  return { differences, unstable, versionChanges };
}

/** Failures a run reports with exit status 1. */
export function findFailures(file: ResultsFile): string[] {
  const failures = file.results
    .filter((e) => e.outcome === 'fail' || e.outcome === 'void')
    .map((e) => `${resultKey(e)}: ${e.outcome === 'void' ? 'void, ' : ''}${e.reason || 'failed'}`);
  const hazardRuns = file.results.filter((e) => e.pattern === 'atfork-reinit');
  if (hazardRuns.length > 0 && !hazardRuns.some((e) => e.outcome === 'hazard-observed'))
    failures.push('atfork-reinit: the hazard was observed on no module');
  return failures;
}
