/**
 * `npm run examples -- [options]`: builds the fork-pattern C examples, prepares the PKCS#11
 * module configurations, runs pattern × module and writes examples/results.json and
 * examples/results.md.
 */
import { parseArgs } from 'node:util';

import {
  EXIT_FINDINGS,
  EXIT_OK,
  ConfigurationError,
  UsageError,
  parseFormat,
  runCli,
} from '../src/lib/cli';
import {
  DEFAULT_REPEAT,
  HAZARD_FORKS,
  LOAD_SHARE_MIN,
  MODULE_IDS,
  PATTERNS,
  compareResults,
  findFailures,
  isModuleId,
  readResults,
  runMatrix,
  toMarkdown,
  toText,
  writeResults,
  openEnvironment,
  serveEnvironment,
  shellExports,
  type ModuleId,
} from '../src/lib/examples/index';

const HELP = `Usage: npm run examples -- [options]
       npm run examples -- --env <configuration> [--exec '<command>'] [--format text|json]

Builds examples/*.c (make -C examples), prepares the module configurations in a temporary
folder, runs every safe pattern on every configuration (bounded, two configurations at a time),
then the hazard cells (the anti-pattern and its control) one at a time, --repeat times each,
pooled with 95% intervals; then writes examples/results.json and examples/results.md.
A hazard event is a fork whose child hung or crashed, or after which the parent was damaged
(its own sign and verify failed or blocked, or it crashed, which ends the run; a fork counts
once). A hazard cell is hazard-observed when every run saw an event, hazard-intermittent when
some did, hazard-not-observed when none did, void when a run's workers were inside the module
at fewer than ${LOAD_SHARE_MIN * 100}% of its forks; fail when the harness could not judge a run.

Options:
  --format text|json|markdown|github  how to print the results (default: text); --json = json;
                               github adds workflow annotations for failures
  --patterns a,b               only these patterns (${PATTERNS.map((p) => p.id).join(', ')})
  --modules a,b                only these configurations (${MODULE_IDS.join(', ')})
  --hazard-forks N             forks per hazard run (default ${HAZARD_FORKS})
  --repeat K                   runs per hazard cell, pooled (default ${DEFAULT_REPEAT})
  --check                      compare with the committed examples/results.json: exit 1 when a
                               categorical outcome differs (counts and timings may differ)
  --no-write                   do not write the results files (implied by --patterns/--modules)
  --env ID                     set up only configuration ID, print its environment (shell export
                               lines, or JSON with --format json: module, token, variables and
                               the daemons' pids) and keep it until Ctrl-C, or until a daemon
                               dies (then exit 1, naming it); everything is stopped and removed
  --exec '<command>'           with --env: run the command (sh -c) in that environment instead
                               of waiting; exit 0 if it succeeded and no daemon died, else 1
  -h, --help                   this help

As root, the p11-kit-proxy case runs as uid 65534 (setpriv): p11-kit reads no user
configuration for root.
Exit codes: 0 ok; 1 a pattern failed, the hazard was observed nowhere, a process was left
behind, or --check found a difference; 2 usage or set-up error (missing module, build error).
Example: npm run examples -- --modules softhsm2 --patterns atfork-reinit --format markdown
Example: npm run examples -- --env opensc --exec 'npm run probe -- --module "$P11EX_MODULE"
         --token "$P11EX_TOKEN" --pin-env P11EX_PIN'
`;

