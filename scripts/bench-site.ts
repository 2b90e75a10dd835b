/**
 * `npm run bench:site`: this site against a bare Docusaurus classic site of the same version,
 * in one run: the cold build time of each, then Lighthouse (mobile and desktop) on home, every
 * guide page and the errata index, with the medians, the ratios project/bare (and each guide
 * page against its plain rendering) and the site's goals. The benchmark is in
 * src/lib/bench/site; this file reads the options and prints the report.
 */
import { parseArgs } from 'node:util';
import {
  EXIT_FINDINGS,
  EXIT_OK,
  parseFormat,
  positiveInteger,
  runCli,
  defined,
} from '../src/lib/cli';
import { siteReport, siteReportJson } from '../src/lib/bench/site/report';
import { siteReportLines } from '../src/lib/bench/site/report-text';
import { runSiteBenchmark } from '../src/lib/bench/site/run';
import { builtSite } from '../src/lib/site-build';
import { BENCH_SITE_HELP, BENCH_SITE_OPTIONS } from '../src/lib/bench/help';

/** The bare or plain build of an earlier run: only --keep-builds keeps one. */
const kept = (dir: string, which: 'bare' | 'plain') =>
  builtSite(
    dir,
    `--${which}-build ${dir}`,
    `pass <dir>/${which} of a run with --keep-builds <dir>`,
  );

runCli(BENCH_SITE_HELP, async (argv) => {
  const startedAt = performance.now();
  const { values } = parseArgs({
    args: argv,
    options: BENCH_SITE_OPTIONS,
  });
  const runs = positiveInteger(values.runs, '--runs');
  const buildRuns = positiveInteger(values['build-runs'], '--build-runs');
  const format = parseFormat(values, ['text', 'json']);
  const projectBuild = values['project-build'];
  const bareBuild = values['bare-build'];
  const plainBuild = values['plain-build'];
  const measured = await runSiteBenchmark({
    projectDir: process.cwd(),
    runs,
    buildRuns,
    reuse: defined({
      project:
        projectBuild === undefined
          ? undefined
          : builtSite(projectBuild, `--project-build ${projectBuild}`),
      bare: bareBuild === undefined ? undefined : kept(bareBuild, 'bare'),
      plain: plainBuild === undefined ? undefined : kept(plainBuild, 'plain'),
    }),
    ...defined({ keepBuilds: values['keep-builds'], pages: values.pages }),
    plain: values['no-plain'] !== true,
    log: (line) => process.stderr.write(`${line}\n`),
    buildOutput: (text) => process.stderr.write(text),
  });
  if (measured === undefined) return EXIT_FINDINGS;
  const report = siteReport(measured, (performance.now() - startedAt) / 1000);
  if (format === 'json') console.log(JSON.stringify(siteReportJson(report), null, 2));
  else console.log(siteReportLines(report).join('\n'));
  return EXIT_OK;
});
