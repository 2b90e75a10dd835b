/**
 * The runtime examples (examples/runtimes) against the C library and the real modules: one run
 * of every case (each twice, which must agree), then the categorical facts the guide's claims
 * rest on, and agreement with the committed examples/runtimes/results.json.
 */
import { beforeAll, describe, expect, it } from 'vitest';

import { wilson } from '../../src/lib/examples/index';
import {
  compareRuntimes,
  EXIT_MODULES,
  findFact,
  HAZARD_MODES,
  HAZARD_MODULE,
  hazardCase,
  PROCESS_CALLS,
  PYTHON_CASES,
  PYTHON_HOOKS,
  PYTHON_MODULES,
  readRuntimes,
  runRuntimes,
  SHORT_BOUND_MS,
  type RuntimesFile,
} from '../../src/lib/runtimes/index';

let run: RuntimesFile;
/** Enough forks to see where the workers are at fork; hang counts are not asserted. */
const HAZARD_FORKS = 20;

beforeAll(async () => {
  run = await runRuntimes({ repeats: 2, hazardForks: HAZARD_FORKS, hazardRepeats: 1 });
}, 300_000);

describe('process-creation calls and pthread_atfork handlers', () => {
  it('fork runs the prepare, parent and child handlers once each', () => {
    expect(findFact(run, 'atfork-handlers/fork', 'none')?.facts).toEqual({
      childRan: true,
      prepare: 1,
      parent: 1,
      child: 1,
    });
  });

  it.each(PROCESS_CALLS.filter((c) => c !== 'fork'))(
    '%s starts its program without running any handler',
    (call) => {
      expect(findFact(run, `atfork-handlers/${call}`, 'none')?.facts).toEqual({
        childRan: true,
        prepare: 0,
        parent: 0,
        child: 0,
      });
    },
  );
});

describe('a child that does not exec, leaving with exit() or _exit()', () => {
  it.each(EXIT_MODULES)('on %s, exit() runs the exit handler, destructors and finalisers', (id) => {
    expect(findFact(run, 'exit-in-child/exit', id)?.facts).toMatchObject({
      childExited: true,
      atexitRan: true,
      programDestructorRan: true,
      moduleFinalisersRan: true,
      parentSignsAfter: 'CKR_OK',
    });
  });

  it.each(EXIT_MODULES)('on %s, _exit() runs none of them', (id) => {
    expect(findFact(run, 'exit-in-child/_exit', id)?.facts).toEqual({
      childExited: true,
      atexitRan: false,
      childFinalize: 'not called',
      programDestructorRan: false,
      moduleFinalisersRan: false,
      parentSignsAfter: 'CKR_OK',
    });
  });

  it('modules that keep the parent state accept the child C_Finalize; the others refuse it', () => {
    const finalize = (id: string): unknown =>
      findFact(run, 'exit-in-child/exit', id)?.facts.childFinalize;
    expect(finalize('softhsm2')).toBe('CKR_OK');
    expect(finalize('nss-softokn')).toBe('CKR_OK');
    expect(finalize('softhsm2-reset-on-fork')).toBe('CKR_CRYPTOKI_NOT_INITIALIZED');
    expect(finalize('p11-kit-remote')).toBe('CKR_CRYPTOKI_NOT_INITIALIZED');
    expect(finalize('reference')).toBe('CKR_CRYPTOKI_NOT_INITIALIZED');
  });
});

describe('PyKCS11 workers started by multiprocessing (Python 3.11, PyKCS11 1.5.12)', () => {
  const python = (id: string, method: string, child: string): unknown =>
    findFact(run, `python-start-methods/${method}-${child}`, id)?.facts;

  it.each(PYTHON_MODULES)(
    'on %s, a worker that loads the module itself signs with every start method',
    (id) => {
      for (const [method, child] of PYTHON_CASES.filter(([, c]) => c === 'fresh'))
        expect(python(id, method, child)).toEqual({
          childSigns: 'CKR_OK',
          parentSignsAfter: 'CKR_OK',
        });
    },
  );

  it('a forked worker that reuses the inherited session signs only where the module keeps the parent state', () => {
    expect(python('softhsm2', 'fork', 'inherited')).toEqual({
      childSigns: 'CKR_OK',
      parentSignsAfter: 'CKR_OK',
    });
    for (const id of ['softhsm2-reset-on-fork', 'p11-kit-remote', 'reference'])
      expect(python(id, 'fork', 'inherited')).toEqual({
        childSigns: 'CKR_CRYPTOKI_NOT_INITIALIZED',
        parentSignsAfter: 'CKR_OK',
      });
  });
});

describe('os.register_at_fork around PyKCS11, single-threaded parent', () => {
  it.each(PYTHON_MODULES)(
    'on %s, a flag-only hook and a hook that loads the module both give a child that signs',
    (id) => {
      for (const hook of PYTHON_HOOKS)
        expect(findFact(run, `python-register-at-fork/${hook}`, id)?.facts).toEqual({
          hookInitialize: hook === 'flag' ? 'not called' : 'CKR_OK',
          childSigns: 'CKR_OK',
          parentSignsAfter: 'CKR_OK',
        });
    },
  );
});

