/**
 * Building examples/probe with make and running it against one module: the PIN goes to the
 * probe on its standard input (never as an argument, never in its environment), the run is
 * bounded and its whole process group killed at the end, and the JSON it prints is validated
 * against the report schema.
 */
import path from 'node:path';
import { EXAMPLES_DIR } from '../examples/build';
import { commandFor } from '../examples/module-config';
import { runChecked, runCommand } from '../examples/proc';
import { parseProbeReport, type ProbeReport } from './schema';

export const PROBE_DIR = path.join(EXAMPLES_DIR, 'probe');
export const PROBE_BUILD_DIR = path.join(PROBE_DIR, 'build');
export const PROBE_BINARY = path.join(PROBE_BUILD_DIR, 'pkcs11-fork-probe');

/** Builds the probe (make is incremental: a no-op when it is current), and the broken test modules on request. */
export async function buildProbe(options: { testModules?: boolean } = {}): Promise<string> {
  const targets = options.testModules === true ? ['all', 'test-modules'] : ['all'];
  await runChecked('make', ['-s', '-C', PROBE_DIR, ...targets], { timeoutMs: 300_000 });
  return PROBE_BINARY;
}

export interface ProbeOptions {
  module: string;
  initArgs?: string;
  token?: string;
  /** The user PIN; written to the probe's standard input. */
  pin?: string;
  forks?: number;
  threads?: number;
  boundMs?: number;
  /** false: --no-finalize. */
  finalize?: boolean;
  /** Environment the module needs (SOFTHSM2_CONF, …), on top of this process's. */
  env?: Record<string, string>;
  /** Names of variables of this process's environment to leave out (the PIN's). */
  withoutEnv?: readonly string[];
  runAs?: { uid: number; gid: number };
  /** Bound of the whole run; the probe bounds each scenario itself. Default 10 minutes. */
  timeoutMs?: number;
  binary?: string;
}

export interface ProbeRun {
  /** The probe's own exit status: 0 no failure, 1 failures, 2 usage or set-up error. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  durationMs: number;
  /** The validated report, when the probe printed one. */
  report?: ProbeReport;
  /** Why there is no report, or what in it does not fit the schema. */
  problems: string[];
  stderr: string;
}

export function probeArguments(options: ProbeOptions): string[] {
  const args = ['--module', options.module];
  if (options.initArgs !== undefined) args.push('--init-args', options.initArgs);
  if (options.token !== undefined) args.push('--token', options.token);
  if (options.pin !== undefined) args.push('--pin-stdin');
  if (options.forks !== undefined) args.push('--forks', String(options.forks));
  if (options.threads !== undefined) args.push('--threads', String(options.threads));
  if (options.boundMs !== undefined) args.push('--bound-ms', String(options.boundMs));
  if (options.finalize === false) args.push('--no-finalize');
  return args;
}

export async function runProbe(options: ProbeOptions): Promise<ProbeRun> {
  const binary = options.binary ?? PROBE_BINARY;
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  for (const name of options.withoutEnv ?? []) Reflect.deleteProperty(env, name);
  const { command, args } = commandFor(
    options.runAs === undefined ? {} : { runAs: options.runAs },
    binary,
    probeArguments(options),
  );
  const result = await runCommand(command, args, {
    env,
    timeoutMs: options.timeoutMs ?? 600_000,
    ...(options.pin === undefined ? {} : { input: `${options.pin}\n` }),
  });
  const run: ProbeRun = {
    exitCode: result.code,
    signal: result.signal,
    timedOut: result.timedOut,
    durationMs: result.durationMs,
    problems: [],
    stderr: result.stderr,
  };
  if (result.timedOut) {
    run.problems.push(`the probe did not finish within ${String(options.timeoutMs ?? 600_000)} ms`);
  }
  if (result.stdout.trim() === '') {
    if (!result.timedOut) run.problems.push('the probe printed no report');
    return run;
  }
  let json: unknown;
  try {
    json = JSON.parse(result.stdout);
  } catch (error) {
    run.problems.push(`the probe's output is not JSON: ${(error as Error).message}`);
    return run;
  }
  const parsed = parseProbeReport(json);
  run.problems.push(...parsed.problems);
  if (parsed.report !== undefined) run.report = parsed.report;
  return run;
}
