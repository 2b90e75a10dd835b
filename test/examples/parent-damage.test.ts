/**
 * A damaged parent is the hazard too: a hazard run counts the forks after which the parent's own
 * sign and verify failed or blocked, a call of its worker threads failed, or the parent crashed,
 * and keeps a crashed run's counts up to the crash. These tests feed readRunOutput the output an
 * atfork-reinit run prints (P11EX-FORK, P11EX-PROGRESS and P11EX-RESULT lines, written here) and
 * the way its process ended, then pool the runs as `npm run examples` does.
 */
import { describe, expect, it } from 'vitest';

import {
  RESULTS_JSON,
  describeHazard,
  poolHazardCell,
  readResults,
  readRunOutput,
  shownResults,
  wilson,
  type ResultEntry,
} from '../../src/lib/examples/index';

/** The entry runOne starts from for one run of a cell. */
function empty(over: Partial<ResultEntry> = {}): ResultEntry {
  return {
    pattern: 'atfork-reinit',
    variant: 'control',
    module: 'opensc',
    moduleVersion: 'OpenSC Project 0.23',
    threadCondition: 'multi-threaded parent, child calls PKCS#11',
    threadsAtFork: { min: 0, max: 0 },
    outcome: 'fail',
    reason: '',
    returnCodes: [],
    forks: 20,
    iterations: 0,
    clean: 0,
    failed: 0,
    hangs: 0,
    crashes: 0,
    stuck: 0,
    parentChecks: 0,
    durationMs: 0,
    note: '',
    ...over,
  };
}

interface Counts {
  outcome?: string;
  forks: number;
  hangs?: number;
  crashes?: number;
  stuck?: number;
  parentDamaged?: number;
  lastForkDamaged?: boolean;
  hazardForks?: number;
  lastForkEvent?: boolean;
  parentFailures?: number;
  returnCodes?: { call: string; rv: string; count: number }[];
}

/** The JSON of a result or progress line, as examples/common/p11ex.c prints it. */
function counts(c: Counts): Record<string, unknown> {
  const hangs = c.hangs ?? 0;
  const crashes = c.crashes ?? 0;
  return {
    pattern: 'atfork-reinit',
    mode: 'control',
    condition: 'multi-threaded parent, child calls PKCS#11',
    outcome: c.outcome ?? 'progress',
    reason: '',
    threadsAtFork: { min: 4, max: 4 },
    forks: c.forks,
    iterations: c.forks,
    clean: c.forks - hangs - crashes - (c.stuck ?? 0),
    failed: 0,
    crashes,
    hangs,
    stuck: c.stuck ?? 0,
    parentChecks: c.forks,
    parentFailures: c.parentFailures ?? c.parentDamaged ?? 0,
    seconds: 1.5,
    parentDamaged: c.parentDamaged ?? 0,
    lastForkDamaged: c.lastForkDamaged ?? false,
    hazardForks: c.hazardForks ?? 0,
    lastForkEvent: c.lastForkEvent ?? false,
    hangsIo: hangs,
    workerCalls: 4000,
    forksObserved: c.forks,
    forksInside: c.forks,
    crashSignals: [],
    note: 'worker ops 900',
    returnCodes: c.returnCodes ?? [],
  };
}

const resultLine = (c: Counts): string => `P11EX-RESULT ${JSON.stringify(counts(c))}`;
const progressLine = (c: Counts): string =>
  `P11EX-PROGRESS ${JSON.stringify({ ...counts(c), forksDone: c.forks })}`;
const forkLine = (n: number): string => `P11EX-FORK ${n}`;

/** The lines a run prints for forks 1..made, with progress after the checks of 1..checked. */
function progress(made: number, checked: number, at: (fork: number) => Counts): string[] {
  const lines: string[] = [];
  for (let fork = 1; fork <= made; fork++) {
    lines.push(forkLine(fork));
    if (fork <= checked) lines.push(progressLine(at(fork)));
  }
  return lines;
}

const ended = (
  stdout: string[],
  how: { code?: number | null; signal?: NodeJS.Signals | null; timedOut?: boolean } = {},
) => ({
  code: how.code === undefined ? 0 : how.code,
  signal: how.signal ?? null,
  stdout: stdout.join('\n') + '\n',
  stderr: '',
  timedOut: how.timedOut ?? false,
  durationMs: 1500,
});

const parentSign = (count: number) => [
  { call: 'child C_OpenSession', rv: 'CKR_OK', count: 20 },
  { call: 'parent C_Sign', rv: 'CKR_GENERAL_ERROR', count },
];

