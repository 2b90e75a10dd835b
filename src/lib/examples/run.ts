/** Runs pattern × module configuration, bounded, in parallel across module configurations. */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { MATRIX_MODULE_IDS, PATTERNS, type ModuleId } from './catalog';
import { buildExamples, projectPath, type BuildOutput } from './build';
import {
  RUN_MARKER_VAR,
  baseEnv,
  commandFor,
  provisionModules,
  type ModuleConfig,
} from './modules';
import { runCommand, type CommandResult } from './proc';
import {
  DEFAULT_REPEAT,
  DEVICE_CALL_INTERVAL_MS,
  HAZARD_FORKS,
  HAZARD_FORK_FACTOR,
  LOAD_SHARE_MIN,
  WORKER_CALLS,
  poolHazardCell,
} from './hazard';
import { describeMachine } from './machine';
import {
  RESULTS_SCHEMA_VERSION,
  describeVersion,
  sortResults,
  type Outcome,
  type ResultEntry,
  type ResultsFile,
  type ReturnCode,
  type Variant,
} from './results';

export interface RunSpec {
  pattern: string;
  variant: Variant;
  sanitizer: boolean;
  forks: number;
  threads: number;
  boundMs: number;
}

export interface MatrixOptions {
  patterns?: readonly string[];
  modules?: readonly ModuleId[];
  /** Forks per run of the anti-pattern and its control (default HAZARD_FORKS). */
  hazardForks?: number;
  /** Runs per hazard cell, pooled (default DEFAULT_REPEAT). */
  repeat?: number;
  /** Worker threads inside the module during the anti-pattern runs (default 2). */
  hazardThreads?: number;
  /** Forks in stress mode for the multi-threaded safe patterns (default 50, at least 50). */
  stressForks?: number;
  /** Module configurations run at the same time (default: min(2, CPUs)). */
  concurrency?: number;
  /** Hard bound for one example run (default 120 s). */
  runTimeoutMs?: number;
  log?: (line: string) => void;
}

/** A child still running after this is examined; generous, so a slow machine is not a hazard. */
export const CHILD_BOUND_MS = 5_000;

export function planRuns(options: MatrixOptions, build: BuildOutput): RunSpec[] {
  const wanted = options.patterns ?? PATTERNS.map((p) => p.id);
  const specs: RunSpec[] = [];
  for (const pattern of PATTERNS.filter((p) => wanted.includes(p.id))) {
    const base = { pattern: pattern.id, sanitizer: false, boundMs: CHILD_BOUND_MS, threads: 2 };
    if (pattern.condition === 'multi') {
      specs.push({ ...base, variant: 'stress', forks: Math.max(50, options.stressForks ?? 50) });
    } else if (pattern.condition === 'single') {
      const forks = pattern.id === 'prefork-workers' ? 4 : 10;
      specs.push({ ...base, variant: 'plain', forks, threads: 0 });
      if (build.sanitizerExamples.includes(pattern.id))
        specs.push({ ...base, variant: 'asan', sanitizer: true, forks: 3, threads: 0 });
    } else if (pattern.condition === 'parent') {
      // A single-threaded parent and a child that finalises: one run of each variant.
      for (const variant of ['control', 'reinit'] as const)
        specs.push({ ...base, variant, forks: 10, threads: 0 });
    } else {
      const forks = options.hazardForks ?? HAZARD_FORKS;
      const threads = options.hazardThreads ?? 2;
      specs.push({ ...base, variant: 'reinit', forks, threads });
      specs.push({ ...base, variant: 'control', forks, threads });
    }
  }
  return specs;
}

