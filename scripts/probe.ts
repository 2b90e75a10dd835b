/**
 * npm run probe -- --module <path to .so> …: the fork-behaviour probe (examples/probe) against
 * one PKCS #11 module, built if needed, its report rendered; and the commands that keep the
 * site's published reports. A thin CLI over src/lib/probe.
 */
import { createInterface } from 'node:readline';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import { loadSiteConfig, publishedSiteUrl } from '../src/config';
import {
  EXIT_FINDINGS,
  EXIT_OK,
  EXIT_USAGE,
  parseFormat,
  runCli,
  ConfigurationError,
  UsageError,
} from '../src/lib/cli';
import {
  buildProbe,
  generateProbeSchema,
  parseProbeReport,
  PROBE_SCHEMA_FILE,
  probeProjectConfigurations,
  readPublishedReports,
  recommendationLinks,
  renderMarkdown,
  renderText,
  reportJson,
  runProbe,
  writeProjectReports,
} from '../src/lib/probe';

const HELP = `Usage: npm run probe -- --module <path to .so> [options]
       npm run probe -- validate [file.json …]
       npm run probe -- project-reports
       npm run probe -- schema [--check]

Runs the fork-behaviour probe (examples/probe, built with make if needed) against one PKCS #11
module: what a child sees after fork() with and without C_Initialize, whether anything a child
does reaches its parent, the fork-safe interface, the atfork anti-pattern under threads, and the
cost of C_Initialize in a child; then judges the module-side recommendations R-MOD-*.

Options:
  --module <path>     the module (shared library); required
  --init-args <s>     string for CK_C_INITIALIZE_ARGS.pReserved (NSS softoken's configuration)
  --token <label>     the token to use (default: the first slot with a token)
  --pin-env <VAR>     read the user PIN from environment variable VAR
  --pin-stdin         read the user PIN from the first line of standard input
                      (the PIN is never an argument: npm echoes arguments and ps shows them)
  --forks <n>         children per atfork variant (default 20)
  --threads <n>       busy threads in the parent (default 2)
  --bound-ms <ms>     how long a child may run before it is examined for a hang (default 5000)
  --no-finalize       skip the scenarios in which a child calls C_Finalize (they can disturb a
                      live card reader or daemon shared with other processes)
  --format <f>        text (default), json (the probe's report), or markdown
  --output <file>     also write the JSON report to this file

The probe logs in once and stops before forking if that fails; it creates session objects only.
validate         checks probe reports against the schema (default: examples/probe/reports/)
schema           writes static/schemas/probe-report.schema.json from the schema (--check: exit 1
                 when the committed file is out of date)
project-reports  regenerates examples/probe/reports/project/ from every module configuration
                 of the examples matrix (needs the Debian packages of npm run setup)
Exit status: 0 no recommendation failed; 1 failures; 2 usage or set-up error (module not
loadable, token not found, login refused).
`;

async function readPinFromStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('PIN: ');
  const lines = createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    lines.close();
    return line.replace(/\r$/, '');
  }
  throw new ConfigurationError('--pin-stdin: no line on standard input');
}

function positiveInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 0)
    throw new UsageError(`${name} ${value}: expected a whole number`);
  return number;
}

