/** Results file: comparison of two runs, failure detection, Markdown, result-line parsing. */
import { describe, expect, it } from 'vitest';

import {
  RESULTS_SCHEMA_VERSION,
  compareResults,
  findFailures,
  parseInfoLine,
  parseResultLine,
  toMarkdown,
  poolHazardCell,
  type ResultEntry,
  type ResultsFile,
} from '../../src/lib/examples/index';

function entry(over: Partial<ResultEntry>): ResultEntry {
  return {
    pattern: 'child-initializes',
    variant: 'plain',
    module: 'softhsm2',
    moduleVersion: 'SoftHSM 2.6 (libsofthsm2 2.6.1-2.1)',
    threadCondition: 'single-threaded at fork',
    threadsAtFork: { min: 1, max: 1 },
    outcome: 'pass',
    reason: '',
    returnCodes: [],
    forks: 10,
    iterations: 10,
    clean: 10,
    failed: 0,
    hangs: 0,
    crashes: 0,
    stuck: 0,
    parentChecks: 10,
    durationMs: 100,
    note: '',
    ...over,
  };
}

function file(
  results: ResultEntry[],
  version = 'SoftHSM 2.6 (libsofthsm2 2.6.1-2.1)',
): ResultsFile {
  return {
    $comment: '',
    schemaVersion: RESULTS_SCHEMA_VERSION,
    generated: '2026-01-01T00:00:00.000Z',
    machine: {
      arch: 'x64',
      cpus: 2,
      cpuModel: 'a test CPU',
      kernel: '6.1.0',
      os: 'Debian GNU/Linux 12 (bookworm)',
      packages: { libc6: '2.36-9+deb12u10' },
    },
    hazardLoad: {
      repeat: 2,
      forksPerRun: 100,
      forkFactors: {},
      workerThreads: 2,
      workerCalls: ['C_GenerateRandom'],
      boundMs: 5000,
      minLoadShare: 0.8,
    },
    modules: [
      {
        id: 'softhsm2',
        modulePath: '/usr/lib/x/softhsm/libsofthsm2.so',
        version,
        info: {
          manufacturer: 'SoftHSM',
          library: 'Implementation of PKCS11',
          libraryVersion: '2.6',
          cryptokiVersion: '2.40',
          packages: { libsofthsm2: '2.6.1-2.1' },
        },
      },
    ],
    results,
  };
}

/** One run of the anti-pattern: 100 forks, every one with a worker inside the module. */
const hazardRun = (hangs: number, crashes = 0): ResultEntry =>
  entry({
    pattern: 'atfork-reinit',
    variant: 'reinit',
    forks: 100,
    iterations: 100,
    clean: 100 - hangs - crashes,
    hangs,
    crashes,
    outcome: hangs + crashes > 0 ? 'hazard-observed' : 'hazard-not-observed',
    workerCalls: 50_000,
    forksObserved: 100,
    forksInside: 100,
  });

/** A pooled hazard cell of two runs with these hang counts. */
const hazard = (hangs: number, crashes = 0, secondRunHangs = hangs): ResultEntry =>
  poolHazardCell([hazardRun(hangs, crashes), hazardRun(secondRunHangs, crashes)]);

describe('compareResults', () => {
  it('finds no difference when only counts and timings changed', () => {
    const a = file([entry({}), hazard(14)]);
    const b = file([entry({ durationMs: 999 }), hazard(9)]);
    expect(compareResults(a, b)).toEqual({ differences: [], unstable: [], versionChanges: [] });
  });

  it('reports a changed outcome', () => {
    const result = compareResults(file([entry({})]), file([entry({ outcome: 'fail' })]));
    expect(result.differences).toEqual([
      'child-initializes/plain/softhsm2: committed pass, fresh run fail',
    ]);
  });

  it('reports entries missing from either run', () => {
    const result = compareResults(file([entry({}), hazard(5)]), file([entry({ variant: 'asan' })]));
    expect(result.differences).toHaveLength(3);
  });

  it('reports a clear hazard that disappeared as a difference', () => {
    expect(compareResults(file([hazard(14)]), file([hazard(0)])).differences).toHaveLength(1);
  });

  it('reports a cell intermittent in either run as unstable, not as a difference', () => {
    const result = compareResults(file([hazard(0)]), file([hazard(1, 0, 0)]));
    expect(result.differences).toEqual([]);
    expect(result.unstable).toEqual([
      'atfork-reinit/reinit/softhsm2: committed hazard-not-observed (0 events), fresh run hazard-intermittent (1 events)',
    ]);
  });

  it('reports a changed module version', () => {
    const result = compareResults(file([], 'SoftHSM 2.6 (a)'), file([], 'SoftHSM 2.7 (b)'));
    expect(result.versionChanges).toEqual(['softhsm2: SoftHSM 2.6 (a) -> SoftHSM 2.7 (b)']);
  });
});

describe('findFailures', () => {
  it('lists failed runs with their reason', () => {
    expect(findFailures(file([entry({ outcome: 'fail', reason: 'boom' }), hazard(3)]))).toEqual([
      'child-initializes/plain/softhsm2: boom',
    ]);
  });

  it('fails a matrix whose anti-pattern runs observed the hazard nowhere', () => {
    expect(findFailures(file([hazard(0)]))).toEqual([
      'atfork-reinit: the hazard was observed on no module',
    ]);
  });
});

describe('toMarkdown', () => {
  it('has one row per pattern variant and one column per module', () => {
    const md = toMarkdown(file([entry({}), hazard(7)]));
    expect(md).toContain('| Pattern | Variant | Threads at fork | softhsm2 |');
    expect(md).toContain('| `child-initializes` | plain | 1 | pass (10/10) |');
    expect(md).toContain(
      'hazard-observed: 14 of 200 (7.0%, 95% interval 4.2–11.4%) hung or crashed (14 hung, 0 crashed) over 2 runs',
    );
  });
});

describe('result lines', () => {
  it('parses the P11EX-RESULT line among other output', () => {
    const raw = parseResultLine('noise\nP11EX-RESULT {"outcome":"pass","hangs":0}\nmore\n');
    expect(raw?.outcome).toBe('pass');
    expect(parseResultLine('no result here')).toBeUndefined();
  });

  it('parses P11EX-INFO and says what is missing', () => {
    expect(parseInfoLine('P11EX-INFO {"libraryVersion":"2.6"}\n').libraryVersion).toBe('2.6');
    expect(() => parseInfoLine('')).toThrow(/no P11EX-INFO line/);
  });
});