interface RawResult {
  pattern: string;
  condition: string;
  outcome: Outcome;
  reason: string;
  threadsAtFork: { min: number; max: number };
  forks: number;
  iterations: number;
  clean: number;
  failed: number;
  crashes: number;
  hangs: number;
  stuck: number;
  parentChecks: number;
  note: string;
  returnCodes: { call: string; rv: string; count: number }[];
  hangsIo?: number;
  workerCalls?: number;
  forksObserved?: number;
  forksInside?: number;
  crashSignals?: { signal: number; count: number }[];
  /** Hazard runs (examples/atfork-reinit.c): the parent's damage and forks with an event. */
  parentDamaged?: number;
  lastCheckFailed?: boolean;
  hazardForks?: number;
  lastForkEvent?: boolean;
}

/** A hazard run's counts after one of the parent's checks (`P11EX-PROGRESS {...}`). */
interface ProgressLine extends RawResult {
  forksDone: number;
}

/** Parses the example's `P11EX-RESULT {...}` line, or returns undefined. */
export function parseResultLine(stdout: string): RawResult | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith('P11EX-RESULT '));
  if (!line) return undefined;
  return JSON.parse(line.slice('P11EX-RESULT '.length)) as RawResult;
}

/** Signals that mean a process crashed on its own (they dump core), not that it was stopped. */
const CRASH_SIGNALS: readonly NodeJS.Signals[] = [
  'SIGSEGV',
  'SIGBUS',
  'SIGABRT',
  'SIGFPE',
  'SIGILL',
  'SIGTRAP',
  'SIGSYS',
];

/** The parent's failed calls of a run: the return codes of the calls named `parent …`. */
function parentCodes(codes: readonly ReturnCode[]): ReturnCode[] {
  return codes.filter((c) => c.call.startsWith('parent ') && c.rv !== 'CKR_OK');
}

/**
 * A hazard run whose parent crashed or blocked before its result line: the counts of its last
 * progress line, plus the fork that was followed by the crash or block (counted once, as parent
 * damage and as a fork with an event). Children still running at that moment are not counted,
 * and the workers' call count, added up only when they stop, is lost. Undefined when the parent
 * had made no fork yet: then nothing links the end to a child.
 */
function salvageHazardRun(
  stdout: string,
  end: { blocked: boolean; crashSignal?: number },
): Partial<ResultEntry> | undefined {
  const lines = stdout.split('\n');
  const forksMade = Math.max(
    0,
    ...lines.filter((l) => l.startsWith('P11EX-FORK ')).map((l) => Number(l.slice(11))),
  );
  if (forksMade === 0) return undefined;
  const progressLine = lines.filter((l) => l.startsWith('P11EX-PROGRESS ')).pop();
  const last = progressLine
    ? (JSON.parse(progressLine.slice('P11EX-PROGRESS '.length)) as ProgressLine)
    : undefined;
  // The end follows a fork whose check was still to come, or the last checked fork.
  const newFork = !last || forksMade > last.forksDone;
  const parentDamaged = (last?.parentDamaged ?? 0) + (newFork || !last.lastCheckFailed ? 1 : 0);
  const hazardForks = (last?.hazardForks ?? 0) + (newFork || !last.lastForkEvent ? 1 : 0);
  const returnCodes: ReturnCode[] = (last?.returnCodes ?? []).map(({ call, rv, count }) => ({
    call,
    rv,
    count,
  }));
  const how = end.blocked
    ? "the parent's own call blocked past its bound"
    : `the parent crashed (signal ${end.crashSignal})`;
  const stuck = last?.stuck ?? 0;
  return {
    outcome: stuck > 0 ? 'fail' : 'hazard-observed',
    reason: stuck > 0 ? `${how} after ${stuck} children were stuck` : '',
    note: `${how} after fork ${forksMade}; the run ended there (children still running were not counted)`,
    threadsAtFork: last?.threadsAtFork ?? { min: 0, max: 0 },
    returnCodes,
    forks: forksMade,
    iterations: last?.iterations ?? 0,
    clean: last?.clean ?? 0,
    failed: last?.failed ?? 0,
    hangs: last?.hangs ?? 0,
    crashes: last?.crashes ?? 0,
    stuck,
    parentChecks: last?.parentChecks ?? 0,
    hangsIo: last?.hangsIo ?? 0,
    crashSignals: last?.crashSignals ?? [],
    workerCalls: last?.workerCalls ?? 0,
    forksObserved: last?.forksObserved ?? 0,
    forksInside: last?.forksInside ?? 0,
    hazardForks,
    parentDamaged,
    parentDamageCodes: parentCodes(returnCodes),
    parentBlocked: end.blocked ? 1 : 0,
    ...(end.crashSignal !== undefined ? { parentCrashSignal: end.crashSignal } : {}),
  };
}

