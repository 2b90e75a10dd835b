/**
 * How one runtime case is measured: the examples built, a program run bounded and its
 * `RUNTIME-FACT` line read, `repeats` runs that must print the same facts, and the versions of
 * what it loaded.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

import { EXAMPLES_DIR } from '../examples/build';
import { commandFor, type ModuleConfig } from '../examples/module-config';
import { runChecked, runCommand } from '../examples/proc';
import { PYKCS11_HINT } from './cases';
import { parseFactLine, RUNTIMES_DIR, type RuntimeFact, type RuntimesFile } from './results';

const BUILD_HINT = 'needs gcc, make, libp11-kit-dev (scripts/setup.sh installs them)';

async function make(args: string[], timeoutMs: number): Promise<void> {
  try {
    await runChecked('make', args, { timeoutMs });
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${BUILD_HINT}`);
  }
}

export async function buildRuntimes(): Promise<string> {
  // keygen and the reference module come from the pattern Makefile; the plain targets only.
  await make(['-s', '-C', EXAMPLES_DIR, 'build/p11ex-keygen', 'module-plain'], 300_000);
  await make(['-s', '-C', RUNTIMES_DIR, 'all'], 120_000);
  return path.join(RUNTIMES_DIR, 'build');
}

/** Runs one program `repeats` times and returns the facts, which must be the same each time. */
async function repeated(
  repeats: number,
  label: string,
  once: () => Promise<{ case: string; facts: RuntimeFact['facts'] }>,
): Promise<{ case: string; facts: RuntimeFact['facts'] }> {
  const first = await once();
  for (let i = 1; i < repeats; i++) {
    const next = await once();
    if (JSON.stringify(next) !== JSON.stringify(first))
      throw new Error(
        `${label}: run ${i + 1} disagrees with run 1: ${JSON.stringify(next.facts)} vs ${JSON.stringify(first.facts)}`,
      );
  }
  return first;
}

export async function runProgram(
  program: string,
  args: string[],
  env: Record<string, string>,
  config?: Pick<ModuleConfig, 'runAs'>,
): Promise<{ case: string; facts: RuntimeFact['facts'] }> {
  const { command, args: full } = commandFor(config ?? {}, program, args);
  const result = await runCommand(command, full, { env, timeoutMs: 30_000 });
  if (result.timedOut || result.code !== 0)
    throw new Error(
      `${path.basename(program)} ${args.join(' ')}: ${result.timedOut ? 'timed out' : `exit ${result.code ?? result.signal}`}\n${result.stdout}${result.stderr}`,
    );
  return parseFactLine(result.stdout, path.basename(program));
}

/**
 * Whether PyKCS11's extension can release the GIL: it would import PyEval_SaveThread (the
 * function behind Py_BEGIN_ALLOW_THREADS) or PyGILState_Ensure. Read from its dynamic symbols.
 */
export async function gilFacts(): Promise<Record<string, boolean>> {
  const { stdout: listing } = await runChecked('dpkg', ['-L', 'python3-pykcs11'], {
    timeoutMs: 10_000,
  });
  const extension = listing.split('\n').find((f) => /\/_LowLevel\..*\.so$/.test(f));
  if (!extension) throw new Error(`python3-pykcs11 ships no _LowLevel extension; ${PYKCS11_HINT}`);
  const { stdout } = await runChecked('nm', ['-D', '--undefined-only', extension], {
    timeoutMs: 10_000,
  });
  const imports = new Set(stdout.split('\n').map((l) => l.trim().split(/\s+/).pop() ?? ''));
  return {
    importsPyEvalSaveThread: imports.has('PyEval_SaveThread'),
    importsPyGILStateEnsure: imports.has('PyGILState_Ensure'),
  };
}

export async function packageVersion(name: string): Promise<string> {
  const { stdout } = await runChecked('dpkg-query', ['-W', '-f', '${Version}', name], {
    timeoutMs: 10_000,
  });
  return stdout.trim();
}

export function describeRuntimeMachine(): RuntimesFile['machine'] {
  const glibc = execFileSync('getconf', ['GNU_LIBC_VERSION'], { encoding: 'utf8' }).trim();
  const kernel = execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim();
  return { glibc, kernel, arch: process.arch };
}

/** What every case runner shares: how often to repeat, where the programs are, the log. */
export interface CaseContext {
  repeats: number;
  bin: string;
  log: (line: string) => void;
  results: RuntimeFact[];
}

/**
 * Runs a case `repeats` times (the facts must agree), logs its facts and records them with the
 * packages it loaded. `named`: the log line names the module configuration.
 */
export async function measure(
  context: CaseContext,
  what: { label: string; module: string; packages: Record<string, string>; named: boolean },
  once: () => Promise<{ case: string; facts: RuntimeFact['facts'] }>,
): Promise<void> {
  const got = await repeated(context.repeats, what.label, once);
  context.log(`${got.case}${what.named ? ` on ${what.module}` : ''}: ${JSON.stringify(got.facts)}`);
  context.results.push({
    case: got.case,
    module: what.module,
    packages: what.packages,
    facts: got.facts,
    runs: context.repeats,
  });
}
