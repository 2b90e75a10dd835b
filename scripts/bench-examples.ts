/**
 * `npm run bench:examples`: runs the full example matrix as `npm run examples` does (the pooled
 * hazard cells included) without writing results, and prints the wall time of each phase. The
 * time is reported, never judged: the exit code says only whether a run failed.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';

import { EXIT_FINDINGS, EXIT_OK, asSetUp, positiveInteger, runCli } from '../src/lib/cli';
import { DEFAULT_REPEAT, findFailures, runMatrix } from '../src/lib/examples/index';
import { BENCH_EXAMPLES_HELP } from '../src/lib/bench/help';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

runCli(BENCH_EXAMPLES_HELP, async (argv) => {
  const { values } = parseArgs({ args: argv, options: { repeat: { type: 'string' } } });
  const repeat = positiveInteger(values.repeat, '--repeat') ?? DEFAULT_REPEAT;
  const run = await asSetUp(runMatrix({ repeat }));
  const { buildMs, provisionMs, runMs, hazardMs, totalMs } = run.timings;
  process.stdout.write(
    `examples matrix: ${run.file.results.length} results on ${os.availableParallelism()} CPUs, ` +
      `hazard cells ${repeat} runs each\n` +
      `  build             ${seconds(buildMs)}\n` +
      `  set-up            ${seconds(provisionMs)}\n` +
      `  safe patterns     ${seconds(runMs - hazardMs)}\n` +
      `  hazard cells      ${seconds(hazardMs)} (pooled, one cell at a time)\n` +
      `  wall time         ${seconds(totalMs)}\n`,
  );
  const failures = findFailures(run.file);
  for (const failure of failures) process.stdout.write(`FAIL ${failure}\n`);
  return failures.length > 0 ? EXIT_FINDINGS : EXIT_OK;
});
