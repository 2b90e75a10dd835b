/**
 * `npm run runtimes -- [options]`: builds examples/runtimes, runs the process-creation and
 * exit-in-child cases (each several times; their facts must agree) and writes
 * examples/runtimes/results.json.
 */
import { parseArgs } from 'node:util';

import {
  EXIT_FINDINGS,
  EXIT_OK,
  ConfigurationError,
  parseFormat,
  positiveInteger,
  problemLines,
  runCli,
} from '../src/lib/cli';
import {
  compareRuntimes,
  readRuntimes,
  runRuntimes,
  PYTHON_HAZARD_FORKS,
  PYTHON_HAZARD_REPEATS,
  runtimesToMarkdown,
  runtimesToText,
  RUNTIMES_RESULTS_FILE,
  writeRuntimes,
} from '../src/lib/runtimes/index';

const HELP = `Usage: npm run runtimes -- [options]

Builds examples/runtimes (make), prepares the module configurations in a temporary folder, runs
atfork-handlers (fork, posix_spawn, vfork, system), and exit-in-child (exit, _exit),
mutex-callbacks (calls, child, held) and slot-event on each configuration, the engine and
Python cases, and the Python fork hazard (python-fork-hazard.py:
Python or native worker threads, child re-initialising or not, pooled over repeat runs), then
writes ${RUNTIMES_RESULTS_FILE}.

Options:
  --format text|json|markdown|github  how to print the facts (default: text); --json = json
  --repeats N     runs per case; every run must show the same facts (default 3)
  --hazard-forks N    forks per run of each Python hazard cell (default ${PYTHON_HAZARD_FORKS})
  --hazard-repeats N  runs per Python hazard cell, pooled (default ${PYTHON_HAZARD_REPEATS})
  --check         compare with the committed file: exit 1 when a fact differs; writes nothing
  --no-write      do not write the results file
  -h, --help      this help

Exit codes: 0 ok; 1 --check found a difference; 2 usage or set-up error (missing module or
package, build error, a case whose runs disagree).
Example: npm run runtimes -- --check
`;

runCli(HELP, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      format: { type: 'string' },
      json: { type: 'boolean' },
      repeats: { type: 'string' },
      'hazard-forks': { type: 'string' },
      'hazard-repeats': { type: 'string' },
      check: { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
    },
  });
  const format = parseFormat(values);
  const repeats = positiveInteger(values.repeats, '--repeats') ?? 3;
  const hazardForks =
    positiveInteger(values['hazard-forks'], '--hazard-forks') ?? PYTHON_HAZARD_FORKS;
  const hazardRepeats =
    positiveInteger(values['hazard-repeats'], '--hazard-repeats') ?? PYTHON_HAZARD_REPEATS;
  let file;
  try {
    file = await runRuntimes({
      repeats,
      hazardForks,
      hazardRepeats,
      log: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (error) {
    throw new ConfigurationError(error instanceof Error ? error.message : String(error));
  }
  if (format === 'json') process.stdout.write(`${JSON.stringify(file, null, 2)}\n`);
  else if (format === 'markdown') process.stdout.write(runtimesToMarkdown(file));
  else process.stdout.write(runtimesToText(file));
  if (values.check) {
    const differences = compareRuntimes(await readRuntimes(), file);
    process.stderr.write(problemLines(differences, format, 'runtimes'));
    return differences.length > 0 ? EXIT_FINDINGS : EXIT_OK;
  }
  if (!values['no-write']) await writeRuntimes(file);
  return EXIT_OK;
});
