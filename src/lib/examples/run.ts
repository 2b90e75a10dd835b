/** Runs pattern × module configuration, bounded, in parallel across module configurations. */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { MATRIX_MODULE_IDS, PATTERNS } from './catalog';
import { buildExamples, projectPath, type BuildOutput } from './build';
import { RUN_MARKER_VAR, baseEnv, commandFor, type ModuleConfig } from './module-config';
import { provisionModules } from './modules';
import { runCommand } from './proc';
import {
  DEFAULT_REPEAT,
  DEVICE_CALL_INTERVAL_MS,
  HAZARD_FORK_FACTOR,
  LOAD_SHARE_MIN,
  WORKER_CALLS,
  poolHazardCell,
} from './hazard';
import { describeMachine } from './machine';
import { RESULTS_SCHEMA_VERSION, type ResultEntry, type ResultsFile } from './results';
import { sortResults } from './results-compare';
import { describeVersion } from './results-text';
import { CHILD_BOUND_MS, planRuns, type MatrixOptions, type RunSpec } from './run-plan';
import { readRunOutput } from './run-output';

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