async function probe(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      module: { type: 'string' },
      'init-args': { type: 'string' },
      token: { type: 'string' },
      'pin-env': { type: 'string' },
      'pin-stdin': { type: 'boolean' },
      forks: { type: 'string' },
      threads: { type: 'string' },
      'bound-ms': { type: 'string' },
      'no-finalize': { type: 'boolean' },
      format: { type: 'string' },
      json: { type: 'boolean' },
      output: { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals.join(' ')}`);
  if (values.module === undefined) throw new UsageError('--module <path to the .so> is required');
  if (values['pin-env'] !== undefined && values['pin-stdin'] === true) {
    throw new UsageError('give the PIN one way: --pin-env or --pin-stdin');
  }
  const format = parseFormat(values, ['text', 'json', 'markdown']);
  let pin: string | undefined;
  if (values['pin-env'] !== undefined) {
    pin = process.env[values['pin-env']];
    if (pin === undefined)
      throw new ConfigurationError(`--pin-env ${values['pin-env']}: that variable is not set`);
  } else if (values['pin-stdin'] === true) {
    pin = await readPinFromStdin();
  }
  const forks = positiveInteger(values.forks, '--forks');
  const threads = positiveInteger(values.threads, '--threads');
  const boundMs = positiveInteger(values['bound-ms'], '--bound-ms');
  if (values['no-finalize'] === true) {
    process.stderr.write(
      'warning: --no-finalize: the scenarios in which a child calls C_Finalize are skipped, so R-MOD-LEAVE-PARENT-ALONE is judged without them\n',
    );
  }

  process.stderr.write('building the probe (make -C examples/probe) …\n');
  await buildProbe();
  const run = await runProbe({
    module: values.module,
    ...(values['init-args'] === undefined ? {} : { initArgs: values['init-args'] }),
    ...(values.token === undefined ? {} : { token: values.token }),
    ...(pin === undefined ? {} : { pin }),
    ...(forks === undefined ? {} : { forks }),
    ...(threads === undefined ? {} : { threads }),
    ...(boundMs === undefined ? {} : { boundMs }),
    ...(values['no-finalize'] === true ? { finalize: false } : {}),
    ...(values['pin-env'] === undefined ? {} : { withoutEnv: [values['pin-env']] }),
  });
  // The probe's own progress and errors, as it printed them (it never prints the PIN).
  process.stderr.write(run.stderr);
  if (run.report === undefined) {
    for (const problem of run.problems) process.stderr.write(`error: ${problem}\n`);
    return EXIT_USAGE;
  }
  if (run.problems.length > 0) {
    for (const problem of run.problems) process.stderr.write(`warning: ${problem}\n`);
  }
  if (values.output !== undefined) await writeFile(values.output, reportJson(run.report));
  if (format === 'json') {
    process.stdout.write(reportJson(run.report));
  } else {
    const links = await recommendationLinks(process.cwd(), publishedSiteUrl(loadSiteConfig()));
    process.stdout.write(
      format === 'markdown' ? renderMarkdown(run.report, links) : renderText(run.report, links),
    );
  }
  return run.exitCode ?? EXIT_USAGE;
}

async function validate(files: string[]): Promise<number> {
  let valid = 0;
  const problems: string[] = [];
  if (files.length === 0) {
    const published = await readPublishedReports();
    valid = published.reports.length;
    problems.push(...published.problems);
  }
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
      continue;
    }
    const parsed = parseProbeReport(json, file);
    problems.push(...parsed.problems);
    if (parsed.report !== undefined) valid += 1;
  }
  for (const problem of problems) process.stdout.write(`${problem}\n`);
  process.stdout.write(
    `${String(valid)} report(s) valid, ${String(problems.length)} problem(s).\n`,
  );
  return problems.length === 0 ? EXIT_OK : EXIT_FINDINGS;
}

async function schema(args: string[]): Promise<number> {
  const check = args.includes('--check');
  const unknown = args.filter((arg) => arg !== '--check');
  if (unknown.length > 0)
    throw new UsageError(`schema takes only --check; got ${unknown.join(' ')}`);
  const content = await generateProbeSchema(process.cwd());
  const current = await readFile(PROBE_SCHEMA_FILE, 'utf8').catch(() => undefined);
  if (current === content) return EXIT_OK;
  if (check) {
    process.stderr.write(`${PROBE_SCHEMA_FILE} is out of date: run npm run probe -- schema\n`);
    return EXIT_FINDINGS;
  }
  await writeFile(PROBE_SCHEMA_FILE, content);
  process.stdout.write(`wrote ${PROBE_SCHEMA_FILE}\n`);
  return EXIT_OK;
}

async function projectReports(): Promise<number> {
  const runs = await probeProjectConfigurations(undefined, (message) =>
    process.stderr.write(`${message}\n`),
  );
  for (const file of await writeProjectReports(runs)) process.stdout.write(`wrote ${file}\n`);
  return EXIT_OK;
}

runCli(HELP, async (argv) => {
  const [command, ...rest] = argv;
  if (command === 'validate') return validate(rest);
  if (command === 'schema') return schema(rest);
  if (command === 'project-reports') {
    if (rest.length > 0)
      throw new UsageError(`project-reports takes no arguments; got ${rest.join(' ')}`);
    return projectReports();
  }
  return probe(argv);
});
