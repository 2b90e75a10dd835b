/**
 * Claims about examples/runtimes/results.json (`runtime:` claims of the registry): a claim holds
 * only when every fact it lists has the expected value, and says what was measured either way.
 */
import { describe, expect, it } from 'vitest';

import {
  claimSchema,
  evaluateRuntimeClaim,
  type RuntimeClaim,
} from '../../src/lib/recommendations/index';
import { poolRuns, wilson, type HazardRun } from '../../src/lib/examples/index';
import type { RuntimeHazard, RuntimesFile } from '../../src/lib/runtimes/index';

const RUNTIMES: RuntimesFile = {
  schema: 1,
  command: 'npm run runtimes',
  machine: { glibc: 'glibc 2.36', kernel: 'test', arch: 'x64' },
  results: [
    {
      case: 'exit-in-child/exit',
      module: 'softhsm2',
      packages: { libsofthsm2: '2.6.1-2.1' },
      facts: { atexitRan: true, childFinalize: 'CKR_OK' },
      runs: 3,
    },
  ],
};

const claim = (facts: RuntimeClaim['expect']['facts'], module = 'softhsm2'): RuntimeClaim =>
  claimSchema.parse({
    id: 'fixture-claim',
    text: 'A fixture claim about a child leaving with exit().',
    runtime: 'exit-in-child/exit',
    module,
    expect: { facts },
  }) as RuntimeClaim;

describe('runtime claims', () => {
  it('hold when every listed fact matches, naming the package versions', () => {
    expect(
      evaluateRuntimeClaim(claim({ atexitRan: true, childFinalize: 'CKR_OK' }), RUNTIMES),
    ).toEqual({
      holds: true,
      measured: 'atexitRan true, childFinalize CKR_OK in 3 of 3 runs',
      moduleVersion: 'libsofthsm2 2.6.1-2.1',
    });
  });

  it('disagree when one fact differs', () => {
    const evaluation = evaluateRuntimeClaim(
      claim({ atexitRan: true, childFinalize: 'CKR_CRYPTOKI_NOT_INITIALIZED' }),
      RUNTIMES,
    );
    expect(evaluation.holds).toBe(false);
    expect(evaluation.measured).toContain('childFinalize CKR_OK');
  });

  it('disagree when the case was not measured on that module', () => {
    expect(evaluateRuntimeClaim(claim({ atexitRan: true }, 'nss-softokn'), RUNTIMES)).toMatchObject(
      {
        holds: false,
        measured: expect.stringContaining(
          'no result for exit-in-child/exit on nss-softokn',
        ) as unknown,
      },
    );
  });

  it('are refused by the schema without any fact', () => {
    expect(() => claim({})).toThrow(/at least one fact/);
  });
});

describe('runtime claims about a hazard case', () => {
  const run = (hangs: number, outcome: HazardRun['outcome']): HazardRun => ({
    outcome,
    reason: '',
    forks: 100,
    clean: 100 - hangs,
    failed: 0,
    hangs,
    hangsIo: 0,
    crashes: 0,
    crashSignals: [],
    stuck: 0,
    workerCalls: 5000,
    forksObserved: 100,
    forksInside: 100,
    durationMs: 1000,
  });
  const file = (outcome: RuntimeHazard['outcome'], runs: HazardRun[]): RuntimesFile => ({
    ...RUNTIMES,
    results: [
      {
        case: 'python-fork-hazard/native-reinit',
        module: 'softhsm2',
        packages: { libsofthsm2: '2.6.1-2.1' },
        facts: { workerInsideAtFork: 'at least 80% of forks' },
        runs: runs.length,
        hazard: {
          forksPerRun: 100,
          workerThreads: 2,
          boundMs: 5000,
          outcome,
          reason: '',
          returnCodes: [],
          crashSignals: [],
          runs,
          pooled: poolRuns(runs),
        },
      },
    ],
  });
  const hazardClaim = claimSchema.parse({
    id: 'fixture-hazard',
    text: 'Children of a parent with native workers hang in every run.',
    runtime: 'python-fork-hazard/native-reinit',
    module: 'softhsm2',
    expect: { facts: { workerInsideAtFork: 'at least 80% of forks' }, outcome: 'hazard-observed' },
  }) as RuntimeClaim;

  it('hold when every run saw the hazard, and print the pooled count with its interval', () => {
    const evaluation = evaluateRuntimeClaim(
      hazardClaim,
      file('hazard-observed', [run(20, 'hazard-observed'), run(30, 'hazard-observed')]),
    );
    const { low, high } = wilson(50, 200);
    expect(evaluation.holds).toBe(true);
    expect(evaluation.measured).toContain(
      `50 of 200 (25.0%, 95% interval ${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)}%)`,
    );
    expect(evaluation.measured).toContain('a worker inside the module at 200 of 200 forks');
  });

  it('fail on an intermittent cell, even when the facts agree', () => {
    const evaluation = evaluateRuntimeClaim(
      hazardClaim,
      file('hazard-intermittent', [run(20, 'hazard-observed'), run(0, 'hazard-not-observed')]),
    );
    expect(evaluation.holds).toBe(false);
    expect(evaluation.measured).toContain('hazard-intermittent');
  });
});
