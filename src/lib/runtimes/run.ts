/**
 * Builds and runs the runtime examples (examples/runtimes): the process-creation calls and their
 * atfork handlers without a module, and a child leaving with exit() or _exit() on each module
 * configuration, OpenSSL's PKCS #11 engine signing across a fork (its child's calls logged by
 * pkcs11-spy), and PyKCS11 workers started by each multiprocessing start method. Every case
 * runs `repeats` times; the facts must agree on every run, or the run
 * fails (the facts are categorical, never rates).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';

import { EXAMPLES_DIR } from '../examples/build';
import type { ModuleId } from '../examples/catalog';
import {
  baseEnv,
  commandFor,
  modulePaths,
  multiarch,
  provisionModules,
  type ModuleConfig,
} from '../examples/modules';
import { runChecked, runCommand } from '../examples/proc';
import {
  HAZARD_MODES,
  HAZARD_MODULE,
  HAZARD_WORKERS,
  hazardCase,
  PYTHON_HAZARD_FORKS,
  PYTHON_HAZARD_REPEATS,
  runHazardCell,
} from './python-hazard';
import { parseFactLine, RUNTIMES_DIR, type RuntimeFact, type RuntimesFile } from './results';

export const PROCESS_CALLS = ['fork', 'posix_spawn', 'vfork', 'system'] as const;
export const EXIT_MODES = ['exit', '_exit'] as const;
/**
 * The configurations a child's exit is measured on. The p11-kit proxy is left out: it needs the
 * unprivileged user, and its managed-module finalising is read from source on the wrappers page.
 */
export const EXIT_MODULES: readonly ModuleId[] = [
  'softhsm2',
  'softhsm2-reset-on-fork',
  'nss-softokn',
  'p11-kit-remote',
  'reference',
];

/** mutex-callbacks.c: which callbacks the module calls; a child of a single-threaded parent; a
 * child forked while a parent thread holds every mutex the module created. */
export const MUTEX_MODES = ['calls', 'child', 'held'] as const;
/** The child bound of mutex-callbacks and slot-event: short, because their blocked children and
 * waits are certain, not rare; a child past it that is not provably blocked gets a second bound. */
export const SHORT_BOUND_MS = 1_000;

/** multiprocessing start method and what the worker does (see python-start-methods.py). */
export const PYTHON_CASES = [
  ['fork', 'inherited'],
  ['fork', 'fresh'],
  ['forkserver', 'fresh'],
  ['spawn', 'fresh'],
] as const;
/** os.register_at_fork hooks: record a flag only, or load the module inside the hook. */
export const PYTHON_HOOKS = ['flag', 'call'] as const;
/** NSS softoken is left out: PyKCS11 passes no CK_C_INITIALIZE_ARGS, which NSS needs. */
export const PYTHON_MODULES: readonly ModuleId[] = [
  'softhsm2',
  'softhsm2-reset-on-fork',
  'p11-kit-remote',
  'reference',
];
/** Module configurations the engine case runs on (the engine loads pkcs11-spy.so in front). */
export const ENGINE_MODULES: readonly ModuleId[] = ['softhsm2', 'softhsm2-reset-on-fork'];
const ENGINE_HINT =
  'install the Debian packages libengine-pkcs11-openssl (the engine) and opensc-pkcs11 (pkcs11-spy.so)';

/** Debian's interpreter, not whatever python3 comes first on PATH: the binding is Debian's. */
export const DEBIAN_PYTHON = '/usr/bin/python3';
const PYKCS11_HINT =
  'PyKCS11 is missing: install the Debian package python3-pykcs11 (scripts/setup.sh lists it)';

export interface RuntimesOptions {
  repeats?: number;
  /** python-fork-hazard: forks per run and runs per cell (PYTHON_HAZARD_FORKS, _REPEATS). */
  hazardForks?: number;
  hazardRepeats?: number;
  modules?: readonly ModuleId[];
  log?: (line: string) => void;
}

const BUILD_HINT = 'needs gcc, make, libp11-kit-dev (scripts/setup.sh installs them)';