function emptyEntry(spec: RunSpec, config: ModuleConfig): ResultEntry {
  const pattern = PATTERNS.find((p) => p.id === spec.pattern);
  return {
    pattern: spec.pattern,
    variant: spec.variant,
    module: config.id,
    moduleVersion: describeVersion(config.info),
    threadCondition: pattern?.conditionText ?? '',
    threadsAtFork: { min: 0, max: 0 },
    outcome: 'fail',
    reason: '',
    returnCodes: [],
    forks: spec.forks,
    iterations: 0,
    clean: 0,
    failed: 0,
    hangs: 0,
    crashes: 0,
    stuck: 0,
    parentChecks: 0,
    durationMs: 0,
    note: '',
  };
}

export async function runOne(
  spec: RunSpec,
  config: ModuleConfig,
  build: BuildOutput,
  runTimeoutMs = 120_000,
): Promise<ResultEntry> {
  const binary = path.join(spec.sanitizer ? build.sanitizerDir : build.binDir, spec.pattern);
  const args = ['--module', config.modulePath, '--token', config.token];
  if (config.initArgs) args.push('--init-args', config.initArgs);
  args.push('--forks', `${spec.forks}`, '--threads', `${spec.threads}`);
  args.push('--bound-ms', `${spec.boundMs}`);
  if (spec.variant === 'reinit' || spec.variant === 'control') args.push('--mode', spec.variant);
  const { command, args: full } = commandFor(config, binary, args);
  const env: Record<string, string> = { ...baseEnv(), ...config.env, P11EX_PIN: config.pin };
  if (spec.sanitizer) {
    // Leak checking stays on: the parent finalises and exits normally, so LeakSanitizer sees it
    // (children leave with _exit). None of the configurations reports a leak today.
    env.ASAN_OPTIONS = 'detect_leaks=1:abort_on_error=1';
    // UBSan only prints by default; a finding must fail the run.
    env.UBSAN_OPTIONS = 'halt_on_error=1:print_stacktrace=1';
  }
  const result = await runCommand(command, full, { env, timeoutMs: runTimeoutMs });
  return readRunOutput(emptyEntry(spec, config), result, runTimeoutMs);
}

/**
 * Fills a run's entry from what its example printed and how its process ended. A hazard run
 * whose parent crashed or blocked keeps its counts up to that moment (salvageHazardRun).
 */