function list(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

runCli(HELP, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      format: { type: 'string' },
      json: { type: 'boolean' },
      patterns: { type: 'string' },
      modules: { type: 'string' },
      'hazard-forks': { type: 'string' },
      repeat: { type: 'string' },
      check: { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
      env: { type: 'string' },
      exec: { type: 'string' },
    },
  });
  const format = parseFormat(values);
  if (values.env !== undefined) return runEnvironment(values.env, values.exec, format);
  if (values.exec !== undefined) throw new UsageError('--exec needs --env <configuration>');
  const patterns = list(values.patterns);
  for (const id of patterns ?? [])
    if (!PATTERNS.some((p) => p.id === id))
      throw new UsageError(
        `unknown pattern ${id}; expected one of: ${PATTERNS.map((p) => p.id).join(', ')}`,
      );
  const modules = list(values.modules);
  for (const id of modules ?? [])
    if (!isModuleId(id))
      throw new UsageError(
        `unknown module configuration ${id}; expected one of: ${MODULE_IDS.join(', ')}`,
      );
  const hazardForks =
    values['hazard-forks'] === undefined ? undefined : Number(values['hazard-forks']);
  if (hazardForks !== undefined && !(Number.isInteger(hazardForks) && hazardForks > 0))
    throw new UsageError('--hazard-forks must be a positive integer, e.g. --hazard-forks 100');
  const repeat = values.repeat === undefined ? undefined : Number(values.repeat);
  if (repeat !== undefined && !(Number.isInteger(repeat) && repeat > 0))
    throw new UsageError('--repeat must be a positive integer, e.g. --repeat 5');
  const partial = patterns !== undefined || modules !== undefined;

  let run;
  try {
    run = await runMatrix({
      patterns,
      modules: modules as ModuleId[] | undefined,
      hazardForks,
      repeat,
      log: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (error) {
    throw new ConfigurationError(error instanceof Error ? error.message : String(error));
  }
  const { file } = run;
  if (format === 'json') process.stdout.write(`${JSON.stringify(file, null, 2)}\n`);
  else if (format === 'markdown') process.stdout.write(toMarkdown(file));
  else process.stdout.write(toText(file));

  const problems = findFailures(file);
  const warnings: string[] = [];
  if (run.leftovers.length > 0) problems.push(`processes left behind: ${run.leftovers.join(', ')}`);
  if (values.check) {
    const comparison = compareResults(await readResults(), file);
    warnings.push(...comparison.versionChanges.map((c) => `module version changed: ${c}`));
    warnings.push(...comparison.unstable.map((line) => `intermittent hazard: ${line}`));
    problems.push(...comparison.differences.map((d) => `differs from committed: ${d}`));
  }
  if (!values['no-write'] && !values.check && !partial) await writeResults(file);
  process.stderr.write(
    `wall time ${(run.timings.totalMs / 1000).toFixed(1)} s (build ${run.timings.buildMs} ms, ` +
      `set-up ${run.timings.provisionMs} ms, runs ${run.timings.runMs} ms)\n`,
  );
  for (const warning of warnings)
    process.stderr.write(
      format === 'github' ? `::warning title=examples::${warning}\n` : `${warning}\n`,
    );
  for (const problem of problems)
    process.stderr.write(
      format === 'github' ? `::error title=examples::${problem}\n` : `FAIL ${problem}\n`,
    );
  return problems.length > 0 ? EXIT_FINDINGS : EXIT_OK;
});

async function runEnvironment(
  id: string,
  command: string | undefined,
  format: string,
): Promise<number> {
  if (!isModuleId(id))
    throw new UsageError(
      `unknown module configuration ${id}; expected one of: ${MODULE_IDS.join(', ')}`,
    );
  let env;
  try {
    env = await openEnvironment(id);
  } catch (error) {
    throw new ConfigurationError(error instanceof Error ? error.message : String(error));
  }
  const services = env.provisioned.services.map((s) => ({ name: s.name, pid: s.pid }));
  if (format === 'json')
    process.stdout.write(
      `${JSON.stringify({ id, module: env.config.modulePath, token: env.config.token, variables: env.variables, services, workDir: env.provisioned.workDir })}\n`,
    );
  else {
    process.stdout.write(shellExports(env.variables));
    for (const s of services) process.stdout.write(`# ${s.name}: pid ${s.pid}\n`);
  }
  if (!command) process.stderr.write(`${id} is ready; Ctrl-C stops it\n`);
  const result = await serveEnvironment(env, command);
  const problems: string[] = [];
  if (result.death) problems.push(`component died: ${result.death}`);
  if (result.leftovers.length > 0)
    problems.push(`processes left behind: ${result.leftovers.join(', ')}`);
  if (!result.folderRemoved) problems.push(`folder left behind: ${env.provisioned.workDir}`);
  for (const problem of problems)
    process.stderr.write(
      format === 'github' ? `::error title=examples::${problem}\n` : `FAIL ${problem}\n`,
    );
  if (problems.length === 0) process.stderr.write(`${id} stopped; nothing left behind\n`);
  const commandFailed = result.commandCode !== undefined && result.commandCode !== 0;
  return problems.length > 0 || commandFailed ? EXIT_FINDINGS : EXIT_OK;
}
