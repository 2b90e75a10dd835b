/**
 * The fork-pattern examples against the real modules: one full matrix run (build, module set-up,
 * every pattern on every configuration), then what it must show.
 */
import { existsSync } from 'node:fs';

import { beforeAll, describe, expect, it } from 'vitest';

import {
  MODULE_IDS,
  PATTERNS,
  checkCatalog,
  compareResults,
  findPattern,
  readResults,
  resultKey,
  runMatrix,
  type MatrixRun,
  type ResultEntry,
} from '../../src/lib/examples/index';

let run: MatrixRun;
const entries = (filter: (e: ResultEntry) => boolean): ResultEntry[] =>
  run.file.results.filter(filter);
const conditionOf = (e: ResultEntry): string => findPattern(e.pattern)?.condition ?? '';
const calls = (e: ResultEntry, call: string, rv = 'CKR_OK'): number =>
  e.returnCodes.filter((r) => r.call === call && r.rv === rv).reduce((n, r) => n + r.count, 0);

beforeAll(async () => {
  run = await runMatrix();
}, 300_000);

describe('the example matrix', () => {
  it('builds from one list: the Makefile and the catalog name the same examples', async () => {
    expect(await checkCatalog()).toEqual([]);
  });

  it('runs every pattern variant on every module configuration', () => {
    expect(run.file.modules.map((m) => m.id)).toEqual([...MODULE_IDS]);
    for (const pattern of PATTERNS)
      for (const module of MODULE_IDS)
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
    const safe = entries((e) => conditionOf(e) !== 'hazard');
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
    expect(hazard).toHaveLength(2 * MODULE_IDS.length);
    for (const e of hazard) {
      expect(e.outcome, `${resultKey(e)} ${e.reason}`).toMatch(/^hazard-(not-)?observed$/);
      expect(e.iterations).toBe(e.forks);
      expect(e.forks).toBeGreaterThanOrEqual(100);
      expect(e.clean + e.hangs + e.crashes, resultKey(e)).toBe(e.forks);
      expect(e.stuck).toBe(0);
      // One bound for the run, not one per hung child.
      expect(e.durationMs, resultKey(e)).toBeLessThan(60_000);
    }
  });

  it('observes the hazard on a real module (SoftHSM2 hangs in a child of a threaded parent)', () => {
    const observed = entries((e) => e.outcome === 'hazard-observed');
    expect(observed.length).toBeGreaterThan(0);
    const softhsm = run.file.results.find((e) => resultKey(e) === 'atfork-reinit/reinit/softhsm2');
    expect(softhsm?.outcome).toBe('hazard-observed');
    expect(softhsm?.hangs).toBeGreaterThan(0);
  });

  it('shows no hazard with the reference module, whose fork detection only counts in the handler', () => {
    for (const variant of ['reinit', 'control']) {
      const e = run.file.results.find((x) => resultKey(x) === `atfork-reinit/${variant}/reference`);
      expect(e?.outcome).toBe('hazard-not-observed');
      expect(e?.clean).toBe(e?.forks);
    }
  });

  it('leaves no process behind (examples, their children, the p11-kit server, the token daemon)', () => {
    expect(run.leftovers).toEqual([]);
  });

  it('agrees with the committed examples/results.json on every categorical outcome', async () => {
    expect(existsSync('examples/results.json')).toBe(true);
    const comparison = compareResults(await readResults(), run.file);
    for (const change of comparison.versionChanges)
      console.warn(`module version changed since the committed results: ${change}`);
    for (const line of comparison.unstable) console.warn(`rare hazard flipped: ${line}`);
    expect(comparison.differences).toEqual([]);
  });
});
