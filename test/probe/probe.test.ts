/**
 * The fork probe against every module configuration of the examples matrix and the reference
 * module, asserting fixed facts each module showed on the version named; against two
 * deliberately broken modules; and through `npm run probe`, where the PIN must never show.
 * The committed reports the site publishes must agree with this fresh run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULE_IDS, modulePaths, type ModuleId } from '../../src/lib/examples';
import {
  buildProbe,
  parseProbeReport,
  PROBE_BUILD_DIR,
  probeProjectConfigurations,
  readPublishedReports,
  runProbe,
  type ConfigurationRun,
  type ProbeReport,
} from '../../src/lib/probe';
import { PROJECT_DIR, runScript } from '../support/script';

/** What a child saw, as `scenario call` → return code. */
function childRv(report: ProbeReport, scenario: string, call: string): string | undefined {
  return report.scenarios
    .find((entry) => entry.id === scenario)
    ?.calls.find((entry) => entry.who === 'child' && entry.call === call)?.rv;
}
function verdict(report: ProbeReport, id: string): string | undefined {
  return report.recommendations.find((entry) => entry.id === id)?.verdict;
}
/**
 * Whether the verdict on `id` failed because of the threaded scenario: its parent keeps using
 * the module while its children run, and whether that hurts the parent depends on timing (a
 * tpm2 parent was killed in some runs and not in others), so such a verdict is not a stable fact.
 */
function failedByTiming(report: ProbeReport, id: string): boolean {
  const entry = report.recommendations.find((candidate) => candidate.id === id);
  return entry?.verdict === 'fail' && entry.reason.startsWith('After atfork-threads,');
}
function observation(
  report: ProbeReport,
  scenario: string,
  key: 'inheritsLogin' | 'freshLogin',
): unknown {
  return report.scenarios.find((entry) => entry.id === scenario)?.observations[key];
}

interface KnownFacts {
  /** C_GetInfo's library description and version the facts were measured on (Debian 12). */
  library: string;
  openSessionWithoutInit: string;
  initializeInChild: string;
  inheritsLogin: boolean;
  freshLogin: boolean;
  verdicts: Record<string, string>;
}

