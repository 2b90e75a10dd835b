/**
 * `npm run bench:examples`: prints the wall time of the full example matrix (build, module
 * set-up, every run). Target: at most 120 s on 2 cores. Writes no results file.
 */
import os from 'node:os';

import { EXIT_FINDINGS, EXIT_OK, SetupError, runCli } from '../src/lib/cli';
import { findFailures, runMatrix } from '../src/lib/examples/index';

const TARGET_MS = 120_000;

const HELP = `Usage: npm run bench:examples

Runs the full example matrix once (as npm run examples does, without writing results) and prints
the wall time of each phase. Target: at most ${TARGET_MS / 1000} s on 2 cores.
Exit codes: 0 within the target, 1 over it or a run failed, 2 set-up error.
`;

runCli(HELP, async () => {
  let run;
  try {
    run = await runMatrix();
  } catch (error) {
    throw new SetupError(error instanceof Error ? error.message : String(error));
  }
  const { buildMs, provisionMs, runMs, totalMs } = run.timings;
  process.stdout.write(
    `examples matrix: ${run.file.results.length} runs on ${os.availableParallelism()} CPUs\n` +
      `  build      ${(buildMs / 1000).toFixed(1)} s\n` +
      `  set-up     ${(provisionMs / 1000).toFixed(1)} s\n` +
      `  runs       ${(runMs / 1000).toFixed(1)} s\n` +
      `  wall time  ${(totalMs / 1000).toFixed(1)} s (target ≤ ${TARGET_MS / 1000} s)\n`,
  );
  const failures = findFailures(run.file);
  for (const failure of failures) process.stdout.write(`FAIL ${failure}\n`);
  return totalMs > TARGET_MS || failures.length > 0 ? EXIT_FINDINGS : EXIT_OK;
});
