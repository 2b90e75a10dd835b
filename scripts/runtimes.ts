/**
 * `npm run runtimes -- [options]`: builds examples/runtimes, runs the process-creation and
 * exit-in-child cases (each several times; their facts must agree) and writes
 * examples/runtimes/results.json.
 */
import { parseArgs } from 'node:util';

import {
  EXIT_FINDINGS,
  EXIT_OK,
  asSetUp,
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
  writeRuntimes,
} from '../src/lib/runtimes/index';
import { RUNTIMES_HELP, RUNTIMES_OPTIONS } from '../src/lib/runtimes/help';

runCli(RUNTIMES_HELP, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: RUNTIMES_OPTIONS,
  });
  const format = parseFormat(values);
  const repeats = positiveInteger(values.repeats, '--repeats') ?? 3;
  const hazardForks =
    positiveInteger(values['hazard-forks'], '--hazard-forks') ?? PYTHON_HAZARD_FORKS;
  const hazardRepeats =
    positiveInteger(values['hazard-repeats'], '--hazard-repeats') ?? PYTHON_HAZARD_REPEATS;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const file = await asSetUp(runRuntimes({ repeats, hazardForks, hazardRepeats, log }));
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
