/**
 * npm run probe -- --module <path to .so> …: the fork-behaviour probe (examples/probe) against
 * one PKCS #11 module, built if needed, its report rendered; and the commands that keep the
 * site's published reports (validate, schema, project-reports). A thin CLI over src/lib/probe;
 * the help text is src/lib/probe/help.ts.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import {
  EXIT_FINDINGS,
  EXIT_OK,
  EXIT_USAGE,
  parseFormat,
  runCli,
  UsageError,
  wholeNumber,
  defined,
} from '../src/lib/cli';
import {
  buildProbe,
  formatProbeReport,
  formatReportValidation,
  PROBE_HELP,
  PROBE_SCHEMA_FILE,
  probeProjectConfigurations,
  readPin,
  reportJson,
  runProbe,
  syncProbeSchemaFile,
  validateProbeReports,
  writeProjectReports,
} from '../src/lib/probe';
import { PROBE_OPTIONS } from '../src/lib/probe/options';

async function probe(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: PROBE_OPTIONS,
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals.join(' ')}`);
  if (values.module === undefined) throw new UsageError('--module <path to the .so> is required');
  const pinEnv = values['pin-env'];
  const format = parseFormat(values, ['text', 'json', 'markdown']);
  const pin = await readPin({ env: pinEnv, stdin: values['pin-stdin'] });
  const forks = wholeNumber(values.forks, '--forks');
  const threads = wholeNumber(values.threads, '--threads');
  const boundMs = wholeNumber(values['bound-ms'], '--bound-ms');
  if (values['no-finalize'] === true)
    process.stderr.write(
      'warning: --no-finalize: the scenarios in which a child calls C_Finalize are skipped, so R-MOD-LEAVE-PARENT-ALONE is judged without them\n',
    );

  process.stderr.write('building the probe (make -C examples/probe) …\n');
  await buildProbe();
  const run = await runProbe({
    module: values.module,
    ...defined({
      initArgs: values['init-args'],
      token: values.token,
      pin,
      forks,
      threads,
      boundMs,
    }),
    ...(values['no-finalize'] === true ? { finalize: false } : {}),
    ...(pinEnv === undefined ? {} : { withoutEnv: [pinEnv] }),
  });
  // The probe's own progress and errors, as it printed them (it never prints the PIN).
  process.stderr.write(run.stderr);
  const level = run.report === undefined ? 'error' : 'warning';
  for (const problem of run.problems) process.stderr.write(`${level}: ${problem}\n`);
  if (run.report === undefined) return EXIT_USAGE;
  if (values.output !== undefined) await writeFile(values.output, reportJson(run.report));
  process.stdout.write(await formatProbeReport(run.report, format, process.cwd()));
  return run.exitCode ?? EXIT_USAGE;
}

async function validate(files: string[]): Promise<number> {
  const validation = await validateProbeReports(files);
  process.stdout.write(formatReportValidation(validation));
  return validation.problems.length === 0 ? EXIT_OK : EXIT_FINDINGS;
}

async function schema(args: string[]): Promise<number> {
  const unknown = args.filter((arg) => arg !== '--check');
  if (unknown.length > 0)
    throw new UsageError(`schema takes only --check; got ${unknown.join(' ')}`);
  const state = await syncProbeSchemaFile(process.cwd(), { check: args.includes('--check') });
  if (state === 'out-of-date')
    process.stderr.write(`${PROBE_SCHEMA_FILE} is out of date: run npm run probe -- schema\n`);
  if (state === 'written') process.stdout.write(`wrote ${PROBE_SCHEMA_FILE}\n`);
  return state === 'out-of-date' ? EXIT_FINDINGS : EXIT_OK;
}

async function projectReports(args: string[]): Promise<number> {
  if (args.length > 0)
    throw new UsageError(`project-reports takes no arguments; got ${args.join(' ')}`);
  const runs = await probeProjectConfigurations(undefined, (message) =>
    process.stderr.write(`${message}\n`),
  );
  for (const file of await writeProjectReports(runs)) process.stdout.write(`wrote ${file}\n`);
  return EXIT_OK;
}

runCli(PROBE_HELP, async (argv) => {
  const [command, ...rest] = argv;
  if (command === 'validate') return validate(rest);
  if (command === 'schema') return schema(rest);
  if (command === 'project-reports') return projectReports(rest);
  return probe(argv);
});