const FACTS: Record<ModuleId, KnownFacts> = {
  softhsm2: {
    library: 'Implementation of PKCS11 2.6',
    openSessionWithoutInit: 'CKR_OK',
    initializeInChild: 'CKR_CRYPTOKI_ALREADY_INITIALIZED',
    inheritsLogin: true,
    freshLogin: false,
    verdicts: {
      'R-MOD-CHILD-NOT-INITIALIZED': 'fail',
      'R-MOD-FRESH-CHILD': 'fail',
      'R-MOD-LEAVE-PARENT-ALONE': 'warn',
    },
  },
  'softhsm2-reset-on-fork': {
    library: 'Implementation of PKCS11 2.6',
    openSessionWithoutInit: 'CKR_CRYPTOKI_NOT_INITIALIZED',
    initializeInChild: 'CKR_OK',
    inheritsLogin: false,
    freshLogin: true,
    verdicts: {
      'R-MOD-CHILD-NOT-INITIALIZED': 'pass',
      'R-MOD-FRESH-CHILD': 'pass',
      'R-MOD-LEAVE-PARENT-ALONE': 'pass',
    },
  },
  'nss-softokn': {
    library: 'NSS Internal Crypto Services 3.87',
    openSessionWithoutInit: 'CKR_OK',
    initializeInChild: 'CKR_CRYPTOKI_ALREADY_INITIALIZED',
    inheritsLogin: true,
    freshLogin: false,
    verdicts: { 'R-MOD-CHILD-NOT-INITIALIZED': 'fail', 'R-MOD-FORK-SAFE-INTERFACE': 'pass' },
  },
  'p11-kit-remote': {
    library: 'PKCS#11 Kit Proxy Module 1.1',
    openSessionWithoutInit: 'CKR_CRYPTOKI_NOT_INITIALIZED',
    initializeInChild: 'CKR_OK',
    inheritsLogin: false,
    freshLogin: true,
    verdicts: {
      'R-MOD-CHILD-NOT-INITIALIZED': 'pass',
      'R-MOD-FRESH-CHILD': 'pass',
      'R-MOD-LEAVE-PARENT-ALONE': 'pass',
    },
  },
  // The proxy starts the child afresh, but re-initialises SoftHSM2 beneath it, which keeps
  // the login: the new session is already logged in.
  'p11-kit-proxy': {
    library: 'PKCS#11 Kit Proxy Module 1.1',
    openSessionWithoutInit: 'CKR_CRYPTOKI_NOT_INITIALIZED',
    initializeInChild: 'CKR_OK',
    inheritsLogin: false,
    freshLogin: false,
    verdicts: { 'R-MOD-CHILD-NOT-INITIALIZED': 'pass', 'R-MOD-FRESH-CHILD': 'fail' },
  },
  reference: {
    library: 'p11ref fork-aware reference 1.0',
    openSessionWithoutInit: 'CKR_CRYPTOKI_NOT_INITIALIZED',
    initializeInChild: 'CKR_OK',
    inheritsLogin: false,
    freshLogin: true,
    verdicts: {
      'R-MOD-CHILD-NOT-INITIALIZED': 'pass',
      'R-MOD-FRESH-CHILD': 'pass',
      'R-MOD-LEAVE-PARENT-ALONE': 'pass',
      'R-MOD-FORK-SAFE-INTERFACE': 'pass',
      'R-MOD-DETECT-FORK': 'pass',
    },
  },
  // OpenSC 0.23 on the virtual CAC card through pcscd: the child keeps its parent's state
  // (no fork detection), but a C_Initialize in the child starts it afresh.
  opensc: {
    library: 'OpenSC smartcard framework 0.23',
    openSessionWithoutInit: 'CKR_OK',
    initializeInChild: 'CKR_OK',
    inheritsLogin: true,
    freshLogin: true,
    verdicts: {
      'R-MOD-CHILD-NOT-INITIALIZED': 'fail',
      'R-MOD-FRESH-CHILD': 'pass',
      'R-MOD-LEAVE-PARENT-ALONE': 'warn',
    },
  },
  // tpm2-pkcs11 1.9 through tpm2-abrmd on swtpm: the child inherits everything, and after its
  // own C_Finalize a new C_Initialize in the child blocks (child-finalize-initialize hangs).
  tpm2: {
    library: 'TPM2.0 Cryptoki 1.9',
    openSessionWithoutInit: 'CKR_OK',
    initializeInChild: 'CKR_CRYPTOKI_ALREADY_INITIALIZED',
    inheritsLogin: true,
    freshLogin: false,
    verdicts: {
      'R-MOD-CHILD-NOT-INITIALIZED': 'fail',
      'R-MOD-FRESH-CHILD': 'fail',
      'R-MOD-LEAVE-PARENT-ALONE': 'warn',
    },
  },
};

let runs: ConfigurationRun[];
const reportOf = (id: ModuleId): ProbeReport => {
  const report = runs.find((run) => run.id === id)?.run.report;
  if (report === undefined) throw new Error(`no report for ${id}`);
  return report;
};

beforeAll(async () => {
  await buildProbe({ testModules: true });
  runs = await probeProjectConfigurations(MODULE_IDS);
}, 600_000);

