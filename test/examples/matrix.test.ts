/**
 * The fork-pattern examples against the real modules: one full matrix run (build, module set-up,
 * every pattern on every configuration), then what it must show.
 */
import { existsSync } from 'node:fs';

import { beforeAll, describe, expect, it } from 'vitest';

import {
  HAZARD_FORK_FACTOR,
  LOAD_SHARE_MIN,
  MATRIX_MODULE_IDS,
  PATTERNS,
  chanceOfNone,
  checkCatalog,
  compareResults,
  findPattern,
  readResults,
  resultKey,
  runMatrix,
  type MatrixRun,
  type ResultEntry,
  type ResultsFile,
} from '../../src/lib/examples/index';

let run: MatrixRun;
const entries = (filter: (e: ResultEntry) => boolean): ResultEntry[] =>
  run.file.results.filter(filter);
const conditionOf = (e: ResultEntry): string => findPattern(e.pattern)?.condition ?? '';
const calls = (e: ResultEntry, call: string, rv = 'CKR_OK'): number =>
  e.returnCodes.filter((r) => r.call === call && r.rv === rv).reduce((n, r) => n + r.count, 0);

/** Forks per hazard run in the suite: one run per cell, far fewer than the pooled measurement. */
const SUITE_HAZARD_FORKS = 100;

beforeAll(async () => {
  run = await runMatrix({ repeat: 1, hazardForks: SUITE_HAZARD_FORKS });
}, 600_000);

