/**
 * `npm run bench:build`: cold Docusaurus build time of this site against a bare classic
 * TypeScript site of the same Docusaurus version, built alternately in the same run.
 * A benchmark, not a test: it prints figures and fails only if a build fails.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { clearBuildState, createBareSite } from '../src/lib/bench/bare-site';
import { formatRatio, median } from '../src/lib/bench/stats';
import { EXIT_FINDINGS, EXIT_OK, parseFormat, runCli, UsageError } from '../src/lib/cli';
import { buildSite } from '../src/lib/site-build';

const HELP = `Usage: npm run bench:build -- [--runs <n>] [--format text|json]

Builds a bare Docusaurus classic TypeScript site (made in a temporary folder by the installed
create-docusaurus) and this site alternately, each cold (build output, .docusaurus/ and
node_modules/.cache cleared), and prints the median times and the ratio project/bare.
The PDF is not part of this build; it is timed by its own benchmark.

Options:
  --runs <n>        builds of each site (default 3)
  --format <f>      text (default) or json; --json is short for --format json
  -h, --help        show this help
`;

runCli(HELP, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '3' },
      format: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1)
    throw new UsageError(`--runs ${values.runs} is not a positive whole number; e.g. --runs 3`);
  const format = parseFormat(values, ['text', 'json']);
  const projectDir = process.cwd();
  const log = (line: string): void => {
    if (format === 'text' || process.stderr.isTTY) process.stderr.write(`${line}\n`);
  };

  const bare = await createBareSite(projectDir);
  const outRoot = await mkdtemp(path.join(tmpdir(), 'bench-build-out-'));
  const times = { bare: [] as number[], project: [] as number[] };
  try {
    for (let run = 1; run <= runs; run++) {
      for (const [name, siteDir] of [
        ['bare', bare.dir],
        ['project', projectDir],
      ] as const) {
        const outDir = path.join(outRoot, name);
        await clearBuildState(siteDir, outDir);
        const result = await buildSite({ siteDir, outDir });
        if (!result.ok) {
          process.stderr.write(result.output.slice(-3000));
          log(`The ${name} build failed on run ${run}.`);
          return EXIT_FINDINGS;
        }
        times[name].push(result.durationMs / 1000);
        log(`run ${run}/${runs}: ${name} ${(result.durationMs / 1000).toFixed(1)} s`);
      }
    }
  } finally {
    await bare.remove();
    await rm(outRoot, { recursive: true, force: true });
    await rm(path.join(projectDir, '.docusaurus'), { recursive: true, force: true });
  }
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
