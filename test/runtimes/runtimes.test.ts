/**
 * The runtime examples (examples/runtimes) against the C library and the real modules: one run
 * of every case (each twice, which must agree), then the categorical facts the guide's claims
 * rest on, and agreement with the committed examples/runtimes/results.json.
 */
import { beforeAll, describe, expect, it } from 'vitest';

import {
  compareRuntimes,
  EXIT_MODULES,
  findFact,
  PROCESS_CALLS,
  PYTHON_CASES,
  PYTHON_HOOKS,
  PYTHON_MODULES,
  readRuntimes,
  runRuntimes,
  type RuntimesFile,
} from '../../src/lib/runtimes/index';

let run: RuntimesFile;

beforeAll(async () => {
  run = await runRuntimes({ repeats: 2 });
}, 180_000);

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

describe('the committed results', () => {
  it('show the same facts as this run', async () => {
    expect(compareRuntimes(await readRuntimes(), run)).toEqual([]);
  });
});
