/**
 * Builds and runs the runtime examples (examples/runtimes): the process-creation calls and their
 * atfork handlers without a module, and a child leaving with exit() or _exit() on each module
 * configuration, OpenSSL's PKCS #11 engine signing across a fork (its child's calls logged by
 * pkcs11-spy), and PyKCS11 workers started by each multiprocessing start method. Every case
 * runs `repeats` times; the facts must agree on every run, or the run
 * fails (the facts are categorical, never rates). The cases are listed in cases.ts; how one is
 * measured is measure.ts.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';

import { EXAMPLES_DIR } from '../examples/build';
import type { ModuleId } from '../examples/catalog';
import { modulePaths, multiarch } from '../examples/host-modules';
import { baseEnv, type ModuleConfig, type Provisioned } from '../examples/module-config';
import { provisionModules } from '../examples/modules';
import { runCommand } from '../examples/proc';
import {
  DEBIAN_PYTHON,
  ENGINE_HINT,
  ENGINE_MODULES,
  EXIT_MODES,
  EXIT_MODULES,
  MUTEX_MODES,
  PROCESS_CALLS,
  PYKCS11_HINT,
  PYTHON_CASES,
  PYTHON_HOOKS,
  PYTHON_MODULES,
  SHORT_BOUND_MS,
} from './cases';
import {
  buildRuntimes,
  describeRuntimeMachine,
  gilFacts,
  measure,
  packageVersion,
  runProgram,
  type CaseContext,
} from './measure';
import {
  HAZARD_MODES,
  HAZARD_MODULE,
  HAZARD_WORKERS,
  hazardCase,
  PYTHON_HAZARD_FORKS,
  PYTHON_HAZARD_REPEATS,
  runHazardCell,
} from './python-hazard';
import { RUNTIMES_DIR, type RuntimesFile } from './results';

export interface RuntimesOptions {
  repeats?: number;
  /** python-fork-hazard: forks per run and runs per cell (PYTHON_HAZARD_FORKS, _REPEATS). */
  hazardForks?: number;
  hazardRepeats?: number;
  modules?: readonly ModuleId[];
  log?: (line: string) => void;
}

/** The environment a program run on a configuration gets: its module's, and its PIN. */
function configEnv(config: ModuleConfig): Record<string, string> {
  return { ...baseEnv(), ...config.env, P11EX_PIN: config.pin };
}

/** The module and token arguments every example takes. */
function moduleArgs(config: ModuleConfig): string[] {
  const args = ['--module', config.modulePath, '--token', config.token];
  if (config.initArgs) args.push('--init-args', config.initArgs);
  return args;
}

/** atfork-handlers: each process-creation call, without a module. */
async function runAtforkHandlers(context: CaseContext): Promise<void> {
  for (const call of PROCESS_CALLS)
    await measure(
      context,
      { label: `atfork-handlers --call ${call}`, module: 'none', packages: {}, named: false },
      () => runProgram(path.join(context.bin, 'atfork-handlers'), ['--call', call], baseEnv()),
    );
}

/** PyKCS11 itself: it loads NSS softoken, and whether it can release the GIL. Returns its version. */
async function runPythonBinding(context: CaseContext): Promise<string> {
  const probe = await runCommand(DEBIAN_PYTHON, ['-c', 'import PyKCS11'], {
    env: baseEnv(),
    timeoutMs: 30_000,
  }).catch(() => undefined);
  if (!probe || probe.code !== 0) throw new Error(PYKCS11_HINT);
  const pykcs11 = await packageVersion('python3-pykcs11');
  const softokn = (await modulePaths()).softokn ?? '';
  const packages = { libnss3: await packageVersion('libnss3'), 'python3-pykcs11': pykcs11 };
  const script = path.join(RUNTIMES_DIR, 'python-load.py');
  await measure(
    context,
    { label: 'python-load on nss-softokn', module: 'nss-softokn', packages, named: false },
    () =>
      runProgram(DEBIAN_PYTHON, [script, '--module', softokn, '--name', 'nss-softokn'], baseEnv()),
  );
  context.results.push({
    case: 'python-binding/gil',
    module: 'none',
    packages: { 'python3-pykcs11': pykcs11 },
    facts: await gilFacts(),
    runs: 1,
  });
  return pykcs11;
}

/** exit-in-child, then mutex-callbacks and slot-event, on each configuration. */
async function runModuleCases(context: CaseContext, configs: ModuleConfig[]): Promise<void> {
  for (const config of configs)
    for (const mode of EXIT_MODES) {
      const args = [...moduleArgs(config), '--mode', mode];
      const label = `exit-in-child ${mode} on ${config.id}`;
      await measure(
        context,
        { label, module: config.id, packages: config.info.packages, named: true },
        () => runProgram(path.join(context.bin, 'exit-in-child'), args, configEnv(config), config),
      );
    }
  const runs: [string, string[]][] = [
    ...MUTEX_MODES.map((mode): [string, string[]] => ['mutex-callbacks', ['--mode', mode]]),
    ['slot-event', []],
  ];
  for (const config of configs) {
    const base = [...moduleArgs(config), '--bound-ms', `${SHORT_BOUND_MS}`];
    for (const [program, extra] of runs) {
      const label = `${program} ${extra.join(' ')} on ${config.id}`;
      await measure(
        context,
        { label, module: config.id, packages: config.info.packages, named: true },
        () =>
          runProgram(
            path.join(context.bin, program),
            [...base, ...extra],
            configEnv(config),
            config,
          ),
      );
    }
  }
}