export function readRunOutput(
  empty: ResultEntry,
  result: Pick<CommandResult, 'code' | 'signal' | 'stdout' | 'stderr' | 'timedOut' | 'durationMs'>,
  runTimeoutMs = 120_000,
): ResultEntry {
  const entry: ResultEntry = { ...empty, durationMs: result.durationMs };
  const raw = parseResultLine(result.stdout);
  const hazard = PATTERNS.find((p) => p.id === entry.pattern)?.condition === 'hazard';
  const blocked = result.stdout.includes('P11EX-PARENT-BLOCKED');
  const crashed =
    !result.timedOut && result.signal !== null && CRASH_SIGNALS.includes(result.signal);
  if (!raw && hazard && (blocked || crashed)) {
    const salvaged = salvageHazardRun(result.stdout, {
      blocked,
      ...(crashed && result.signal ? { crashSignal: os.constants.signals[result.signal] } : {}),
    });
    if (salvaged) return { ...entry, ...salvaged };
  }
  if (blocked) {
    // The example's own bound on the parent's calls fired: a recorded outcome of the run.
    entry.reason = "the parent's own PKCS #11 call blocked past its bound";
    entry.note = 'parent blocked';
  } else if (result.timedOut) {
    entry.reason = `run exceeded its bound of ${runTimeoutMs} ms and was killed`;
  } else if (!raw) {
    const why = result.signal ? `signal ${result.signal}` : `exit ${result.code}`;
    const stderr = result.stderr.trim().split('\n').slice(-3).join(' / ');
    entry.reason = `no result line (${why})${stderr ? `: ${stderr}` : ''}`;
  }
  if (!raw) return entry;
  const returnCodes: ReturnCode[] = raw.returnCodes.map(({ call, rv, count }) => ({
    call,
    rv,
    count,
  }));
  Object.assign(entry, {
    threadsAtFork: raw.threadsAtFork,
    outcome: raw.outcome,
    reason: raw.reason,
    returnCodes,
    iterations: raw.iterations,
    clean: raw.clean,
    failed: raw.failed,
    hangs: raw.hangs,
    crashes: raw.crashes,
    stuck: raw.stuck,
    parentChecks: raw.parentChecks,
    note: raw.note,
    hangsIo: raw.hangsIo ?? 0,
    crashSignals: raw.crashSignals ?? [],
    workerCalls: raw.workerCalls ?? 0,
    forksObserved: raw.forksObserved ?? 0,
    forksInside: raw.forksInside ?? 0,
  });
  if (hazard)
    Object.assign(entry, {
      hazardForks: raw.hazardForks ?? raw.hangs + raw.crashes,
      parentDamaged: raw.parentDamaged ?? 0,
      parentDamageCodes: parentCodes(returnCodes),
      parentBlocked: 0,
    });
  // The example reported, but the process itself must also have ended well.
  const expectedCode = raw.outcome === 'fail' ? 1 : 0;
  if (result.code !== expectedCode && entry.outcome !== 'fail') {
    entry.outcome = 'fail';
    entry.reason = `exit ${result.code ?? result.signal} after reporting ${raw.outcome}: ${result.stderr.trim().slice(-300)}`;
  }
  return entry;
}

/** Processes (of any uid) that still carry this run's marker in their environment. */
export function leftoverProcesses(marker: string): number[] {
  const needle = `${RUN_MARKER_VAR}=${marker}\0`;
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, 'latin1').includes(needle)) pids.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

async function pool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const runners = Array.from({ length: Math.max(1, Math.min(size, queue.length)) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  });
  await Promise.all(runners);
}

export interface MatrixRun {
  file: ResultsFile;
  marker: string;
  /** runMs covers every run; hazardMs the pooled hazard cells within it. */
  timings: {
    buildMs: number;
    provisionMs: number;
    runMs: number;
    hazardMs: number;
    totalMs: number;
  };
  leftovers: number[];
}

/** The anti-pattern's cells: rare events, run one at a time and pooled over repeats. */
const isHazard = (spec: RunSpec): boolean =>
  PATTERNS.find((p) => p.id === spec.pattern)?.condition === 'hazard';

/**
 * Runs the hazard cells one at a time (never beside another cell, so that no other load changes
 * their rate), `repeat` times over, and pools each cell's runs.
 */
