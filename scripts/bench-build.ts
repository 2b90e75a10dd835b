/**
 * `npm run bench:build`: cold Docusaurus build time of this site against a bare classic
 * TypeScript site of the same Docusaurus version, built alternately in the same run.
 * A benchmark, not a test: it prints figures and fails only if a build fails.
 */
import { parseArgs } from 'node:util';
import { runBuildBenchmark } from '../src/lib/bench/build';
import { BENCHMARK_OPTIONS } from '../src/lib/bench/options';
import { formatRatio, median } from '../src/lib/bench/stats';
import { EXIT_FINDINGS, EXIT_OK, parseFormat, positiveInteger, runCli } from '../src/lib/cli';
import { BENCH_BUILD_HELP } from '../src/lib/bench/help';

runCli(BENCH_BUILD_HELP, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: { ...BENCHMARK_OPTIONS },
  });
  const runs = positiveInteger(values.runs, '--runs');
  const format = parseFormat(values, ['text', 'json']);
  const times = await runBuildBenchmark({
    projectDir: process.cwd(),
    runs,
    // Progress is for a person: JSON output to a pipe stays quiet.
    log: (line) => {
      if (format === 'text' || process.stderr.isTTY) process.stderr.write(`${line}\n`);
    },
    buildOutput: (text) => process.stderr.write(text),
  });
  if (times === undefined) return EXIT_FINDINGS;
  const bareMedian = median(times.bare);
  const projectMedian = median(times.project);
  if (format === 'json') {
    console.log(
      JSON.stringify(
        {
          runs,
          seconds: times,
          median: { bare: bareMedian, project: projectMedian },
          ratio: projectMedian / bareMedian,
        },
        null,
        2,
      ),
    );
  } else {
    console.log(`Cold Docusaurus build, median of ${runs} (seconds):`);
    console.log(`  bare classic site  ${bareMedian.toFixed(1)}`);
    console.log(`  this site          ${projectMedian.toFixed(1)}`);
    console.log(`  ratio project/bare ${formatRatio(projectMedian, bareMedian)}`);
  }
  return EXIT_OK;
});