/** engine-fork: OpenSSL's PKCS #11 engine signing across a fork, pkcs11-spy logging the calls. */
async function runEngineCases(context: CaseContext, provisioned: Provisioned): Promise<void> {
  const lib = path.join('/usr/lib', await multiarch());
  const engine = path.join(lib, 'engines-3', 'pkcs11.so');
  const spy = path.join(lib, 'pkcs11-spy.so');
  for (const file of [engine, spy])
    if (!existsSync(file)) throw new Error(`${file} not found: ${ENGINE_HINT}`);
  const enginePackages = {
    'libengine-pkcs11-openssl': await packageVersion('libengine-pkcs11-openssl'),
    'opensc-pkcs11': await packageVersion('opensc-pkcs11'),
  };
  for (const config of provisioned.configs.filter((c) => ENGINE_MODULES.includes(c.id))) {
    const spyLog = path.join(provisioned.workDir, `${config.id}-spy.log`);
    const uri = `pkcs11:token=${config.token};object=forkkey;type=private`;
    const args = ['--engine', engine, '--module', spy, '--uri', uri, '--log', spyLog];
    const env = { ...configEnv(config), PKCS11SPY: config.modulePath, PKCS11SPY_OUTPUT: spyLog };
    const packages = { ...config.info.packages, ...enginePackages };
    const label = `engine-fork on ${config.id}`;
    await measure(context, { label, module: config.id, packages, named: true }, async () => {
      await rm(spyLog, { force: true });
      return runProgram(path.join(context.bin, 'engine-fork'), args, env, config);
    });
  }
}

/** One Python script per pattern, on each configuration, with each case's options. */
async function runPythonCases(
  context: CaseContext,
  configs: ModuleConfig[],
  pykcs11: string,
): Promise<void> {
  for (const config of configs) {
    const python = async (script: string, options: string[]): Promise<void> => {
      // PyKCS11 passes no CK_C_INITIALIZE_ARGS, so no --init-args here.
      const args = [path.join(RUNTIMES_DIR, script), '--module', config.modulePath];
      args.push('--token', config.token, ...options);
      const label = `${script} ${options.join(' ')} on ${config.id}`;
      const packages = { ...config.info.packages, 'python3-pykcs11': pykcs11 };
      await measure(context, { label, module: config.id, packages, named: true }, () =>
        runProgram(DEBIAN_PYTHON, args, configEnv(config), config),
      );
    };
    for (const [method, child] of PYTHON_CASES)
      await python('python-start-methods.py', ['--method', method, '--child', child]);
    for (const hook of PYTHON_HOOKS)
      await python('python-register-at-fork.py', ['--handler', hook]);
  }
}

/** python-fork-hazard: each worker kind and mode, pooled over its repeat runs. */
async function runPythonHazard(
  context: CaseContext,
  config: ModuleConfig,
  pykcs11: string,
  counts: { forks: number; repeats: number },
): Promise<void> {
  for (const workers of HAZARD_WORKERS)
    for (const mode of HAZARD_MODES) {
      const { facts, hazard } = await runHazardCell({
        runtimesDir: RUNTIMES_DIR,
        helper: path.join(context.bin, 'libfork-load.so'),
        config,
        env: configEnv(config),
        workers,
        mode,
        forks: counts.forks,
        repeats: counts.repeats,
      });
      const caseId = hazardCase(workers, mode);
      context.log(`${caseId} on ${config.id}: ${JSON.stringify(facts)} ${hazard.outcome}`);
      context.results.push({
        case: caseId,
        module: config.id,
        packages: { ...config.info.packages, 'python3-pykcs11': pykcs11 },
        facts,
        runs: counts.repeats,
        hazard,
      });
    }
}

export async function runRuntimes(options: RuntimesOptions = {}): Promise<RuntimesFile> {
  const { repeats = 3, modules = EXIT_MODULES, log = () => undefined } = options;
  const { hazardForks = PYTHON_HAZARD_FORKS, hazardRepeats = PYTHON_HAZARD_REPEATS } = options;
  const context: CaseContext = { repeats, bin: await buildRuntimes(), log, results: [] };
  await runAtforkHandlers(context);
  const pykcs11 = await runPythonBinding(context);
  const wanted = [...new Set([...modules, ...PYTHON_MODULES, ...ENGINE_MODULES, HAZARD_MODULE])];
  const provisioned = await provisionModules(path.join(EXAMPLES_DIR, 'build'), wanted);
  const { configs } = provisioned;
  try {
    await runModuleCases(
      context,
      configs.filter((c) => modules.includes(c.id)),
    );
    await runEngineCases(context, provisioned);
    await runPythonCases(
      context,
      configs.filter((c) => PYTHON_MODULES.includes(c.id)),
      pykcs11,
    );
    const hazardConfig = configs.find((c) => c.id === HAZARD_MODULE);
    if (!hazardConfig) throw new Error(`${HAZARD_MODULE} was not provisioned`);
    await runPythonHazard(context, hazardConfig, pykcs11, {
      forks: hazardForks,
      repeats: hazardRepeats,
    });
  } finally {
    await provisioned.dispose();
  }
  return {
    schema: 1,
    command: 'npm run runtimes',
    machine: describeRuntimeMachine(),
    results: context.results,
  };
}
