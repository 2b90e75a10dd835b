/**
 * The layout of the results file (examples/results.json): outcomes, one entry per cell, the
 * machine and load it was measured with. Comparing two files is results-compare.ts; the text and
 * Markdown tables are results-text.ts; what the site shows of a file is shown-results.ts.
 */
import type { ModuleId } from './catalog';
import type { ModuleInfo } from './module-config';
import type { Interval } from './statistics';

/** The version of the results file's layout; readers refuse another one. */
export const RESULTS_SCHEMA_VERSION = 2;

/**
 * pass / fail / not-applicable: a safe pattern. For a hazard cell, pooled over its repeat runs:
 * hazard-observed (a hazard event in every run: a child hung or crashed, or the parent was
 * damaged after a fork), hazard-intermittent (in some runs), hazard-not-observed (in none), void
 * (a run's load was too light to count, see LOAD_SHARE_MIN). A single hazard run is
 * hazard-observed, hazard-not-observed, void or fail; fail is for a run the harness could not
 * judge (a stuck child, too few threads, errors of a parent that passed every check).
 */
export const OUTCOMES = [
  'pass',
  'fail',
  'not-applicable',
  'hazard-observed',
  'hazard-intermittent',
  'hazard-not-observed',
  'void',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Outcomes a claim may rest on: the same in every run. */
export const STABLE_OUTCOMES: readonly Outcome[] = [
  'pass',
  'not-applicable',
  'hazard-observed',
  'hazard-not-observed',
];

/** stress: safe multi-threaded patterns under load; plain/asan: single-threaded patterns in a
 * plain and a sanitizer build; reinit/control: the anti-pattern and its control. */
export type Variant = 'stress' | 'plain' | 'asan' | 'reinit' | 'control';

export interface ReturnCode {
  call: string;
  rv: string;
  count: number;
}

/** Crashed children by the signal that ended them. */
export interface CrashSignal {
  signal: number;
  count: number;
}

/** What the parent's worker threads did during a hazard run: the run's load. */
export interface Load {
  /** PKCS #11 calls the worker threads made. */
  workerCalls: number;
  /** Children that reported whether a worker was inside the module at their fork. */
  forksObserved: number;
  /** Of those, the children whose copy of the workers' flag said a worker was inside. */
  forksInside: number;
}

/**
 * What a hazard run saw of its parent: a child that calls the module on the parent's inherited
 * daemon connection can break the parent itself, which is the hazard too. The fields are
 * optional because results files written before they existed lack them (read as 0, none).
 */
export interface ParentDamage {
  /** Forks after which the parent was damaged: its own sign and verify after that fork failed,
   * blocked past its bound, or the parent crashed (both end the run). */
  parentDamaged?: number;
  /** The parent's failed calls by return code ("parent C_Sign" CKR_GENERAL_ERROR ×97). */
  parentDamageCodes?: ReturnCode[];
  /** 1 when the run ended because the parent's own call blocked past its bound. */
  parentBlocked?: number;
  /** The signal that ended the run when the parent itself crashed. */
  parentCrashSignal?: number;
  /** Forks with a hazard event: a child that hung or crashed, or a damaged parent after that
   * fork. A fork with both counts once, so this is at most `forks`. */
  hazardForks?: number;
}

/** The raw counts of one run of a hazard cell. */
export interface HazardRun extends Load, ParentDamage {
  outcome: 'hazard-observed' | 'hazard-not-observed' | 'void' | 'fail';
  reason: string;
  /** Forks made; fewer than planned when the parent crashed or blocked. */
  forks: number;
  clean: number;
  failed: number;
  hangs: number;
  /** Of the hangs: blocked on a socket or poll wait rather than a futex. */
  hangsIo: number;
  crashes: number;
  crashSignals: CrashSignal[];
  stuck: number;
  durationMs: number;
}

/** A hazard cell's runs added up, with 95% (Wilson) intervals. */
export interface Pooled extends Load {
  runs: number;
  forks: number;
  hangs: number;
  crashes: number;
  /**
   * Forks with a hazard event: a hung or crashed child, or a parent damaged after that fork
   * (a fork with both counts once). Files written before parent damage was counted hold
   * hangs + crashes here.
   */
  events: number;
  eventsInterval: Interval;
  hangsInterval: Interval;
  crashesInterval: Interval;
  /** Forks after which the parent was damaged (see ParentDamage), with its interval. */
  parentDamaged?: number;
  parentDamagedInterval?: Interval;
  /** Runs that ended because the parent's own call blocked, or the parent crashed. */
  parentBlocked?: number;
  parentCrashes?: number;
  /** forksInside / forksObserved */
  loadShare: number;
}

export interface ResultEntry extends ParentDamage {
  pattern: string;
  variant: Variant;
  module: ModuleId;
  moduleVersion: string;
  threadCondition: string;
  threadsAtFork: { min: number; max: number };
  outcome: Outcome;
  reason: string;
  returnCodes: ReturnCode[];
  forks: number;
  iterations: number;
  clean: number;
  failed: number;
  hangs: number;
  crashes: number;
  stuck: number;
  parentChecks: number;
  durationMs: number;
  note: string;
  /** Hazard cells: crashes by signal, hangs on a socket or poll wait, and the load. */
  crashSignals?: CrashSignal[];
  hangsIo?: number;
  workerCalls?: number;
  forksObserved?: number;
  forksInside?: number;
  /** Hazard cells: each repeat run's raw counts, and their sum with intervals. */
  runs?: HazardRun[];
  pooled?: Pooled;
  /** Pooled hazard cells: the runs whose parent crashed, by signal. */
  parentCrashSignals?: CrashSignal[];
}

export interface ModuleRecord {
  id: ModuleId;
  modulePath: string;
  version: string;
  info: ModuleInfo;
}

/** The machine a results file was measured on. */
export interface Machine {
  arch: string;
  cpus: number;
  cpuModel: string;
  kernel: string;
  os: string;
  /** Versions of the Debian packages behind the measured components (libc6, gcc, ...). */
  packages: Record<string, string>;
}

/** How the hazard cells were loaded and repeated. */
export interface HazardLoadSettings {
  /** Repeat runs per hazard cell, pooled. */
  repeat: number;
  forksPerRun: number;
  /** Configurations whose runs make this many times more forks (a rarer hazard). */
  forkFactors: Partial<Record<ModuleId, number>>;
  /** Configurations whose workers call the shared device at most once per this many ms. */
  deviceCallIntervalMs?: Partial<Record<ModuleId, number>>;
  workerThreads: number;
  /** The calls each worker makes in a loop without pause. */
  workerCalls: string[];
  /** A child past this bound and blocked in a wait counts as hung. */
  boundMs: number;
  /** A run whose share of forks with a worker inside the module is lower is void. */
  minLoadShare: number;
}

export interface ResultsFile {
  $comment: string;
  schemaVersion: number;
  generated: string;
  machine: Machine;
  hazardLoad: HazardLoadSettings;
  modules: ModuleRecord[];
  results: ResultEntry[];
}