/** Processes of the probe still alive anywhere on the machine. */
function probeProcesses(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes('pkcs11-fork-probe'))
        found.push(`${pid}: ${cmdline.replaceAll('\0', ' ')}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

describe('the probe on the module configurations of the examples', () => {
  it('reports every configuration, valid against the schema, within a minute each', () => {
    expect(runs.map((run) => run.id)).toEqual([...MODULE_IDS]);
    for (const { id, run } of runs) {
      expect(run.problems, id).toEqual([]);
      expect(run.durationMs, id).toBeLessThan(60_000);
      expect(
        run.report?.scenarios.map((scenario) => scenario.id),
        id,
      ).toHaveLength(7);
    }
  });

  it.each([...MODULE_IDS])('%s shows the facts measured on its version', (id) => {
    const report = reportOf(id);
    const facts = FACTS[id];
    const info = report.provenance.info;
    // A new module version may behave differently: re-measure and update the facts.
    expect(`${info?.libraryDescription ?? ''} ${info?.libraryVersion ?? ''}`).toBe(facts.library);
    expect(childRv(report, 'child-no-reinit', 'C_OpenSession')).toBe(facts.openSessionWithoutInit);
    expect(childRv(report, 'child-initialize', 'C_Initialize')).toBe(facts.initializeInChild);
    expect(observation(report, 'child-no-reinit', 'inheritsLogin')).toBe(facts.inheritsLogin);
    expect(observation(report, 'child-initialize', 'freshLogin')).toBe(facts.freshLogin);
    for (const [recommendation, expected] of Object.entries(facts.verdicts)) {
      if (failedByTiming(report, recommendation)) continue;
      expect(verdict(report, recommendation), recommendation).toBe(expected);
    }
    const exit = runs.find((run) => run.id === id)?.run.exitCode;
    expect(exit).toBe(report.summary.fail > 0 ? 1 : 0);
  });

  it('agrees with the committed reports the site publishes on every stable outcome', async () => {
    const { reports, problems } = await readPublishedReports();
    expect(problems).toEqual([]);
    // The atfork hazard depends on timing (a worker must hold a lock at the fork), so its
    // scenario's outcome (a run may end `done` or `crashed`), R-MOD-DETECT-FORK and the hang
    // counts are not compared; nor is a verdict either run failed because of that scenario.
    const stable = (report: ProbeReport, timing: ReadonlySet<string>): unknown => ({
      library: report.provenance.info,
      scenarios: report.scenarios.map((scenario) => ({
        id: scenario.id,
        status: scenario.id === 'atfork-threads' ? 'timing-dependent' : scenario.status,
        child:
          scenario.id === 'atfork-threads' || scenario.id === 'init-cost'
            ? []
            : scenario.calls
                .filter((call) => call.who === 'child')
                .map((call) => `${call.call} ${call.rv}`),
      })),
      verdicts: report.recommendations
        .filter((entry) => entry.id !== 'R-MOD-DETECT-FORK' && !timing.has(entry.id))
        .map((entry) => `${entry.id} ${entry.verdict}`),
    });
    const timingFailures = (...both: ProbeReport[]): Set<string> =>
      new Set(
        both.flatMap((report) =>
          report.recommendations
            .filter((entry) => failedByTiming(report, entry.id))
            .map((entry) => entry.id),
        ),
      );
    for (const id of MODULE_IDS) {
      const committed = reports.find((entry) => entry.source === 'project' && entry.id === id);
      expect(
        committed,
        `examples/probe/reports/project/${id}.json (npm run probe -- project-reports)`,
      ).toBeDefined();
      if (committed === undefined) continue;
      const timing = timingFailures(committed.report, reportOf(id));
      expect(stable(committed.report, timing), id).toEqual(stable(reportOf(id), timing));
    }
  });

  it('writes no machine folder into a report', () => {
    expect(reportOf('reference').provenance.module.path).toBe('examples/build/module/libp11ref.so');
  });
});

describe('the probe on deliberately broken modules', () => {
  it('fails a module that answers CKR_OK to everything in a child', async () => {
    const run = await runProbe({
      module: path.join(PROBE_BUILD_DIR, 'libbroken-ok.so'),
      token: 'broken',
      boundMs: 1000,
    });
    expect(run.exitCode).toBe(1);
    const report = run.report;
    expect(report).toBeDefined();
    if (report === undefined) return;
    expect(childRv(report, 'child-no-reinit', 'C_OpenSession')).toBe('CKR_OK');
    expect(verdict(report, 'R-MOD-CHILD-NOT-INITIALIZED')).toBe('fail');
    expect(verdict(report, 'R-MOD-FRESH-CHILD')).toBe('fail');
  });

  it('bounds a hang in C_Initialize after fork, says where, and leaves no process behind', async () => {
    const run = await runProbe({
      module: path.join(PROBE_BUILD_DIR, 'libbroken-hang.so'),
      token: 'broken',
      boundMs: 1000,
    });
    expect(run.exitCode).toBe(1);
    const scenario = run.report?.scenarios.find((entry) => entry.id === 'child-initialize');
    expect(scenario?.status).toBe('hung');
    expect(scenario?.detail).toMatch(/hung in C_Initialize/);
    expect(verdict(run.report as ProbeReport, 'R-MOD-FRESH-CHILD')).toBe('fail');
    expect(run.durationMs).toBeLessThan(60_000);
    expect(probeProcesses()).toEqual([]);
  });

  it('says clearly when the module cannot be loaded (exit 2)', async () => {
    const run = await runProbe({ module: '/nonexistent/libnothing.so' });
    expect(run.exitCode).toBe(2);
    expect(run.report?.error?.stage).toBe('load');
    expect(run.stderr).toMatch(/pkcs11-fork-probe: error: .*libnothing\.so/);
  });
});

describe('npm run probe', () => {
  const PIN = '918273';
  let dir: string;
  let softhsm: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'probe-cli-'));
    mkdirSync(path.join(dir, 'tokens'));
    writeFileSync(
      path.join(dir, 'softhsm2.conf'),
      `directories.tokendir = ${dir}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n`,
    );
    env = { SOFTHSM2_CONF: path.join(dir, 'softhsm2.conf') };
    execFileSync(
      'softhsm2-util',
      ['--init-token', '--free', '--label', 'clitoken', '--pin', PIN, '--so-pin', '556677'],
      {
        env: { ...process.env, ...env },
      },
    );
    softhsm = (await modulePaths()).softhsm2 ?? '';
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a clear report, with links to the recommendations; the PIN shows nowhere', async () => {
    const output = path.join(dir, 'report.json');
    const result = await runScript(
      'probe',
      PROJECT_DIR,
      [
        '--module',
        softhsm,
        '--token',
        'clitoken',
        '--pin-env',
        'PROBE_PIN',
        '--bound-ms',
        '1000',
        '--output',
        output,
      ],
      { ...env, PROBE_PIN: PIN },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL    R-MOD-FRESH-CHILD: Make the child');
    expect(result.stdout).toMatch(/guide\/module-implementers#R-MOD-FRESH-CHILD/);
    expect(result.stdout).toMatch(/^Summary: \d+ pass, \d+ warn, \d+ fail/m);
    const saved = readFileSync(output, 'utf8');
    expect(parseProbeReport(JSON.parse(saved)).problems).toEqual([]);
    for (const text of [result.stdout, result.stderr, saved]) expect(text).not.toContain(PIN);
  });

  it('stops before forking when the login is refused (exit 2), naming the code', async () => {
    const result = await runScript(
      'probe',
      PROJECT_DIR,
      ['--module', softhsm, '--token', 'clitoken', '--pin-env', 'PROBE_PIN', '--json'],
      { ...env, PROBE_PIN: '000000' },
    );
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as ProbeReport;
    expect(report.error).toMatchObject({ stage: 'login', rv: 'CKR_PIN_INCORRECT' });
    expect(report.scenarios).toEqual([]);
    expect(result.stderr).toContain('CKR_PIN_INCORRECT');
  });

  it('prints Markdown with --format markdown, and refuses a PIN given two ways', async () => {
    const result = await runScript(
      'probe',
      PROJECT_DIR,
      [
        '--module',
        softhsm,
        '--token',
        'clitoken',
        '--pin-env',
        'PROBE_PIN',
        '--bound-ms',
        '1000',
        '--no-finalize',
        '--format',
        'markdown',
      ],
      { ...env, PROBE_PIN: PIN },
    );
    expect(result.stdout).toMatch(/^## Fork behaviour of /);
    expect(result.stdout).toContain('| Verdict | Recommendation | Reason |');
    expect(result.stdout).toContain('### `child-finalize`: skipped');
    expect(result.stderr).toContain('warning: --no-finalize');
    const both = await runScript('probe', PROJECT_DIR, [
      '--module',
      softhsm,
      '--pin-env',
      'X',
      '--pin-stdin',
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give the PIN one way');
  });

  it('leaves no probe process behind', () => {
    expect(probeProcesses()).toEqual([]);
  });
});