/** A run whose parent's check failed after every fork from the fourth on, and one child hung. */
function damagedRun(): ResultEntry {
  const at = (fork: number): Counts => ({
    forks: fork,
    parentDamaged: Math.max(0, fork - 3),
    lastForkDamaged: fork > 3,
    hazardForks: Math.max(0, fork - 3),
    lastForkEvent: fork > 3,
    returnCodes: fork > 3 ? parentSign(fork - 3) : [],
  });
  const final: Counts = {
    outcome: 'hazard-observed',
    forks: 20,
    hangs: 1,
    // The hung child's fork (the second) had a parent that still signed: 17 + 1 forks.
    parentDamaged: 17,
    hazardForks: 18,
    lastForkDamaged: true,
    returnCodes: parentSign(17),
  };
  return readRunOutput(empty(), ended([...progress(20, 20, at), resultLine(final)]));
}

/** A run whose parent crashed (SIGSEGV) after its fifth fork, before that fork's check. */
function crashedRun(): ResultEntry {
  const at = (fork: number): Counts => ({
    forks: fork,
    hangs: fork >= 2 ? 1 : 0,
    parentDamaged: fork >= 3 ? fork - 2 : 0,
    lastForkDamaged: fork >= 3,
    hazardForks: fork >= 3 ? fork - 1 : fork - 1,
    lastForkEvent: fork >= 2,
    returnCodes: fork >= 3 ? parentSign(fork - 2) : [],
  });
  return readRunOutput(empty(), ended(progress(5, 4, at), { code: null, signal: 'SIGSEGV' }));
}

describe('a hazard run whose parent is damaged', () => {
  it('counts the forks after which the parent check failed as hazard events, with their codes', () => {
    const run = damagedRun();
    expect(run.outcome).toBe('hazard-observed');
    expect(run.parentDamaged).toBe(17);
    expect(run.hazardForks).toBe(18);
    expect(run.parentDamageCodes).toEqual([
      { call: 'parent C_Sign', rv: 'CKR_GENERAL_ERROR', count: 17 },
    ]);
    expect(run.parentCrashSignal).toBeUndefined();
  });

  it("counts a fork after which only the parent's worker threads failed, with their codes", () => {
    // The check after fork 7 passed, but a worker's C_Sign on the shared connection failed.
    const final: Counts = {
      outcome: 'hazard-observed',
      forks: 20,
      parentDamaged: 1,
      parentFailures: 0,
      hazardForks: 1,
      returnCodes: [
        { call: 'child C_OpenSession', rv: 'CKR_OK', count: 20 },
        { call: 'worker C_Sign', rv: 'CKR_DEVICE_ERROR', count: 2 },
      ],
    };
    const run = readRunOutput(empty(), ended([resultLine(final)]));
    expect(run.outcome).toBe('hazard-observed');
    expect(run.parentDamageCodes).toEqual([
      { call: 'worker C_Sign', rv: 'CKR_DEVICE_ERROR', count: 2 },
    ]);
    expect(describeHazard(poolHazardCell([run]))).toContain(
      "the parent's next call failed after 1 of 20 forks (CKR_DEVICE_ERROR)",
    );
  });

  it('keeps a run whose parent crashed, with its counts up to the crash and the crash counted', () => {
    const run = crashedRun();
    expect(run.outcome).toBe('hazard-observed');
    expect(run.forks).toBe(5);
    expect(run.hangs).toBe(1);
    // Forks 3 and 4 had failed checks; fork 5 was followed by the crash.
    expect(run.parentDamaged).toBe(3);
    // Fork 2 (its child hung), forks 3 and 4 (failed checks), fork 5 (the crash).
    expect(run.hazardForks).toBe(4);
    expect(run.parentCrashSignal).toBe(11);
    expect(run.parentDamageCodes).toEqual([
      { call: 'parent C_Sign', rv: 'CKR_GENERAL_ERROR', count: 2 },
    ]);
    expect(run.note).toMatch(/^the parent crashed \(signal 11\) after fork 5; the run ended there/);
  });

  it('does not count a fork twice when the parent crashed after that fork had already failed', () => {
    const at = (fork: number): Counts => ({
      forks: fork,
      parentDamaged: fork,
      lastForkDamaged: true,
      hazardForks: fork,
      lastForkEvent: true,
    });
    const run = readRunOutput(empty(), ended(progress(4, 4, at), { signal: 'SIGABRT' }));
    expect([run.forks, run.parentDamaged, run.hazardForks]).toEqual([4, 4, 4]);
    expect(run.parentCrashSignal).toBe(6);
  });

  it('counts a parent whose own call blocked past its bound, and ends the run there', () => {
    const at = (fork: number): Counts => ({ forks: fork });
    const run = readRunOutput(
      empty(),
      ended([...progress(3, 2, at), 'P11EX-PARENT-BLOCKED'], { code: 3 }),
    );
    expect(run.outcome).toBe('hazard-observed');
    expect([run.forks, run.parentDamaged, run.hazardForks, run.parentBlocked]).toEqual([
      3, 1, 1, 1,
    ]);
    expect(run.parentCrashSignal).toBeUndefined();
  });

  it('still fails a run that crashed before its first fork, or that the harness killed', () => {
    expect(readRunOutput(empty(), ended([], { signal: 'SIGSEGV' })).outcome).toBe('fail');
    const killed = readRunOutput(
      empty(),
      ended(
        progress(3, 3, (fork) => ({ forks: fork })),
        { signal: 'SIGKILL', timedOut: true },
      ),
    );
    expect(killed.outcome).toBe('fail');
    expect(killed.reason).toMatch(/exceeded its bound/);
  });

  it('still fails a run whose example reported fail (a stuck child)', () => {
    const run = readRunOutput(
      empty(),
      ended([resultLine({ outcome: 'fail', forks: 20, stuck: 1 })], { code: 1 }),
    );
    expect(run.outcome).toBe('fail');
  });

  it('adds no parent fields to a safe pattern', () => {
    const line = resultLine({ outcome: 'pass', forks: 10 });
    const run = readRunOutput(empty({ pattern: 'fork-exec', variant: 'stress' }), ended([line]));
    expect(run.outcome).toBe('pass');
    expect(run.parentDamaged).toBeUndefined();
    expect(run.hazardForks).toBeUndefined();
  });
});

