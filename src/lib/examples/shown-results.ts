/** What the module behaviour page shows of a results file (the site imports only this). */
import type { ModuleId } from './catalog';
import type {
  HazardLoadSettings,
  HazardRun,
  Machine,
  Outcome,
  Pooled,
  ResultEntry,
  ResultsFile,
} from './results';
import type { Interval } from './statistics';

/** The outcomes the page labels, re-exported so that the site imports this file only. */
export type { Outcome } from './results';

/** How the pages name each outcome (the results matrix and its plain rendering alike). */
export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  pass: 'pass',
  fail: 'FAIL',
  'not-applicable': 'n/a',
  'hazard-observed': 'hazard in every run',
  'hazard-intermittent': 'hazard in some runs',
  'hazard-not-observed': 'no hazard seen',
  void: 'void (load too light)',
};

/** A result as the module behaviour page prints it: its cell of the matrix and of the report. */
export type ShownEntry = Pick<
  ResultEntry,
  | 'pattern'
  | 'variant'
  | 'module'
  | 'threadsAtFork'
  | 'outcome'
  | 'reason'
  | 'forks'
  | 'iterations'
  | 'clean'
  | 'failed'
  | 'hangs'
  | 'crashes'
  | 'crashSignals'
  | 'pooled'
  | 'parentDamageCodes'
  | 'parentCrashSignals'
> & {
  runs?: Pick<
    HazardRun,
    | 'outcome'
    | 'forks'
    | 'hangs'
    | 'crashes'
    | 'hazardForks'
    | 'parentDamaged'
    | 'parentCrashSignal'
  >[];
};

/** A results file as the module behaviour page prints it. */
export interface ShownResults {
  machine: Machine;
  hazardLoad: HazardLoadSettings;
  modules: { id: ModuleId; version: string; cryptokiVersion: string }[];
  results: ShownEntry[];
}

/** Rates to four decimals: the page prints percentages with one. */
function roundedPooled(pooled: Pooled): Pooled {
  const round = (x: number): number => Math.round(x * 10_000) / 10_000;
  const interval = ({ low, high }: Interval): Interval => ({ low: round(low), high: round(high) });
  return {
    ...pooled,
    eventsInterval: interval(pooled.eventsInterval),
    hangsInterval: interval(pooled.hangsInterval),
    crashesInterval: interval(pooled.crashesInterval),
    ...(pooled.parentDamagedInterval
      ? { parentDamagedInterval: interval(pooled.parentDamagedInterval) }
      : {}),
    loadShare: round(pooled.loadShare),
  };
}

/**
 * What a page shows of a results file: only the fields its tables print, so that the data
 * the traceability check reads (return codes, notes, per-run details) stays out of the page.
 */
export function shownResults(file: ResultsFile): ShownResults {
  return {
    machine: file.machine,
    hazardLoad: file.hazardLoad,
    modules: file.modules.map((m) => ({
      id: m.id,
      version: m.version,
      cryptokiVersion: m.info.cryptokiVersion,
    })),
    results: file.results.map((e) => ({
      pattern: e.pattern,
      variant: e.variant,
      module: e.module,
      threadsAtFork: e.threadsAtFork,
      outcome: e.outcome,
      // The matrix prints a reason only where a pattern does not apply or failed.
      reason: e.outcome === 'not-applicable' || e.outcome === 'fail' ? e.reason : '',
      forks: e.forks,
      iterations: e.iterations,
      clean: e.clean,
      failed: e.failed,
      hangs: e.hangs,
      crashes: e.crashes,
      ...(e.crashSignals?.length ? { crashSignals: e.crashSignals } : {}),
      ...(e.pooled ? { pooled: roundedPooled(e.pooled) } : {}),
      // Parent damage: only where a parent was damaged, so older files show as they did.
      ...(e.parentDamageCodes?.length ? { parentDamageCodes: e.parentDamageCodes } : {}),
      ...(e.parentCrashSignals?.length ? { parentCrashSignals: e.parentCrashSignals } : {}),
      ...(e.runs
        ? {
            runs: e.runs.map((r) => ({
              outcome: r.outcome,
              forks: r.forks,
              hangs: r.hangs,
              crashes: r.crashes,
              ...(r.hazardForks !== undefined ? { hazardForks: r.hazardForks } : {}),
              ...(r.parentDamaged ? { parentDamaged: r.parentDamaged } : {}),
              ...(r.parentCrashSignal ? { parentCrashSignal: r.parentCrashSignal } : {}),
            })),
          }
        : {}),
    })),
  };
}
