/** The results file (examples/results.json), its Markdown table, and comparison of two runs. */
import { MODULE_IDS, PATTERNS, type ModuleId } from './catalog';
import type { ModuleInfo } from './modules';
import { describePooledParentDamage } from './parent-damage';
import { describeCount, type Interval } from './statistics';

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

export function describeVersion(info: ModuleInfo): string {
  const packages = Object.entries(info.packages)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  return `${info.manufacturer} ${info.libraryVersion} (${packages})`;
}

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

/** A hazard cell's pooled count in words, with its interval. */
export function describeHazard(
  entry: Pick<ResultEntry, 'pooled' | 'crashSignals' | 'hangs' | 'crashes' | 'forks'> &
    Partial<Pick<ResultEntry, 'parentDamageCodes' | 'parentCrashSignals'>>,
): string {
  const pooled = entry.pooled;
  if (!pooled) return `${entry.hangs} hung, ${entry.crashes} crashed of ${entry.forks} children`;
  const signals = (entry.crashSignals ?? []).map((c) => `signal ${c.signal} ×${c.count}`);
  const children = `${pooled.hangs} hung, ${pooled.crashes} crashed${signals.length ? `: ${signals.join(', ')}` : ''}`;
  const parent = describePooledParentDamage(pooled, entry);
  if (!parent)
    return `${describeCount(pooled.events, pooled.forks)} hung or crashed (${children}) over ${pooled.runs} runs`;
  return (
    `${describeCount(pooled.events, pooled.forks)} forks with a hung or crashed child or a ` +
    `damaged parent (children: ${children}; ${parent}) over ${pooled.runs} runs`
  );
}

function cell(entry: ResultEntry | undefined): string {
  if (!entry) return '–';
  if (entry.pooled) return `${entry.outcome}: ${describeHazard(entry)}`;
  if (entry.outcome === 'pass') return `pass (${entry.clean}/${entry.forks})`;
  return `${entry.outcome}${entry.reason ? `: ${entry.reason}` : ''}`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function toMarkdown(file: ResultsFile): string {
  const modules = file.modules.map((m) => m.id);
  const rows = new Map<string, ResultEntry[]>();
  for (const entry of sortResults(file.results)) {
    const key = `${entry.pattern}\u0000${entry.variant}`;
    rows.set(key, [...(rows.get(key) ?? []), entry]);
  }
  const lines = [
    '<!-- Generated by `npm run examples`; do not edit. -->',
    '',
    '# Fork-pattern examples: results',
    '',
    `Generated ${file.generated} on ${file.machine.os}, ${file.machine.cpus} CPUs ` +
      `(${file.machine.cpuModel}), kernel ${file.machine.kernel}. Hazard cells: ` +
      `${file.hazardLoad.repeat} runs of ${file.hazardLoad.forksPerRun} forks each, pooled.`,
    '',
    `| Pattern | Variant | Threads at fork | ${modules.join(' | ')} |`,
    `| --- | --- | --- | ${modules.map(() => '---').join(' | ')} |`,
  ];
  for (const entries of rows.values()) {
    const first = entries[0];
    if (!first) continue;
    const threads =
      first.threadsAtFork.min === first.threadsAtFork.max
        ? `${first.threadsAtFork.min}`
        : `${first.threadsAtFork.min}–${first.threadsAtFork.max}`;
    const cells = modules.map((id) => escapeCell(cell(entries.find((e) => e.module === id))));
    lines.push(`| \`${first.pattern}\` | ${first.variant} | ${threads} | ${cells.join(' | ')} |`);
  }
  lines.push('', '## Modules', '', '| Id | Module | Version |', '| --- | --- | --- |');
  for (const m of file.modules)
    lines.push(`| \`${m.id}\` | \`${m.modulePath}\` | ${escapeCell(m.version)} |`);
  lines.push(
    '',
    'Variants: *stress* = the parent forks while worker threads keep calling the module;',
    '*plain*/*asan* = plain and AddressSanitizer+UBSan builds; *reinit* = C_Initialize in a',
    'pthread_atfork child handler (the anti-pattern); *control* = no re-initialisation, the child',
    'makes one ordinary call. A hang is a child still running after the bound and blocked in a',
    'futex, socket or poll wait. A hazard cell counts forks with an event: a child that hung or',
    'crashed, or a damaged parent (its own sign and verify after that fork failed or blocked, or',
    'it crashed, which ends the run); a fork with both counts once. Intervals are 95% Wilson',
    'score intervals.',
    '',
  );
  return lines.join('\n');
}

export function toText(file: ResultsFile): string {
  const lines = sortResults(file.results).map(
    (e) =>
      `${e.pattern.padEnd(20)} ${e.variant.padEnd(8)} ${e.module.padEnd(23)} ${cell(e)}` +
      (e.note ? `  [${e.note}]` : ''),
  );
  return lines.join('\n') + '\n';
}

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
