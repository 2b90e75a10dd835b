/**
 * Hazard cells (the anti-pattern and its control): how one run is judged, and how the repeat
 * runs of a cell are pooled into one result. A hang or crash is a rare event, so a cell is never
 * judged by one run: it is `hazard-observed` only when every run saw the hazard, and a run
 * counts only when its load kept a worker inside the module at nearly every fork.
 * The hazard is a hung or crashed child, or a damaged parent: the parent's own sign and verify
 * after a fork failed, blocked, or the parent crashed (a child using the parent's inherited
 * daemon connection can do that). Events count forks, each at most once.
 */
import type { ModuleId } from './catalog';
import type { CrashSignal, HazardRun, Outcome, Pooled, ResultEntry, ReturnCode } from './results';
import { wilson } from './statistics';

/** Repeat runs per hazard cell that `npm run examples` makes by default. */
export const DEFAULT_REPEAT = 5;
/** Forks per hazard run by default. */
export const HAZARD_FORKS = 200;
/** Below this share of forks with a worker inside the module, a run is void: too light a load
 * to say anything about the hazard. */
export const LOAD_SHARE_MIN = 0.8;
/**
 * Configurations whose hazard is rarer get proportionally more forks per run, so that one run
 * can be expected to see it: with reset_on_fork SoftHSM2 crashes or hangs at about one fork in a
 * hundred under the same load (see results.json), so 200 forks would miss it in about one run
 * in eight, while 1,000 forks miss it in fewer than one in ten thousand.
 */
export const HAZARD_FORK_FACTOR: Partial<Record<ModuleId, number>> = {
  'softhsm2-reset-on-fork': 5,
};

/**
 * Configurations whose token is one device shared with other processes through a daemon that
 * makes waiting processes poll for it get their workers' device calls (C_GenerateRandom,
 * C_GetTokenInfo, C_SignInit + C_Sign) paced to one per this many ms per worker; the rest of
 * each round (sessions, digests) goes on without pause (examples/common/p11ex.c, worker_main).
 * pcsc-lite hands the card to a waiting process only when its poll (every 100 ms) finds it
 * free, so two workers signing back to back on the virtual card kept a fresh process (an exec'd
 * or fork-server child) waiting 11 to 117 s. Measured with two workers and 12 fresh
 * applications, each about 0.25 s alone: at 250 ms a child waited up to 10 s (past the child
 * bound), at 500 ms up to 1.3 s, at 1,000 ms up to 0.6 s.
 */
export const DEVICE_CALL_INTERVAL_MS: Partial<Record<ModuleId, number>> = {
  opensc: 1000,
};

/** What each worker thread calls, in a loop without pause (examples/common/p11ex.c). */
export const WORKER_CALLS = [
  'C_GenerateRandom',
  'C_GetTokenInfo',
  'C_OpenSession',
  'C_CloseSession',
  'C_DigestInit',
  'C_Digest',
  'C_SignInit',
  'C_Sign',
];

export function loadShare(load: { forksObserved: number; forksInside: number }): number {
  return load.forksObserved === 0 ? 0 : load.forksInside / load.forksObserved;
}

/** What one run of a hazard cell reports: a matrix result entry, or a runtime program's. */
export type HazardSource = Pick<
  ResultEntry,
  | 'outcome'
  | 'reason'
  | 'forks'
  | 'clean'
  | 'failed'
  | 'hangs'
  | 'hangsIo'
  | 'crashes'
  | 'crashSignals'
  | 'stuck'
  | 'workerCalls'
  | 'forksObserved'
  | 'forksInside'
  | 'durationMs'
> &
  Partial<
    Pick<
      ResultEntry,
      'hazardForks' | 'parentDamaged' | 'parentDamageCodes' | 'parentBlocked' | 'parentCrashSignal'
    >
  >;

/** One run's raw counts and its judgement: void when the load was too light. */
export function toHazardRun(entry: HazardSource): HazardRun {
  const run: HazardRun = {
    outcome: 'fail',
    reason: entry.reason,
    forks: entry.forks,
    clean: entry.clean,
    failed: entry.failed,
    hangs: entry.hangs,
    hangsIo: entry.hangsIo ?? 0,
    crashes: entry.crashes,
    crashSignals: entry.crashSignals ?? [],
    stuck: entry.stuck,
    workerCalls: entry.workerCalls ?? 0,
    forksObserved: entry.forksObserved ?? 0,
    forksInside: entry.forksInside ?? 0,
    durationMs: entry.durationMs,
    hazardForks: entry.hazardForks ?? entry.hangs + entry.crashes,
    parentDamaged: entry.parentDamaged ?? 0,
    parentDamageCodes: entry.parentDamageCodes ?? [],
    parentBlocked: entry.parentBlocked ?? 0,
    ...(entry.parentCrashSignal ? { parentCrashSignal: entry.parentCrashSignal } : {}),
  };
  if (entry.outcome !== 'hazard-observed' && entry.outcome !== 'hazard-not-observed') return run;
  const share = loadShare(run);
  if (share < LOAD_SHARE_MIN) {
    run.outcome = 'void';
    run.reason = `a worker was inside the module at ${run.forksInside} of ${run.forksObserved} forks, below ${LOAD_SHARE_MIN * 100}%`;
  } else run.outcome = entry.outcome;
  return run;
}

