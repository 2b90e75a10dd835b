/**
 * `npm run examples -- [options]`: builds the fork-pattern C examples, prepares the PKCS#11
 * module configurations, runs pattern × module and writes examples/results.json and
 * examples/results.md; with --env, sets up one configuration to use by hand. A thin CLI over
 * src/lib/examples.
 */
import { parseArgs } from 'node:util';

import {
  EXIT_FINDINGS,
  EXIT_OK,
  ConfigurationError,
  UsageError,
  idList,
  oneOf,
  parseFormat,
  positiveInteger,
  problemLines,
  runCli,
  warningLines,
  type OutputFormat,
} from '../src/lib/cli';
import {
  DEFAULT_REPEAT,
  HAZARD_FORKS,
  LOAD_SHARE_MIN,
  MODULE_IDS,
  PATTERNS,
  describeEnvironment,
  describeTimings,
  environmentProblems,
  formatResults,
  judgeMatrixRun,
  openEnvironment,
  readResults,
  runMatrix,
  serveEnvironment,
  writeResults,
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

/** The library's set-up failures (a module missing, a build error) are set-up errors: exit 2. */
async function setUp<T>(work: Promise<T>): Promise<T> {
  return work.catch((error: unknown) => {
    throw new ConfigurationError(error instanceof Error ? error.message : String(error));
  });
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
  const patterns = idList(
    values.patterns,
    PATTERNS.map((p) => p.id),
    '--patterns',
  );
  const modules = idList<ModuleId>(values.modules, MODULE_IDS, '--modules');
  const hazardForks = positiveInteger(values['hazard-forks'], '--hazard-forks');
  const repeat = positiveInteger(values.repeat, '--repeat');
  const log = (line: string): boolean => process.stderr.write(`${line}\n`);
  const run = await setUp(runMatrix({ patterns, modules, hazardForks, repeat, log }));
  process.stdout.write(formatResults(run.file, format));
  const { problems, warnings } = judgeMatrixRun(
    run,
    values.check ? await readResults() : undefined,
  );
  const partial = patterns !== undefined || modules !== undefined;
  if (!values['no-write'] && !values.check && !partial) await writeResults(run.file);
  process.stderr.write(describeTimings(run));
  process.stderr.write(warningLines(warnings, format, 'examples'));
  process.stderr.write(problemLines(problems, format, 'examples'));
  return problems.length > 0 ? EXIT_FINDINGS : EXIT_OK;
});

async function runEnvironment(
  id: string,
  command: string | undefined,
  format: OutputFormat,
): Promise<number> {
  const env = await setUp(openEnvironment(oneOf(id, MODULE_IDS, '--env')));
  process.stdout.write(describeEnvironment(id, env, format));
  if (!command) process.stderr.write(`${id} is ready; Ctrl-C stops it\n`);
  const result = await serveEnvironment(env, command);
  const problems = environmentProblems(env, result);
  process.stderr.write(problemLines(problems, format, 'examples'));
  if (problems.length === 0) process.stderr.write(`${id} stopped; nothing left behind\n`);
  const commandFailed = result.commandCode !== undefined && result.commandCode !== 0;
  return problems.length > 0 || commandFailed ? EXIT_FINDINGS : EXIT_OK;
}