async function make(args: string[], timeoutMs: number): Promise<void> {
  try {
    await runChecked('make', args, { timeoutMs });
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${BUILD_HINT}`);
  }
}

async function build(): Promise<string> {
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

async function runProgram(
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
async function gilFacts(): Promise<Record<string, boolean>> {
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

async function packageVersion(name: string): Promise<string> {
  const { stdout } = await runChecked('dpkg-query', ['-W', '-f', '${Version}', name], {
    timeoutMs: 10_000,
  });
  return stdout.trim();
}

function machine(): RuntimesFile['machine'] {
  const glibc = execFileSync('getconf', ['GNU_LIBC_VERSION'], { encoding: 'utf8' }).trim();
  const kernel = execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim();
  return { glibc, kernel, arch: process.arch };
}

export async function runRuntimes(options: RuntimesOptions = {}): Promise<RuntimesFile> {
  const { repeats = 3, modules = EXIT_MODULES, log = () => undefined } = options;
  const { hazardForks = PYTHON_HAZARD_FORKS, hazardRepeats = PYTHON_HAZARD_REPEATS } = options;
  const bin = await build();
  const results: RuntimeFact[] = [];
  for (const call of PROCESS_CALLS) {
    const got = await repeated(repeats, `atfork-handlers --call ${call}`, () =>
      runProgram(path.join(bin, 'atfork-handlers'), ['--call', call], baseEnv()),
    );
    log(`${got.case}: ${JSON.stringify(got.facts)}`);
    results.push({ case: got.case, module: 'none', packages: {}, facts: got.facts, runs: repeats });
  }
  const probe = await runCommand(DEBIAN_PYTHON, ['-c', 'import PyKCS11'], {
    env: baseEnv(),
    timeoutMs: 30_000,
  }).catch(() => undefined);
  if (!probe || probe.code !== 0) throw new Error(PYKCS11_HINT);
  const pykcs11 = await packageVersion('python3-pykcs11');
  const softokn = (await modulePaths()).softokn ?? '';
  const load = await repeated(repeats, 'python-load on nss-softokn', () =>
    runProgram(
      DEBIAN_PYTHON,
      [path.join(RUNTIMES_DIR, 'python-load.py'), '--module', softokn, '--name', 'nss-softokn'],
      baseEnv(),
    ),
  );
  log(`${load.case}: ${JSON.stringify(load.facts)}`);
  results.push({
    case: load.case,
    module: 'nss-softokn',
    packages: { libnss3: await packageVersion('libnss3'), 'python3-pykcs11': pykcs11 },
    facts: load.facts,
    runs: repeats,
  });
  results.push({
    case: 'python-binding/gil',
    module: 'none',
    packages: { 'python3-pykcs11': pykcs11 },
    facts: await gilFacts(),
    runs: 1,
  });
  const wanted = [...new Set([...modules, ...PYTHON_MODULES, ...ENGINE_MODULES, HAZARD_MODULE])];
  const provisioned = await provisionModules(path.join(EXAMPLES_DIR, 'build'), wanted);
  try {
    for (const config of provisioned.configs.filter((c) => modules.includes(c.id))) {
      for (const mode of EXIT_MODES) {
        const args = ['--module', config.modulePath, '--token', config.token, '--mode', mode];
        if (config.initArgs) args.push('--init-args', config.initArgs);
        const env = { ...baseEnv(), ...config.env, P11EX_PIN: config.pin };
        const got = await repeated(repeats, `exit-in-child ${mode} on ${config.id}`, () =>
          runProgram(path.join(bin, 'exit-in-child'), args, env, config),
        );
        log(`${got.case} on ${config.id}: ${JSON.stringify(got.facts)}`);
        results.push({
          case: got.case,
          module: config.id,
          packages: config.info.packages,
          facts: got.facts,
          runs: repeats,
        });
      }
    }
    for (const config of provisioned.configs.filter((c) => modules.includes(c.id))) {
      const base = ['--module', config.modulePath, '--token', config.token];
      if (config.initArgs) base.push('--init-args', config.initArgs);
      base.push('--bound-ms', `${SHORT_BOUND_MS}`);
      const env = { ...baseEnv(), ...config.env, P11EX_PIN: config.pin };
      const runs: [string, string[]][] = [
        ...MUTEX_MODES.map((mode): [string, string[]] => ['mutex-callbacks', ['--mode', mode]]),
        ['slot-event', []],
      ];
      for (const [program, extra] of runs) {
        const got = await repeated(repeats, `${program} ${extra.join(' ')} on ${config.id}`, () =>
          runProgram(path.join(bin, program), [...base, ...extra], env, config),
        );
        log(`${got.case} on ${config.id}: ${JSON.stringify(got.facts)}`);
        results.push({
          case: got.case,
          module: config.id,
          packages: config.info.packages,
          facts: got.facts,
          runs: repeats,
        });
      }
    }
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
      const env = {
        ...baseEnv(),
        ...config.env,
        P11EX_PIN: config.pin,
        PKCS11SPY: config.modulePath,
        PKCS11SPY_OUTPUT: spyLog,
      };
      const got = await repeated(repeats, `engine-fork on ${config.id}`, async () => {
        await rm(spyLog, { force: true });
        return runProgram(path.join(bin, 'engine-fork'), args, env, config);
      });
      log(`${got.case} on ${config.id}: ${JSON.stringify(got.facts)}`);
      results.push({
        case: got.case,
        module: config.id,
        packages: { ...config.info.packages, ...enginePackages },
        facts: got.facts,
        runs: repeats,
      });
    }
    for (const config of provisioned.configs.filter((c) => PYTHON_MODULES.includes(c.id))) {
      // One Python script per pattern, run on this configuration with the case's options.
      const python = async (script: string, options: string[]): Promise<void> => {
        const args = [path.join(RUNTIMES_DIR, script), '--module', config.modulePath];
        args.push('--token', config.token, ...options);
        const env = { ...baseEnv(), ...config.env, P11EX_PIN: config.pin };
        const got = await repeated(repeats, `${script} ${options.join(' ')} on ${config.id}`, () =>
          runProgram(DEBIAN_PYTHON, args, env, config),
        );
        log(`${got.case} on ${config.id}: ${JSON.stringify(got.facts)}`);
        results.push({
          case: got.case,
          module: config.id,
          packages: { ...config.info.packages, 'python3-pykcs11': pykcs11 },
          facts: got.facts,
          runs: repeats,
        });
      };
      for (const [method, child] of PYTHON_CASES)
        await python('python-start-methods.py', ['--method', method, '--child', child]);
      for (const hook of PYTHON_HOOKS)
        await python('python-register-at-fork.py', ['--handler', hook]);
    }
    const hazardConfig = provisioned.configs.find((c) => c.id === HAZARD_MODULE);
    if (!hazardConfig) throw new Error(`${HAZARD_MODULE} was not provisioned`);
    for (const workers of HAZARD_WORKERS)
      for (const mode of HAZARD_MODES) {
        const { facts, hazard } = await runHazardCell({
          runtimesDir: RUNTIMES_DIR,
          helper: path.join(bin, 'libfork-load.so'),
          config: hazardConfig,
          env: { ...baseEnv(), ...hazardConfig.env, P11EX_PIN: hazardConfig.pin },
          workers,
          mode,
          forks: hazardForks,
          repeats: hazardRepeats,
        });
        const caseId = hazardCase(workers, mode);
        log(`${caseId} on ${hazardConfig.id}: ${JSON.stringify(facts)} ${hazard.outcome}`);
        results.push({
          case: caseId,
          module: hazardConfig.id,
          packages: { ...hazardConfig.info.packages, 'python3-pykcs11': pykcs11 },
          facts,
          runs: hazardRepeats,
          hazard,
        });
      }
  } finally {
    await provisioned.dispose();
  }
  return { schema: 1, command: 'npm run runtimes', machine: machine(), results };
}
