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
  asSetUp,
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
import { EXAMPLES_HELP, EXAMPLES_OPTIONS } from '../src/lib/examples/help';

runCli(EXAMPLES_HELP, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: EXAMPLES_OPTIONS,
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
  const run = await asSetUp(runMatrix({ patterns, modules, hazardForks, repeat, log }));
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
  const env = await asSetUp(openEnvironment(oneOf(id, MODULE_IDS, '--env')));
  process.stdout.write(describeEnvironment(id, env, format));
  if (!command) process.stderr.write(`${id} is ready; Ctrl-C stops it\n`);
  const result = await serveEnvironment(env, command);
  const problems = environmentProblems(env, result);
  process.stderr.write(problemLines(problems, format, 'examples'));
  if (problems.length === 0) process.stderr.write(`${id} stopped; nothing left behind\n`);
  const commandFailed = result.commandCode !== undefined && result.commandCode !== 0;
  return problems.length > 0 || commandFailed ? EXIT_FINDINGS : EXIT_OK;
}