async function runHazardCells(
  specs: readonly RunSpec[],
  configs: readonly ModuleConfig[],
  build: BuildOutput,
  options: MatrixOptions,
): Promise<ResultEntry[]> {
  const log = options.log ?? (() => {});
  const repeat = options.repeat ?? DEFAULT_REPEAT;
  const runs = new Map<string, ResultEntry[]>();
  for (let round = 1; round <= repeat; round++)
    for (const config of configs)
      for (const spec of specs) {
        const forks = spec.forks * (HAZARD_FORK_FACTOR[config.id] ?? 1);
        const entry = await runOne({ ...spec, forks }, config, build, options.runTimeoutMs);
        const key = `${spec.pattern}/${spec.variant}/${config.id}`;
        runs.set(key, [...(runs.get(key) ?? []), entry]);
        log(
          `run ${round}/${repeat} ${entry.pattern} ${entry.variant} ${entry.module}: ${entry.outcome}, ` +
            `${entry.hangs} hung, ${entry.crashes} crashed of ${entry.iterations}` +
            (entry.parentDamaged
              ? `, parent damaged after ${entry.parentDamaged} of ${entry.forks} forks`
              : '') +
            (entry.parentCrashSignal
              ? `, parent crashed (signal ${entry.parentCrashSignal})`
              : '') +
            (entry.reason ? ` (${entry.reason})` : ''),
        );
      }
  return [...runs.values()].map(poolHazardCell);
}

/** Builds, provisions, runs every spec on every module configuration, and cleans up. */
export async function runMatrix(options: MatrixOptions = {}): Promise<MatrixRun> {
  const log = options.log ?? (() => {});
  const t0 = performance.now();
  const build = await buildExamples();
  const t1 = performance.now();
  const marker = `p11ex-${process.pid}-${Date.now()}`;
  const provisioned = await provisionModules(
    build.binDir,
    options.modules ?? MATRIX_MODULE_IDS,
    marker,
  );
  const t2 = performance.now();
  const results: ResultEntry[] = [];
  const specs = planRuns(options, build);
  let hazardStart = performance.now();
  try {
    const concurrency = options.concurrency ?? Math.min(2, os.availableParallelism());
    // One configuration's runs go one after another (they share a token); configurations
    // run side by side.
    await pool(provisioned.configs, concurrency, async (config) => {
      for (const spec of specs.filter((s) => !isHazard(s))) {
        const entry = await runOne(spec, config, build, options.runTimeoutMs);
        log(
          `${entry.pattern} ${entry.variant} ${entry.module}: ${entry.outcome}${entry.reason ? ` (${entry.reason})` : ''}`,
        );
        results.push(entry);
      }
    });
    hazardStart = performance.now();
    results.push(
      ...(await runHazardCells(specs.filter(isHazard), provisioned.configs, build, options)),
    );
  } finally {
    await provisioned.dispose();
  }
  const t3 = performance.now();
  const file: ResultsFile = {
    $comment: 'Generated by `npm run examples` (scripts/examples.ts); do not edit.',
    schemaVersion: RESULTS_SCHEMA_VERSION,
    generated: new Date().toISOString(),
    machine: await describeMachine(),
    hazardLoad: {
      repeat: options.repeat ?? DEFAULT_REPEAT,
      forksPerRun: specs.find(isHazard)?.forks ?? 0,
      forkFactors: HAZARD_FORK_FACTOR,
      deviceCallIntervalMs: DEVICE_CALL_INTERVAL_MS,
      workerThreads: specs.find(isHazard)?.threads ?? 0,
      workerCalls: WORKER_CALLS,
      boundMs: CHILD_BOUND_MS,
      minLoadShare: LOAD_SHARE_MIN,
    },
    modules: provisioned.configs.map((c) => ({
      id: c.id,
      // Relative when it is the project's own build: results carry no machine's folders.
      modulePath: projectPath(c.modulePath),
      version: describeVersion(c.info),
      info: c.info,
    })),
    results: sortResults(results),
  };
  return {
    file,
    marker,
    leftovers: leftoverProcesses(marker),
    timings: {
      buildMs: Math.round(t1 - t0),
      provisionMs: Math.round(t2 - t1),
      runMs: Math.round(t3 - t2),
      hazardMs: Math.round(t3 - hazardStart),
      totalMs: Math.round(t3 - t0),
    },
  };
}
