/**
 * The hazard of examples/runtimes/python-fork-hazard.py, measured like the C matrix's anti-pattern:
 * a PyKCS11 child of a threaded Python parent calls the module, with Python worker threads (which
 * hold the GIL inside every PyKCS11 call) or native ones (fork-load.c). Each cell runs several
 * times; the runs are judged and pooled by the matrix's own code (void below the load share,
 * Wilson intervals), and the categorical facts (was a worker inside the module at fork, how many
 * threads) must agree on every run. Hang and crash counts are data, never facts.
 */
import path from 'node:path';

import type { ModuleId } from '../examples/catalog';
import {
  cellOutcome,
  LOAD_SHARE_MIN,
  mergeCrashSignals,
  mergeReturnCodes,
  poolRuns,
  toHazardRun,
  type HazardSource,
} from '../examples/hazard';
import { commandFor, type ModuleConfig } from '../examples/module-config';
import type { CrashSignal, HazardRun, Outcome, Pooled, ReturnCode } from '../examples/results';
import { countsOf, parseResultLine, returnCodesOf } from '../examples/run-output';
import { CHILD_BOUND_MS } from '../examples/run-plan';
import { runCommand } from '../examples/proc';
import type { FactValue } from './fact-value';

/** Who keeps the module busy while the parent forks: Python threads or native threads. */
export const HAZARD_WORKERS = ['python', 'native'] as const;
/** The child loads the module again (the anti-pattern) or calls on the inherited object. */
export const HAZARD_MODES = ['reinit', 'control'] as const;
export type HazardWorkers = (typeof HAZARD_WORKERS)[number];
export type HazardMode = (typeof HAZARD_MODES)[number];
/** The configuration the C matrix measures its anti-pattern on, without reset_on_fork. */
export const HAZARD_MODULE: ModuleId = 'softhsm2';
/** Forks per run and runs per cell that `npm run runtimes` makes by default. */
export const PYTHON_HAZARD_FORKS = 100;
export const PYTHON_HAZARD_REPEATS = 5;
export const PYTHON_HAZARD_THREADS = 2;

/** A runtime case's pooled hazard measurement (examples/runtimes/results.json). */
export interface RuntimeHazard {
  forksPerRun: number;
  workerThreads: number;
  boundMs: number;
  outcome: Outcome;
  reason: string;
  returnCodes: ReturnCode[];
  /** Crashed children by signal, over all runs. */
  crashSignals: CrashSignal[];
  runs: HazardRun[];
  pooled: Pooled;
}

export function hazardCase(workers: HazardWorkers, mode: HazardMode): string {
  return `python-fork-hazard/${workers}-${mode}`;
}

/** The load in words that stay the same on every run: the fact the tests and claims use. */
export function insideAtFork(load: { forksObserved: number; forksInside: number }): string {
  if (load.forksObserved === 0) return 'not observed';
  if (load.forksInside === 0) return 'never';
  return load.forksInside / load.forksObserved >= LOAD_SHARE_MIN
    ? `at least ${LOAD_SHARE_MIN * 100}% of forks`
    : `below ${LOAD_SHARE_MIN * 100}% of forks`;
}

interface OneRun {
  source: HazardSource;
  returnCodes: ReturnCode[];
  threads: { min: number; max: number };
}

async function runOnce(
  script: string,
  args: string[],
  env: Record<string, string>,
  config: ModuleConfig,
  timeoutMs: number,
): Promise<OneRun> {
  const { command, args: full } = commandFor(config, '/usr/bin/python3', [script, ...args]);
  const result = await runCommand(command, full, { env, timeoutMs });
  const raw = parseResultLine(result.stdout);
  const label = `python-fork-hazard ${args.join(' ')}`;
  if (result.stdout.includes('P11EX-PARENT-BLOCKED'))
    throw new Error(`${label}: the parent's own PKCS #11 call blocked past its bound`);
  if (result.timedOut) throw new Error(`${label}: exceeded ${timeoutMs} ms and was killed`);
  if (!raw)
    throw new Error(
      `${label}: no P11EX-RESULT line (exit ${result.code ?? result.signal})\n${result.stderr}`,
    );
  const expected = raw.outcome === 'fail' ? 1 : 0;
  if (result.code !== expected)
    throw new Error(`${label}: exit ${result.code ?? result.signal} after ${raw.outcome}`);
  return {
    source: {
      outcome: raw.outcome,
      reason: raw.reason,
      forks: raw.forks,
      ...countsOf(raw),
      durationMs: result.durationMs,
    },
    returnCodes: returnCodesOf(raw),
    threads: raw.threadsAtFork,
  };
}

export interface HazardCellOptions {
  runtimesDir: string;
  helper: string;
  config: ModuleConfig;
  env: Record<string, string>;
  workers: HazardWorkers;
  mode: HazardMode;
  forks: number;
  repeats: number;
  threads?: number;
}

/**
 * Runs one cell `repeats` times and pools it. Throws when a run failed (a stuck child, a parent
 * that could not sign, a worker error) or when the runs disagree on a categorical fact.
 */
export async function runHazardCell(
  options: HazardCellOptions,
): Promise<{ facts: Record<string, FactValue>; hazard: RuntimeHazard }> {
  const threads = options.threads ?? PYTHON_HAZARD_THREADS;
  const { config } = options;
  const args = ['--module', config.modulePath, '--helper', options.helper];
  args.push('--token', config.token, '--workers', options.workers, '--mode', options.mode);
  args.push('--forks', `${options.forks}`, '--threads', `${threads}`);
  args.push('--bound-ms', `${CHILD_BOUND_MS}`);
  const script = path.join(options.runtimesDir, 'python-fork-hazard.py');
  // A generous bound for the whole run: the slowest seen was about 0.2 s per fork on two CPUs.
  const timeoutMs = 60_000 + options.forks * 1_000;
  const runs: OneRun[] = [];
  let facts: Record<string, FactValue> | undefined;
  for (let i = 0; i < options.repeats; i++) {
    const run = await runOnce(script, args, options.env, config, timeoutMs);
    const judged = toHazardRun(run.source);
    if (judged.outcome === 'fail')
      throw new Error(`${hazardCase(options.workers, options.mode)}: ${judged.reason}`);
    const these = {
      workerInsideAtFork: insideAtFork(judged),
      threadsAtFork:
        run.threads.min === run.threads.max
          ? run.threads.min
          : `${run.threads.min}-${run.threads.max}`,
    };
    if (facts && JSON.stringify(these) !== JSON.stringify(facts))
      throw new Error(
        `${hazardCase(options.workers, options.mode)}: run ${i + 1} disagrees with run 1: ${JSON.stringify(these)} vs ${JSON.stringify(facts)}`,
      );
    facts = these;
    runs.push(run);
  }
  if (!facts) throw new Error('runHazardCell: repeats must be at least 1');
  const judged = runs.map((r) => toHazardRun(r.source));
  const { outcome, reason } = cellOutcome(judged);
  return {
    facts,
    hazard: {
      forksPerRun: options.forks,
      workerThreads: threads,
      boundMs: CHILD_BOUND_MS,
      outcome,
      reason,
      returnCodes: mergeReturnCodes(runs.map((r) => r.returnCodes)),
      crashSignals: mergeCrashSignals(judged.map((r) => r.crashSignals)),
      runs: judged,
      pooled: poolRuns(judged),
    },
  };
}