/** A cell's outcome from its runs: the same in every run, or intermittent, void or fail. */
export function cellOutcome(runs: readonly HazardRun[]): { outcome: Outcome; reason: string } {
  const failed = runs.find((r) => r.outcome === 'fail');
  if (failed) return { outcome: 'fail', reason: failed.reason || 'a run failed' };
  const voided = runs.find((r) => r.outcome === 'void');
  if (voided) return { outcome: 'void', reason: voided.reason };
  const observed = runs.filter((r) => r.outcome === 'hazard-observed').length;
  if (runs.length > 0 && observed === runs.length)
    return { outcome: 'hazard-observed', reason: '' };
  if (observed === 0) return { outcome: 'hazard-not-observed', reason: '' };
  return {
    outcome: 'hazard-intermittent',
    reason: `hazard seen in ${observed} of ${runs.length} runs`,
  };
}

type Count = {
  [K in keyof HazardRun]-?: HazardRun[K] extends number ? K : never;
}[keyof HazardRun];

function sum(runs: readonly HazardRun[], field: Count): number {
  return runs.reduce((n, r) => n + r[field], 0);
}

export function poolRuns(runs: readonly HazardRun[]): Pooled {
  const forks = sum(runs, 'forks');
  const hangs = sum(runs, 'hangs');
  const crashes = sum(runs, 'crashes');
  const forksObserved = sum(runs, 'forksObserved');
  const forksInside = sum(runs, 'forksInside');
  // Forks with an event; runs from before parent damage was counted had only children's.
  const events = runs.reduce((n, r) => n + (r.hazardForks ?? r.hangs + r.crashes), 0);
  const parentDamaged = runs.reduce((n, r) => n + (r.parentDamaged ?? 0), 0);
  return {
    runs: runs.length,
    forks,
    hangs,
    crashes,
    events,
    eventsInterval: wilson(events, forks),
    hangsInterval: wilson(hangs, forks),
    crashesInterval: wilson(crashes, forks),
    parentDamaged,
    parentDamagedInterval: wilson(parentDamaged, forks),
    parentBlocked: runs.reduce((n, r) => n + (r.parentBlocked ?? 0), 0),
    parentCrashes: runs.filter((r) => r.parentCrashSignal !== undefined).length,
    workerCalls: sum(runs, 'workerCalls'),
    forksObserved,
    forksInside,
    loadShare: loadShare({ forksObserved, forksInside }),
  };
}

function mergeCounts<T>(lists: readonly T[][], key: (item: T) => string, add: (a: T, b: T) => T) {
  const merged = new Map<string, T>();
  for (const item of lists.flat()) {
    const k = key(item);
    const seen = merged.get(k);
    merged.set(k, seen ? add(seen, item) : { ...item });
  }
  return [...merged.values()];
}

/** Return codes of several runs added up by call and code, in order of first appearance. */
export function mergeReturnCodes(lists: readonly ReturnCode[][]): ReturnCode[] {
  return mergeCounts(
    lists,
    (r) => `${r.call}\u0000${r.rv}`,
    (a, b) => ({ ...a, count: a.count + b.count }),
  );
}

/** Crash signals of several runs added up by signal, in signal order. */
export function mergeCrashSignals(lists: readonly CrashSignal[][]): CrashSignal[] {
  return mergeCounts(
    lists,
    (c) => String(c.signal),
    (a, b) => ({ signal: a.signal, count: a.count + b.count }),
  ).sort((a, b) => a.signal - b.signal);
}

/** The repeat runs of one cell (same pattern, variant, module) as one pooled result entry. */
export function poolHazardCell(entries: readonly ResultEntry[]): ResultEntry {
  const first = entries[0];
  if (!first) throw new Error('poolHazardCell: no runs to pool');
  const runs = entries.map(toHazardRun);
  const pooled = poolRuns(runs);
  const { outcome, reason } = cellOutcome(runs);
  const returnCodes = mergeReturnCodes(entries.map((e) => e.returnCodes));
  const crashSignals = mergeCrashSignals(runs.map((r) => r.crashSignals));
  const parentDamageCodes = mergeReturnCodes(runs.map((r) => r.parentDamageCodes ?? []));
  const parentCrashSignals = mergeCrashSignals(
    runs.map((r) =>
      r.parentCrashSignal === undefined ? [] : [{ signal: r.parentCrashSignal, count: 1 }],
    ),
  );
  const threads = entries.map((e) => e.threadsAtFork);
  // One run's own fields that the pooled cell replaces with its lists.
  const base: ResultEntry = { ...first };
  delete base.parentCrashSignal;
  return {
    ...base,
    outcome,
    reason,
    returnCodes,
    threadsAtFork: {
      min: Math.min(...threads.map((t) => t.min)),
      max: Math.max(...threads.map((t) => t.max)),
    },
    forks: pooled.forks,
    iterations: entries.reduce((n, e) => n + e.iterations, 0),
    clean: entries.reduce((n, e) => n + e.clean, 0),
    failed: entries.reduce((n, e) => n + e.failed, 0),
    hangs: pooled.hangs,
    crashes: pooled.crashes,
    stuck: entries.reduce((n, e) => n + e.stuck, 0),
    parentChecks: entries.reduce((n, e) => n + e.parentChecks, 0),
    durationMs: entries.reduce((n, e) => n + e.durationMs, 0),
    note: `${runs.length} runs pooled`,
    crashSignals,
    hangsIo: sum(runs, 'hangsIo'),
    workerCalls: pooled.workerCalls,
    forksObserved: pooled.forksObserved,
    forksInside: pooled.forksInside,
    hazardForks: pooled.events,
    parentDamaged: pooled.parentDamaged,
    parentDamageCodes,
    parentBlocked: pooled.parentBlocked,
    parentCrashSignals,
    runs,
    pooled,
  };
}