describe('the example matrix', () => {
  it('builds from one list: the Makefile and the catalog name the same examples', async () => {
    expect(await checkCatalog()).toEqual([]);
  });

  it('runs every pattern variant on every module configuration', () => {
    expect(run.file.modules.map((m) => m.id)).toEqual([...MATRIX_MODULE_IDS]);
    for (const pattern of PATTERNS)
      for (const module of MATRIX_MODULE_IDS)
        expect(run.file.results.some((e) => e.pattern === pattern.id && e.module === module)).toBe(
          true,
        );
  });

  it('records each module version from C_GetInfo and dpkg', () => {
    for (const m of run.file.modules) {
      expect(m.info.libraryVersion).toMatch(/^\d+\.\d+$/);
      expect(Object.keys(m.info.packages).length).toBeGreaterThan(0);
      for (const version of Object.values(m.info.packages)) expect(version).not.toBe('');
    }
  });

  it('passes every safe pattern on every configuration it applies to', () => {
    const safe = entries((e) => conditionOf(e) !== 'hazard' && conditionOf(e) !== 'parent');
    expect(safe.length).toBeGreaterThan(0);
    const notPassing = safe
      .filter((e) => e.outcome !== 'pass' && !(e.outcome === 'not-applicable' && e.reason))
      .map((e) => `${resultKey(e)}: ${e.outcome} ${e.reason}`);
    expect(notPassing).toEqual([]);
  });

  it('forks with the thread count each pattern states', () => {
    for (const e of entries((x) => x.outcome === 'pass')) {
      if (e.pattern === 'fork-server' || conditionOf(e) === 'single')
        expect(e.threadsAtFork, resultKey(e)).toEqual({ min: 1, max: 1 });
      else expect(e.threadsAtFork.min, resultKey(e)).toBeGreaterThanOrEqual(3);
    }
  });

  it('stresses fork-exec, posix-spawn and fork-server: >= 50 forks, >= 2 busy parent threads', () => {
    const stress = entries((e) => e.variant === 'stress');
    expect(new Set(stress.map((e) => e.pattern))).toEqual(
      new Set(['fork-exec', 'posix-spawn', 'fork-server']),
    );
    for (const e of stress) {
      expect(e.iterations, resultKey(e)).toBeGreaterThanOrEqual(50);
      expect(e.note, resultKey(e)).toMatch(/worker ops [1-9]/);
    }
    // The fork server's main process is the multi-threaded one; it never forks.
    for (const e of stress.filter((x) => x.pattern === 'fork-server'))
      expect(e.note).toMatch(/main process threads ([3-9]|\d\d)/);
  });

  it('proves each pass: children signed and verified, and the parent after every child', () => {
    const childSigns: Record<string, string> = {
      'child-initializes': 'child sign+verify',
      'prefork-workers': 'worker sign+verify',
      'lazy-reinit': 'child sign+verify',
      'fork-server': 'sign+verify',
    };
    for (const e of entries((x) => x.outcome === 'pass')) {
      expect(e.parentChecks, resultKey(e)).toBeGreaterThanOrEqual(e.forks);
      const call = childSigns[e.pattern];
      if (call) expect(calls(e, call), resultKey(e)).toBe(e.forks);
      if (e.pattern === 'fork-safe-interface') {
        const signed =
          calls(e, 'child sign+verify (inherited)') + calls(e, 'child sign+verify (fallback)');
        expect(signed, resultKey(e)).toBe(e.forks);
      }
    }
  });

  it('uses the fork-safe interface where the module offers one (NSS, reference) and falls back elsewhere', () => {
    for (const e of entries((x) => x.pattern === 'fork-safe-interface')) {
      if (e.module === 'nss-softokn' || e.module === 'reference')
        expect(e.note).toMatch(/^fork-safe interface/);
      else expect(e.note).toMatch(/^fallback: /);
    }
  });

  it('bounds every anti-pattern child: each ended clean, hung (and killed) or crashed', () => {
    const hazard = entries((e) => e.pattern === 'atfork-reinit');
    expect(hazard).toHaveLength(2 * MATRIX_MODULE_IDS.length);
    for (const e of hazard) {
      expect(e.runs, resultKey(e)).toHaveLength(1);
      expect(e.outcome, `${resultKey(e)} ${e.reason}`).toMatch(/^hazard-(not-)?observed$/);
      expect(e.iterations).toBe(e.forks);
      expect(e.forks).toBe(SUITE_HAZARD_FORKS * (HAZARD_FORK_FACTOR[e.module] ?? 1));
      expect(e.clean + e.hangs + e.crashes, resultKey(e)).toBe(e.forks);
      expect(e.stuck).toBe(0);
    }
  });

  it('loads every hazard run: a worker inside the module at (nearly) every fork, calls counted', () => {
    for (const e of entries((x) => x.pattern === 'atfork-reinit')) {
      expect(e.forksObserved, resultKey(e)).toBe(e.forks);
      expect(e.pooled?.loadShare, resultKey(e)).toBeGreaterThanOrEqual(LOAD_SHARE_MIN);
      expect(e.workerCalls, resultKey(e)).toBeGreaterThan(e.forks);
    }
  });

  it('observes the hazard wherever the committed pooled rate makes missing it a one-in-a-million chance', async () => {
    // Which cells these are follows from the committed results alone: the lower end of each
    // cell's 95% interval, and the forks this suite makes. No other cell is judged here, so a
    // rare event seen or missed cannot turn the suite red.
    const committed = await readResults();
    const sure = committed.results.filter(
      (e) =>
        e.outcome === 'hazard-observed' &&
        e.pooled !== undefined &&
        chanceOfNone(e.pooled.eventsInterval.low, e.forks / e.pooled.runs) < 1e-6 &&
        chanceOfNone(
          e.pooled.eventsInterval.low,
          SUITE_HAZARD_FORKS * (HAZARD_FORK_FACTOR[e.module] ?? 1),
        ) < 1e-6,
    );
    expect(sure.map(resultKey)).toContain('atfork-reinit/control/softhsm2');
    for (const cell of sure) {
      const fresh = run.file.results.find((e) => resultKey(e) === resultKey(cell));
      expect(fresh?.outcome, resultKey(cell)).toBe('hazard-observed');
    }
  });

  it('leaves no process behind (examples, their children, the p11-kit server, the token daemon)', () => {
    expect(run.leftovers).toEqual([]);
  });

  it('agrees with the committed examples/results.json on every safe pattern', async () => {
    // Hazard cells are compared above, only where chance cannot decide; here everything else.
    const safe = (file: ResultsFile): ResultsFile => ({
      ...file,
      results: file.results.filter((e) => e.pattern !== 'atfork-reinit'),
    });
    expect(existsSync('examples/results.json')).toBe(true);
    const comparison = compareResults(safe(await readResults()), safe(run.file));
    for (const change of comparison.versionChanges)
      console.warn(`module version changed since the committed results: ${change}`);
    expect(comparison.differences).toEqual([]);
  });
});
