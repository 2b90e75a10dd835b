/**
 * Reading one example run: its `P11EX-RESULT` line, how its process ended, and for a hazard run
 * whose parent crashed or blocked, the counts of its last `P11EX-PROGRESS` line.
 */
import os from 'node:os';

import { PATTERNS } from './catalog';
import type { HazardSource } from './hazard';
import type { CommandResult } from './proc';
import type { Outcome, ResultEntry, ReturnCode } from './results';

export interface RawResult {
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
  lastForkDamaged?: boolean;
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

/** A result line's return codes, copied field by field (the line may carry more). */
export function returnCodesOf(raw: RawResult): ReturnCode[] {
  return raw.returnCodes.map(({ call, rv, count }) => ({ call, rv, count }));
}

/**
 * A result line's child and load counts, the fields a hazard run is judged by (HazardSource);
 * the C matrix and the Python runtime cases both read them here. Fields an older example does
 * not print read as 0 or none.
 */
export function countsOf(
  raw: RawResult,
): Omit<HazardSource, 'outcome' | 'reason' | 'forks' | 'durationMs'> {
  return {
    clean: raw.clean,
    failed: raw.failed,
    hangs: raw.hangs,
    hangsIo: raw.hangsIo ?? 0,
    crashes: raw.crashes,
    crashSignals: raw.crashSignals ?? [],
    stuck: raw.stuck,
    workerCalls: raw.workerCalls ?? 0,
    forksObserved: raw.forksObserved ?? 0,
    forksInside: raw.forksInside ?? 0,
  };
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

/**
 * The parent's failed calls of a hazard run: the return codes of the calls named `parent …` (its
 * checks) and `worker …` (its worker threads, which share the connection a child can break).
 */
function parentCodes(codes: readonly ReturnCode[]): ReturnCode[] {
  return codes.filter(
    (c) => (c.call.startsWith('parent ') || c.call.startsWith('worker ')) && c.rv !== 'CKR_OK',
  );
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
  const parentDamaged = (last?.parentDamaged ?? 0) + (newFork || !last.lastForkDamaged ? 1 : 0);
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
  const returnCodes = returnCodesOf(raw);
  Object.assign(entry, {
    threadsAtFork: raw.threadsAtFork,
    outcome: raw.outcome,
    reason: raw.reason,
    returnCodes,
    iterations: raw.iterations,
    parentChecks: raw.parentChecks,
    note: raw.note,
    ...countsOf(raw),
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