describe('a pooled cell with parent damage', () => {
  it('is hazard-observed, with the damage, the crash and the codes pooled with intervals', () => {
    const cell = poolHazardCell([damagedRun(), crashedRun()]);
    expect(cell.outcome).toBe('hazard-observed');
    expect(cell.pooled).toMatchObject({
      runs: 2,
      forks: 25,
      hangs: 2,
      events: 22,
      parentDamaged: 20,
      parentCrashes: 1,
      parentBlocked: 0,
    });
    expect(cell.pooled?.eventsInterval).toEqual(wilson(22, 25));
    expect(cell.pooled?.parentDamagedInterval).toEqual(wilson(20, 25));
    expect(cell.parentCrashSignals).toEqual([{ signal: 11, count: 1 }]);
    expect(cell.parentCrashSignal).toBeUndefined();
    expect(cell.parentDamageCodes).toEqual([
      { call: 'parent C_Sign', rv: 'CKR_GENERAL_ERROR', count: 19 },
    ]);
    expect(cell.runs?.map((r) => r.parentCrashSignal)).toEqual([undefined, 11]);
  });

  it('says in words that the parent was damaged, with the return codes', () => {
    const cell = poolHazardCell([damagedRun(), crashedRun()]);
    expect(describeHazard(cell)).toBe(
      '22 of 25 (88.0%, 95% interval 70.0–95.8%) forks with a hung or crashed child or a damaged ' +
        'parent (children: 2 hung, 0 crashed; the parent was damaged after 20 of 25 forks (its ' +
        'next call failed: CKR_GENERAL_ERROR; it crashed (signal 11) in 1 of 2 runs, which ended ' +
        'the run)) over 2 runs',
    );
    // Without a block or crash, in the words of a failed call.
    expect(describeHazard(poolHazardCell([damagedRun()]))).toContain(
      "the parent's next call failed after 17 of 20 forks (CKR_GENERAL_ERROR)",
    );
  });

  it('counts a fork once when its child hung and its parent was damaged after it', () => {
    // Every fork was followed by a failed parent check, and eight of the children hung too.
    const both: Counts = {
      outcome: 'hazard-observed',
      forks: 20,
      hangs: 8,
      parentDamaged: 20,
      hazardForks: 20,
      returnCodes: parentSign(20),
    };
    const cell = poolHazardCell([readRunOutput(empty(), ended([resultLine(both)]))]);
    expect(cell.pooled).toMatchObject({ forks: 20, hangs: 8, parentDamaged: 20, events: 20 });
    expect(cell.pooled?.eventsInterval).toEqual(wilson(20, 20));
  });
});

describe('results written before parent damage was counted', () => {
  it('still load and show, with events as hangs plus crashes', async () => {
    const file = await readResults(RESULTS_JSON);
    const shown = shownResults(file);
    const cells = shown.results.filter((e) => e.pooled);
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells)
      expect(cell.pooled?.events).toBe((cell.pooled?.hangs ?? 0) + (cell.pooled?.crashes ?? 0));
    const old = file.results.find(
      (e) => e.runs && e.runs.every((r) => r.hazardForks === undefined),
    );
    if (!old?.runs) throw new Error('the committed results have no hazard cell');
    const again = poolHazardCell(
      old.runs.map((r) => ({ ...old, ...r, returnCodes: [], outcome: r.outcome })),
    );
    expect(again.pooled?.events).toBe(old.pooled?.events);
    expect(again.pooled?.parentDamaged).toBe(0);
  });
});
