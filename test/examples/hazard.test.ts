/**
 * Hazard cells as data: Wilson intervals, the judgement of one run by its load, the pooling of
 * repeat runs, and what a claim may rest on.
 */
import { describe, expect, it } from 'vitest';

import {
  LOAD_SHARE_MIN,
  cellOutcome,
  chanceOfNone,
  describeCount,
  poolHazardCell,
  toHazardRun,
  trialsForConfidence,
  wilson,
  type ResultEntry,
} from '../../src/lib/examples/index';
import { evaluateClaim } from '../../src/lib/recommendations/evaluate';
import type { Claim } from '../../src/lib/recommendations/schema';

function run(over: Partial<ResultEntry>): ResultEntry {
  return {
    pattern: 'atfork-reinit',
    variant: 'control',
    module: 'softhsm2',
    moduleVersion: 'SoftHSM 2.6',
    threadCondition: '',
    threadsAtFork: { min: 3, max: 3 },
    outcome: 'hazard-not-observed',
    reason: '',
    returnCodes: [{ call: 'child C_OpenSession', rv: 'CKR_OK', count: 200 }],
    forks: 200,
    iterations: 200,
    clean: 200,
    failed: 0,
    hangs: 0,
    crashes: 0,
    stuck: 0,
    parentChecks: 201,
    durationMs: 8000,
    note: '',
    workerCalls: 100_000,
    forksObserved: 200,
    forksInside: 200,
    hangsIo: 0,
    crashSignals: [],
    ...over,
  };
}

const hung = (hangs: number): ResultEntry =>
  run({
    hangs,
    clean: 200 - hangs,
    outcome: hangs > 0 ? 'hazard-observed' : 'hazard-not-observed',
  });

describe('wilson', () => {
  it('gives the textbook interval for 23 of 100', () => {
    const { low, high } = wilson(23, 100);
    expect(low).toBeCloseTo(0.1584, 4);
    expect(high).toBeCloseTo(0.3215, 4);
  });

  it('bounds "none seen" from above by z²/(n+z²) and from below by 0', () => {
    expect(wilson(0, 100)).toEqual({ low: 0, high: expect.closeTo(0.037, 4) as number });
    expect(wilson(100, 100).high).toBe(1);
  });

  it('refuses counts that cannot be', () => {
    expect(() => wilson(3, 2)).toThrow(/0 <= events <= trials/);
    expect(() => wilson(-1, 2)).toThrow(RangeError);
  });

  it('writes "none seen" as an upper bound, never as safe', () => {
    expect(describeCount(0, 1000)).toBe('0 of 1000 (at most 0.4% at 95% confidence)');
    expect(describeCount(23, 100)).toBe('23 of 100 (23.0%, 95% interval 15.8–32.2%)');
  });

  it('sizes a test so that missing a hazard of a known rate is below a given risk', () => {
    const forks = trialsForConfidence(0.05, 1e-6);
    expect(chanceOfNone(0.05, forks)).toBeLessThan(1e-6);
    expect(chanceOfNone(0.05, forks - 1)).toBeGreaterThanOrEqual(1e-6);
    expect(trialsForConfidence(0, 1e-6)).toBe(Infinity);
  });
});

describe('one hazard run', () => {
  it(`is void when a worker was inside the module at fewer than ${LOAD_SHARE_MIN * 100}% of forks`, () => {
    const light = toHazardRun(run({ forksInside: 150 }));
    expect(light.outcome).toBe('void');
    expect(light.reason).toBe('a worker was inside the module at 150 of 200 forks, below 80%');
    expect(toHazardRun(run({ forksInside: 160 })).outcome).toBe('hazard-not-observed');
  });

  it('keeps a failed run failed, whatever its load', () => {
    expect(toHazardRun(run({ outcome: 'fail', reason: 'parent blocked' })).outcome).toBe('fail');
  });
});

describe('a pooled hazard cell', () => {
  it('is hazard-observed only when every run saw the hazard', () => {
    expect(poolHazardCell([hung(3), hung(1), hung(7)]).outcome).toBe('hazard-observed');
    const some = poolHazardCell([hung(3), hung(0), hung(7)]);
    expect(some.outcome).toBe('hazard-intermittent');
    expect(some.reason).toBe('hazard seen in 2 of 3 runs');
    expect(poolHazardCell([hung(0), hung(0)]).outcome).toBe('hazard-not-observed');
  });

  it('is void when any run was void, and fails when any run failed', () => {
    expect(cellOutcome([toHazardRun(hung(5)), toHazardRun(run({ forksInside: 10 }))]).outcome).toBe(
      'void',
    );
    expect(
      cellOutcome([toHazardRun(hung(5)), toHazardRun(run({ outcome: 'fail', reason: 'x' }))]),
    ).toEqual({ outcome: 'fail', reason: 'x' });
  });

  it('keeps every run and adds them up with intervals', () => {
    const cell = poolHazardCell([
      hung(3),
      run({
        crashes: 2,
        clean: 198,
        outcome: 'hazard-observed',
        crashSignals: [{ signal: 11, count: 2 }],
      }),
    ]);
    expect(cell.runs?.map((r) => [r.hangs, r.crashes])).toEqual([
      [3, 0],
      [0, 2],
    ]);
    expect(cell.pooled).toMatchObject({ runs: 2, forks: 400, hangs: 3, crashes: 2, events: 5 });
    expect(cell.pooled?.eventsInterval).toEqual(wilson(5, 400));
    expect(cell.pooled?.loadShare).toBe(1);
    expect(cell.crashSignals).toEqual([{ signal: 11, count: 2 }]);
    expect(cell.returnCodes).toEqual([{ call: 'child C_OpenSession', rv: 'CKR_OK', count: 400 }]);
  });
});

describe('a claim on a hazard cell', () => {
  const claim: Claim = {
    id: 'c',
    text: 'SoftHSM2 hangs.',
    pattern: 'atfork-reinit',
    variant: 'control',
    module: 'softhsm2',
    expect: { outcome: 'hazard-observed' },
  };
  const results = (cell: ResultEntry) =>
    ({ results: [cell] }) as unknown as Parameters<typeof evaluateClaim>[1];

  it('holds when every run saw the hazard, and says the pooled count with its interval', () => {
    const evaluation = evaluateClaim(claim, results(poolHazardCell([hung(4), hung(6)])));
    expect(evaluation.holds).toBe(true);
    expect(evaluation.measured).toBe(
      'hazard-observed: 10 of 400 (2.5%, 95% interval 1.4–4.5%) hung or crashed (10 hung, 0 crashed) over 2 runs',
    );
  });

  it('fails, and says why, when the cell turned intermittent: it is not silently dropped', () => {
    const evaluation = evaluateClaim(claim, results(poolHazardCell([hung(4), hung(0)])));
    expect(evaluation.holds).toBe(false);
    expect(evaluation.measured).toMatch(
      /^hazard-intermittent: .* \(hazard seen in 1 of 2 runs; a claim may rest only on an outcome every run shows\)$/,
    );
  });

  it('fails even a claim that expects intermittence: no claim rests on chance', () => {
    const cell = poolHazardCell([hung(4), hung(0)]);
    expect(
      evaluateClaim({ ...claim, expect: { outcome: 'hazard-intermittent' } }, results(cell)).holds,
    ).toBe(false);
  });
});
