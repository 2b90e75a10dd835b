/**
 * The `opensc` and `tpm2` module configurations on their real daemons: set-up signs and
 * verifies (RSA-2048 PKCS #1 v1.5 on the virtual CAC card, ECDSA P-256 on the software TPM),
 * two OpenSC environments run side by side on private pcscd instances, and the categorical
 * outcomes the guide cites: both modules run threads of their own, and the parent-disturbance
 * scenario (a child's C_Finalize, with and without its own C_Initialize).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  DEVICE_CALL_INTERVAL_MS,
  buildExamples,
  openEnvironment,
  poolHazardCell,
  runOne,
  type BuildOutput,
  type ModuleEnvironment,
  type ResultEntry,
  type RunSpec,
} from '../../src/lib/examples/index';

let build: BuildOutput;
const envs: Partial<Record<'opensc' | 'tpm2', ModuleEnvironment>> = {};

beforeAll(async () => {
  build = await buildExamples();
  envs.opensc = await openEnvironment('opensc');
  envs.tpm2 = await openEnvironment('tpm2');
}, 180_000);

afterAll(async () => {
  for (const env of Object.values(envs)) await env.provisioned.dispose();
});

function env(id: 'opensc' | 'tpm2'): ModuleEnvironment {
  const found = envs[id];
  if (!found) throw new Error(`${id} was not set up`);
  return found;
}

async function run(id: 'opensc' | 'tpm2', spec: Partial<RunSpec>): Promise<ResultEntry> {
  const full: RunSpec = {
    pattern: 'prefork-workers',
    variant: 'plain',
    sanitizer: false,
    forks: 3,
    threads: 0,
    boundMs: 5_000,
    ...spec,
  };
  return runOne(full, env(id).config, build, 120_000);
}

const rv = (e: ResultEntry, call: string): string[] =>
  e.returnCodes.filter((r) => r.call === call).map((r) => `${r.rv} x${r.count}`);

describe('the daemon-backed module configurations', () => {
  it('opensc: OpenSC 0.23 logs in on the virtual card and signs with RSA-2048 PKCS #1 v1.5', () => {
    const { config } = env('opensc');
    expect(config.info.library).toBe('OpenSC smartcard framework');
    expect(config.info.libraryVersion).toBe('0.23');
    expect(config.env.P11EX_KEY_TYPE).toBe('rsa');
    // Set-up ran keygen, which found the card's key pair, signed, verified, and saw a corrupted
    // signature rejected; the workers of prefork-workers do the same in each child.
    expect(Object.keys(config.info.packages)).toEqual(
      expect.arrayContaining(['opensc-pkcs11', 'pcscd', 'vsmartcard-vpcd']),
    );
  });

  it('tpm2: tpm2-pkcs11 1.9 reaches swtpm through tpm2-abrmd and signs with ECDSA P-256', () => {
    const { config } = env('tpm2');
    expect(config.info.library).toBe('TPM2.0 Cryptoki');
    expect(config.info.libraryVersion).toBe('1.9');
    expect(config.env.TPM2_PKCS11_TCTI).toMatch(/^tabrmd:bus_type=session,bus_name=/);
  });

  it.each(['opensc', 'tpm2'] as const)(
    '%s: workers forked before C_Initialize each sign and verify',
    async (id) => {
      const e = await run(id, { pattern: 'prefork-workers', forks: 2 });
      expect(e.outcome, e.reason).toBe('pass');
      expect(rv(e, 'worker sign+verify')).toEqual(['CKR_OK x2']);
    },
    120_000,
  );

  it('opensc: busy workers draw random bytes from the card and leave it to fresh processes between paced device calls', async () => {
    // fork-server: every child is a fresh application that needs the card while two threads of
    // the main process keep calling the module (C_GenerateRandom is GET CHALLENGE on the card).
    const e = await run('opensc', {
      pattern: 'fork-server',
      variant: 'stress',
      forks: 5,
      threads: 2,
    });
    expect(e.outcome, e.reason).toBe('pass');
    expect(rv(e, 'sign+verify')).toEqual(['CKR_OK x5']);
    const paced =
      /worker ops \d+ \((\d+) with device calls, at most one per (\d+) ms per worker\)/.exec(
        e.note,
      );
    expect(paced?.[2]).toBe(String(DEVICE_CALL_INTERVAL_MS.opensc));
    expect(Number(paced?.[1])).toBeGreaterThan(0);
  }, 120_000);

  it.each(['opensc', 'tpm2'] as const)(
    '%s: the module runs a thread of its own, so a single-threaded fork is not possible',
    async (id) => {
      const e = await run(id, { pattern: 'child-initializes', forks: 1 });
      expect(e.outcome).toBe('not-applicable');
      expect(e.reason).toBe('the module runs threads of its own');
      expect(e.threadsAtFork.min).toBeGreaterThanOrEqual(2);
    },
    120_000,
  );

  it('opensc: a child that calls C_Finalize without C_Initialize breaks the parent (OpenSC #510)', async () => {
    const e = await run('opensc', {
      pattern: 'parent-disturbance',
      variant: 'control',
      forks: 3,
    });
    expect(e.outcome).toBe('hazard-observed');
    expect(rv(e, 'child C_Finalize')).toEqual(['CKR_OK x3']);
    expect(rv(e, 'parent C_Sign')).toEqual(['CKR_GENERAL_ERROR x3']);
  }, 120_000);

  it('opensc: a child that calls C_Initialize first leaves the parent working', async () => {
    const e = await run('opensc', { pattern: 'parent-disturbance', variant: 'reinit', forks: 3 });
    expect(e.outcome).toBe('hazard-not-observed');
    expect(rv(e, 'child C_Initialize')).toEqual(['CKR_OK x3']);
    expect(e.parentChecks).toBe(3);
  }, 120_000);

  it.each(['control', 'reinit'] as const)(
    'tpm2: a child that calls C_Finalize (%s) breaks the parent',
    async (variant) => {
      const e = await run('tpm2', { pattern: 'parent-disturbance', variant, forks: 3 });
      expect(e.outcome).toBe('hazard-observed');
      expect(rv(e, 'parent C_Sign')).toEqual(['CKR_GENERAL_ERROR x3']);
    },
    120_000,
  );

  it.each(['opensc', 'tpm2'] as const)(
    '%s: the control cell of the anti-pattern is a hazard outcome, never fail: a parent its children broke is the hazard',
    async (id) => {
      // Children calling the module on the parent's inherited daemon connection break the
      // parent (its next sign fails, or it crashes); that is counted as a hazard event.
      const e = await run(id, {
        pattern: 'atfork-reinit',
        variant: 'control',
        forks: 20,
        threads: 2,
      });
      const cell = poolHazardCell([e]);
      expect(cell.outcome, `${cell.reason} ${e.note}`).not.toBe('fail');
      expect(['hazard-observed', 'hazard-not-observed', 'void']).toContain(cell.outcome);
      // Every fork after which the parent was damaged has a failed check with its return code,
      // except the one its crash or block followed; a fork counts once among the events.
      const failedChecks = (e.parentDamageCodes ?? []).reduce((n, c) => n + c.count, 0);
      const endedRun = (e.parentBlocked ?? 0) + (e.parentCrashSignal === undefined ? 0 : 1);
      expect(failedChecks).toBeGreaterThanOrEqual((e.parentDamaged ?? 0) - endedRun);
      expect(cell.pooled?.events).toBeLessThanOrEqual(cell.pooled?.forks ?? 0);
    },
    120_000,
  );

  it('runs two OpenSC configurations side by side, each on its own pcscd', async () => {
    const second = await openEnvironment('opensc');
    try {
      const first = env('opensc');
      expect(second.variables.PCSCLITE_CSOCK_NAME).not.toBe(first.variables.PCSCLITE_CSOCK_NAME);
      const pids = (e: ModuleEnvironment): number | undefined =>
        e.provisioned.services.find((s) => s.name === 'pcscd')?.pid;
      expect(pids(second)).not.toBe(pids(first));
      const oneWorker: RunSpec = {
        pattern: 'prefork-workers',
        variant: 'plain',
        sanitizer: false,
        forks: 1,
        threads: 0,
        boundMs: 5_000,
      };
      const [a, b] = await Promise.all(
        [first, second].map((e) => runOne(oneWorker, e.config, build)),
      );
      expect([a?.outcome, b?.outcome]).toEqual(['pass', 'pass']);
    } finally {
      await second.provisioned.dispose();
    }
  }, 180_000);
});