describe("OpenSSL's PKCS #11 engine (libp11 0.4.12) across a fork", () => {
  it('re-initialises lazily in the child: the calls its first signature makes, and every signature verifies', () => {
    const facts = findFact(run, 'engine-fork/libp11', 'softhsm2')?.facts;
    expect(facts).toEqual({
      parentSignsBefore: true,
      childSigns: true,
      parentSignsAfter: true,
      childCalls:
        'C_Initialize C_OpenSession C_Login C_FindObjectsInit C_FindObjects C_FindObjectsFinal C_SignInit C_Sign',
      childInitialize: 'CKR_CRYPTOKI_ALREADY_INITIALIZED',
      childInitArgs: 'NULL',
    });
  });

  it('gets CKR_OK from SoftHSM2 with reset_on_fork, and signs', () => {
    expect(findFact(run, 'engine-fork/libp11', 'softhsm2-reset-on-fork')?.facts).toMatchObject({
      childInitialize: 'CKR_OK',
      childSigns: true,
      parentSignsAfter: true,
    });
  });
});

describe('a threaded Python parent forks and the PyKCS11 child calls the module (softhsm2)', () => {
  const cell = (workers: 'python' | 'native', mode: string) =>
    findFact(run, hazardCase(workers, mode as (typeof HAZARD_MODES)[number]), HAZARD_MODULE);

  it.each(HAZARD_MODES)(
    'with Python worker threads (mode %s), no worker is inside the module at any fork: PyKCS11 holds the GIL, so the run is void',
    (mode) => {
      const result = cell('python', mode);
      expect(result?.facts).toEqual({ workerInsideAtFork: 'never', threadsAtFork: 3 });
      expect(result?.hazard?.pooled).toMatchObject({
        forksObserved: HAZARD_FORKS,
        forksInside: 0,
      });
      expect(result?.hazard?.pooled.workerCalls).toBeGreaterThan(0);
      expect(result?.hazard?.outcome).toBe('void');
    },
  );

  it.each(HAZARD_MODES)(
    'with native worker threads (mode %s), a worker is inside the module at 80% of forks or more, so the run counts',
    (mode) => {
      const result = cell('native', mode);
      expect(result?.facts).toEqual({
        workerInsideAtFork: 'at least 80% of forks',
        threadsAtFork: 3,
      });
      expect(['hazard-observed', 'hazard-not-observed']).toContain(result?.hazard?.outcome);
    },
  );

  it('pools each cell with Wilson 95% intervals over every child', () => {
    for (const workers of ['python', 'native'] as const)
      for (const mode of HAZARD_MODES) {
        const pooled = cell(workers, mode)?.hazard?.pooled;
        expect(pooled?.forks).toBe(HAZARD_FORKS);
        expect(pooled?.eventsInterval).toEqual(wilson(pooled?.events ?? -1, HAZARD_FORKS));
      }
  });
});

describe('application-supplied mutex callbacks without CKF_OS_LOCKING_OK', () => {
  it.each(['softhsm2', 'softhsm2-reset-on-fork'])(
    'on %s, the module creates mutexes at C_Initialize, locks them in use and destroys them all at C_Finalize',
    (id) => {
      expect(findFact(run, 'mutex-callbacks/calls', id)?.facts).toEqual({
        initialize: 'CKR_OK',
        createdAtInitialize: true,
        lockedInUse: true,
        balanced: true,
        destroyedAtFinalize: true,
        allDestroyed: true,
      });
    },
  );

  it.each(['nss-softokn', 'p11-kit-remote', 'reference'])(
    '%s refuses them with CKR_CANT_LOCK',
    (id) => {
      for (const mode of ['calls', 'child', 'held'])
        expect(findFact(run, `mutex-callbacks/${mode}`, id)?.facts).toEqual({
          initialize: 'CKR_CANT_LOCK',
        });
    },
  );

  it("a child of a single-threaded SoftHSM2 parent locks its copies of the mutexes through the parent's callbacks, and opens a session", () => {
    expect(findFact(run, 'mutex-callbacks/child', 'softhsm2')?.facts).toMatchObject({
      threadsAtFork: 1,
      child: 'exited',
      childUsedCallbacks: true,
      childOpenSession: 'CKR_OK',
      parentSignsAfter: 'CKR_OK',
    });
  });

  it(`a child forked while a parent thread holds every mutex blocks in LockMutex and is killed at the bound (${SHORT_BOUND_MS} ms)`, () => {
    // Certain, not rare: the holder locked each mutex object before the fork.
    expect(findFact(run, 'mutex-callbacks/held', 'softhsm2')?.facts).toMatchObject({
      threadsAtFork: 2,
      child: 'hung',
      childEnteredHeldMutex: true,
      childOpenSession: 'no answer',
      parentSignsAfter: 'CKR_OK',
    });
  });
});

describe('C_WaitForSlotEvent', () => {
  it('SoftHSM2 answers CKR_NO_EVENT without blocking and refuses to block', () => {
    expect(findFact(run, 'slot-event/wait', 'softhsm2')?.facts).toMatchObject({
      dontBlock: 'CKR_NO_EVENT',
      blocking: 'CKR_FUNCTION_NOT_SUPPORTED',
    });
  });

  it.each(['nss-softokn', 'p11-kit-remote', 'reference'])('%s supports neither form', (id) => {
    expect(findFact(run, 'slot-event/wait', id)?.facts).toMatchObject({
      dontBlock: 'CKR_FUNCTION_NOT_SUPPORTED',
      blocking: 'CKR_FUNCTION_NOT_SUPPORTED',
    });
  });
});

describe('the committed results', () => {
  it('show the same facts as this run', async () => {
    expect(compareRuntimes(await readRuntimes(), run)).toEqual([]);
  });
});
