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
import type { RuntimesFile } from '../../src/lib/runtimes/index';

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
