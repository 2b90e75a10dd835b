/**
 * `npm run bench:site`: this site against a bare Docusaurus classic site of the same version,
 * in one run: the cold build time of each, then Lighthouse (mobile and desktop) on three pairs
 * of pages, with the medians, the ratios project/bare and the site's goals. The benchmark is in
 * src/lib/bench/site; this file reads the options and prints the report.
 */
import { parseArgs } from 'node:util';
import { EXIT_FINDINGS, EXIT_OK, parseFormat, positiveInteger, runCli } from '../src/lib/cli';
import { BENCHMARK_OPTIONS } from '../src/lib/bench/options';
import { siteReport, siteReportJson } from '../src/lib/bench/site/report';
import { siteReportLines } from '../src/lib/bench/site/report-text';
import { runSiteBenchmark } from '../src/lib/bench/site/run';
import { existingBuild } from '../src/lib/bench/site/setup';

const HELP = `Usage: npm run bench:site -- [--runs <n>] [--build-runs <n>] [--project-build <dir>]
                              [--bare-build <dir>] [--keep-builds <dir>] [--pages <list>]
                              [--format text|json]

Builds a bare Docusaurus classic site (same Docusaurus version, temporary folder) and this site
(Docusaurus only, no PDF) alternately, each cold, and takes the median times. Serves both builds with the project's gzip
static server and runs Lighthouse with Debian's Chromium, mobile and desktop, --runs times each,
on pairs of pages (this site / bare site):
  home          /                    /
  every guide page of the sitemap    docs/intro (measured once per run, shared by the pairs)
  errata index  errata/              blog
Pages are measured run by run, in the same order each run, so drift in machine load hits the
project and the bare site alike. Prints the medians, the ratios project/bare (one table of
score and TBT ratios for all guide pages), Lighthouse's benchmark index of the machine, and
the goals: every guide page's performance >= the bare docs page's and its TBT <= 1.5 x the
bare page's (mobile and desktop), mobile performance >= 90, desktop performance 100, accessibility, best practices and SEO 100 on this site's pages, guide page
JavaScript <= the bare docs page's + 15 KB (gzip; as Lighthouse counts it, headers included;
npm run page-weight holds every page to the same allowance without headers), cold build <= 1.3 x
the bare site's.

Options:
  --runs <n>              Lighthouse runs per page and form factor (default 3)
  --build-runs <n>        cold builds of each site (default 3; the last one is served)
  --project-build <dir>   use this build of the site (served at SITE_BASE_URL) instead of
                          building it; its build time is then not measured
  --bare-build <dir>      the same for the bare site (served at /)
  --keep-builds <dir>     build into <dir>/project and <dir>/bare and keep them, for later
                          runs with --project-build and --bare-build
  --pages <list>          only these guide pages, comma-separated site paths (e.g.
                          guide/applications,guide/); default every guide page of the sitemap
  --format <f>            text (default) or json; --json is short for --format json
  -h, --help              show this help

Progress goes to stderr. Exit codes: 0 the benchmark ran (whether or not the goals are met),
1 a build or a Lighthouse run failed, 2 usage or set-up error (e.g. no Chromium).
`;

runCli(HELP, async (argv) => {
  const startedAt = performance.now();
  const { values } = parseArgs({
    args: argv,
    options: {
      ...BENCHMARK_OPTIONS,
      'build-runs': { type: 'string', default: '3' },
      'project-build': { type: 'string' },
      'bare-build': { type: 'string' },
      'keep-builds': { type: 'string' },
      pages: { type: 'string' },
    },
  });
  const runs = positiveInteger(values.runs, '--runs');
  const buildRuns = positiveInteger(values['build-runs'], '--build-runs');
  const format = parseFormat(values, ['text', 'json']);
  const projectBuild = values['project-build'];
  const bareBuild = values['bare-build'];
  const measured = await runSiteBenchmark({
    projectDir: process.cwd(),
    runs,
    buildRuns,
    reuse: {
      ...(projectBuild === undefined
        ? {}
        : { project: existingBuild(projectBuild, '--project-build') }),
      ...(bareBuild === undefined ? {} : { bare: existingBuild(bareBuild, '--bare-build') }),
    },
    ...(values['keep-builds'] === undefined ? {} : { keepBuilds: values['keep-builds'] }),
    ...(values.pages === undefined ? {} : { pages: values.pages }),
    log: (line) => process.stderr.write(`${line}\n`),
    buildOutput: (text) => process.stderr.write(text),
  });
  if (measured === undefined) return EXIT_FINDINGS;
  const report = siteReport(measured, (performance.now() - startedAt) / 1000);
  if (format === 'json') console.log(JSON.stringify(siteReportJson(report), null, 2));
  else console.log(siteReportLines(report).join('\n'));
  return EXIT_OK;
});
