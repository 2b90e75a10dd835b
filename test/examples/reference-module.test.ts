/**
 * The reference module's fork rules (examples/module/lifecycle.c), each proved in real forks
 * against its real token daemon: the child's return codes, the parent's signatures after every
 * child, and the daemon's request log, which names the pid that sent every request (kernel
 * credentials), so "the child never spoke on its parent's connection" is a fact, not a hope.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  baseEnv,
  buildExamples,
  connectionHistories,
  foreignRequests,
  leftoverProcesses,
  provisionModules,
  readDaemonLog,
  runCommand,
  type BuildOutput,
  type CommandResult,
  type ConnectionHistory,
  type ModuleConfig,
  type Provisioned,
} from '../../src/lib/examples/index';

interface RuleCase {
  rule: string;
  exit: 'exit' | '_exit';
  held: boolean;
  parentPid: number;
  threadsAtFork: { min: number; max: number };
  forks: number;
  clean: number;
  hangs: number;
  crashes: number;
  parentChecks: number;
  parentFailures: number;
  childPids: number[];
  returnCodes: { call: string; rv: string; count: number }[];
}

const RULES = [
  'not-initialized',
  'finalize-only',
  'initialize',
  'initialize-no-finalize',
  'fork-safe',
] as const;

function parseCases(result: CommandResult): RuleCase[] {
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith('P11REF-RULE '))
    .map((line) => JSON.parse(line.slice('P11REF-RULE '.length)) as RuleCase);
}

const marker = `p11ref-test-${process.pid}-${Date.now()}`;
let build: BuildOutput;
let provisioned: Provisioned;
let config: ModuleConfig;
let threaded: { result: CommandResult; cases: RuleCase[] };
let sanitized: { result: CommandResult; cases: RuleCase[] };
let histories: ConnectionHistory[];

async function forkRules(sanitizer: boolean, threads: number, forks: number) {
  const dir = path.join(build.examplesDir, 'build', 'module', sanitizer ? 'san' : '');
  const env: Record<string, string> = { ...baseEnv(), ...config.env, P11EX_PIN: config.pin };
  if (sanitizer) {
    env.ASAN_OPTIONS = 'detect_leaks=1:abort_on_error=1';
    env.UBSAN_OPTIONS = 'halt_on_error=1:print_stacktrace=1';
  }
  const args = ['--module', path.join(dir, 'libp11ref.so'), '--token', config.token];
  args.push('--threads', `${threads}`, '--forks', `${forks}`, '--bound-ms', '5000');
  const result = await runCommand(path.join(dir, 'fork-rules'), args, {
    env,
    timeoutMs: 120_000,
  });
  return { result, cases: parseCases(result) };
}

beforeAll(async () => {
  build = await buildExamples();
  provisioned = await provisionModules(build.binDir, ['reference'], marker);
  const found = provisioned.configs[0];
  if (!found) throw new Error('the reference configuration was not provisioned');
  config = found;
  threaded = await forkRules(false, 2, 5);
  sanitized = await forkRules(true, 0, 2);
  histories = connectionHistories(await readDaemonLog(config.daemonLog ?? ''));
}, 300_000);

afterAll(async () => {
  await provisioned.dispose();
});

const caseOf = (cases: RuleCase[], rule: string, exit: string): RuleCase => {
  const found = cases.find((c) => c.rule === rule && c.exit === exit);
  if (!found) throw new Error(`no result for ${rule} / ${exit}`);
  return found;
};
const rvsOf = (c: RuleCase, call: string): string[] =>
  c.returnCodes.filter((r) => r.call === call).map((r) => r.rv);
const owned = (pid: number): ConnectionHistory[] => histories.filter((h) => h.owner === pid);

describe('the reference module, forked with parent threads inside it', () => {
  it('holds every rule for children leaving by exit() and by _exit()', () => {
    expect(threaded.result.code, threaded.result.stderr).toBe(0);
    expect(threaded.cases.map((c) => `${c.rule}/${c.exit}`)).toEqual(
      RULES.flatMap((r) => [`${r}/exit`, `${r}/_exit`]),
    );
    for (const c of threaded.cases) {
      expect(c.held, `${c.rule}/${c.exit}: ${JSON.stringify(c.returnCodes)}`).toBe(true);
      expect(c.clean).toBe(c.forks);
      expect(c.hangs + c.crashes).toBe(0);
      // The parent signed and verified after every child, and its workers never failed.
      expect(c.parentChecks).toBe(c.forks);
      expect(c.parentFailures).toBe(0);
      // Main thread plus two workers looping inside the module at every fork.
      expect(c.threadsAtFork.min).toBeGreaterThanOrEqual(3);
    }
  });

  it('answers CKR_CRYPTOKI_NOT_INITIALIZED to a child until it initialises, and still lists its functions', () => {
    const c = caseOf(threaded.cases, 'not-initialized', 'exit');
    const calls = [...new Set(c.returnCodes.map((r) => r.call))];
    expect(calls.length).toBeGreaterThanOrEqual(12);
    for (const call of calls) {
      const want = /^C_Get(FunctionList|Interface)$/.test(call)
        ? 'CKR_OK'
        : 'CKR_CRYPTOKI_NOT_INITIALIZED';
      expect(rvsOf(c, call), call).toEqual([want]);
    }
    expect(rvsOf(caseOf(threaded.cases, 'finalize-only', '_exit'), 'C_Finalize')).toEqual([
      'CKR_CRYPTOKI_NOT_INITIALIZED',
    ]);
  });

  it('gives a child that initialises a fresh application: no inherited session, not logged in', () => {
    const c = caseOf(threaded.cases, 'initialize', '_exit');
    expect(rvsOf(c, 'C_Initialize')).toEqual(['CKR_OK']);
    expect(rvsOf(c, 'C_GetSessionInfo inherited')).toEqual(['CKR_SESSION_HANDLE_INVALID']);
    expect(rvsOf(c, 'new session not logged in')).toEqual(['CKR_OK']);
    expect(rvsOf(c, 'C_SignInit before login')).toEqual(['CKR_USER_NOT_LOGGED_IN']);
    expect(rvsOf(c, 'sign and verify')).toEqual(['CKR_OK']);
    expect(rvsOf(c, 'C_Finalize')).toEqual(['CKR_OK']);
  });

  it('keeps sessions, login and a pending operation for a child of the fork-safe interface', () => {
    const c = caseOf(threaded.cases, 'fork-safe', 'exit');
    expect(rvsOf(c, 'C_Sign inherited operation')).toEqual(['CKR_OK']);
    expect(rvsOf(c, 'inherited session logged in')).toEqual(['CKR_OK']);
    expect(rvsOf(c, 'C_Initialize')).toEqual(['CKR_CRYPTOKI_ALREADY_INITIALIZED']);
    expect(rvsOf(c, 'C_GetInfo after C_Finalize')).toEqual(['CKR_CRYPTOKI_NOT_INITIALIZED']);
    // Each child carried on over a connection of its own, its login cloned by the daemon.
    for (const pid of c.childPids) {
      const mine = owned(pid);
      expect(mine, `child ${pid}`).toHaveLength(1);
      const ops = mine[0]?.requests.map((r) => `${r.op}=${r.rv}`) ?? [];
      expect(ops[0]).toBe('CLONE_LOGIN=CKR_OK');
      expect(ops).toContain('SIGN=CKR_OK');
    }
  });
});

describe('the daemon request log', () => {
  const allCases = (): RuleCase[] => [...threaded.cases, ...sanitized.cases];

  it('shows no child ever sent a byte on a connection it did not open', () => {
    for (const c of allCases())
      for (const pid of c.childPids)
        expect(foreignRequests(histories, pid), `${c.rule}/${c.exit} child ${pid}`).toEqual([]);
  });

  it('shows each parent connection used only by its parent, and closed only by its goodbye', () => {
    for (const c of allCases()) {
      const parents = owned(c.parentPid);
      expect(parents.length, `${c.rule}/${c.exit}`).toBeGreaterThan(0);
      for (const h of parents) {
        expect(new Set(h.requests.map((r) => r.pid))).toEqual(new Set([c.parentPid]));
        // No end of file: no child shut the shared socket down, and the parent said BYE itself.
        expect(h.eof, `${c.rule}/${c.exit} conn ${h.conn}`).toBe(false);
        expect(h.closeReason).toBe('bye');
        expect(h.requests.at(-1)?.op).toBe('BYE');
      }
    }
  });

  it('shows children that never initialised opened no connection at all', () => {
    for (const rule of ['not-initialized', 'finalize-only'])
      for (const exit of ['exit', '_exit'])
        for (const pid of caseOf(threaded.cases, rule, exit).childPids)
          expect(owned(pid), `${rule}/${exit} child ${pid}`).toEqual([]);
  });

  it('shows a child that initialised talking on its own connection, ending it by its own exit', () => {
    const endings = (rule: string, exit: string): string[] =>
      caseOf(threaded.cases, rule, exit).childPids.map((pid) => {
        const mine = owned(pid);
        expect(mine, `${rule}/${exit} child ${pid}`).toHaveLength(1);
        return mine[0]?.closeReason ?? 'open';
      });
    expect(new Set(endings('initialize', 'exit'))).toEqual(new Set(['bye']));
    expect(new Set(endings('initialize', '_exit'))).toEqual(new Set(['bye']));
    // Without C_Finalize: exit() runs the module's destructor, which says goodbye on the child's
    // own connection; _exit() runs nothing and the kernel closes it.
    expect(new Set(endings('initialize-no-finalize', 'exit'))).toEqual(new Set(['bye']));
    expect(new Set(endings('initialize-no-finalize', '_exit'))).toEqual(new Set(['eof']));
  });
});

describe('the reference module under ASan and UBSan (single-threaded forks)', () => {
  it('holds every rule with no sanitizer report', () => {
    expect(sanitized.result.code, sanitized.result.stderr).toBe(0);
    expect(sanitized.result.stderr).not.toMatch(/AddressSanitizer|LeakSanitizer|runtime error/);
    expect(sanitized.cases).toHaveLength(2 * RULES.length);
    for (const c of sanitized.cases) {
      expect(c.held, `${c.rule}/${c.exit}`).toBe(true);
      expect(c.threadsAtFork).toEqual({ min: 1, max: 1 });
    }
  });
});

describe('the token daemon', () => {
  it('keeps its socket private: mode 0600, and a peer of another uid is turned away', async () => {
    const socket = config.env.P11REF_SOCKET ?? '';
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    if (process.getuid?.() !== 0) return; // another uid needs root to become
    // Open the way to the socket for a moment, so that only the daemon's own check is left.
    const dir = path.dirname(socket);
    const probe = `require('net').connect(${JSON.stringify(socket)}).on('data',()=>process.exit(3)).on('close',()=>process.exit(0)).on('error',()=>process.exit(4))`;
    spawnSync('chmod', ['0755', dir]);
    spawnSync('chmod', ['0666', socket]);
    const result = spawnSync(
      'setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', '--', process.execPath, '-e', probe],
      { timeout: 10_000 },
    );
    spawnSync('chmod', ['0600', socket]);
    spawnSync('chmod', ['0700', dir]);
    // Closed without a greeting, and logged.
    expect(result.status, result.stderr.toString()).toBe(0);
    const events = await readDaemonLog(config.daemonLog ?? '');
    expect(events.some((e) => e.event === 'reject' && e.uid === 65534)).toBe(true);
  });

  it('stops with its tests: nothing of the run is left behind', async () => {
    await provisioned.dispose();
    expect(leftoverProcesses(marker)).toEqual([]);
  });
});
