/**
 * The --help texts and parseArgs options of the benchmarks (`npm run bench:*`), kept beside their
 * code.
 */
import { DEFAULT_REPEAT } from '../examples/index';
import { BENCHMARK_OPTIONS } from './options';

export const BENCH_BUILD_HELP = `Usage: npm run bench:build -- [--runs <n>] [--format text|json]

Builds a bare Docusaurus classic TypeScript site (made in a temporary folder by the installed
create-docusaurus) and this site alternately, each cold (build output, .docusaurus/ and
node_modules/.cache cleared), and prints the median times and the ratio project/bare.
The PDF is not part of this build; it is timed by its own benchmark.

Options:
  --runs <n>        builds of each site (default 3)
  --format <f>      text (default) or json; --json is short for --format json
  -h, --help        show this help
`;

export const BENCH_EXAMPLES_HELP = `Usage: npm run bench:examples [-- --repeat K]

Runs the full example matrix once (as npm run examples does, with the hazard cells repeated
K times and pooled; default ${DEFAULT_REPEAT}) without writing results, and prints the wall time
of each phase.
Exit codes: 0 every run ended well, 1 a run failed, 2 set-up error.
`;

export const BENCH_PDF_HELP = `Usage: npm run bench:pdf -- [--runs <n>] [--build-dir <folder>] [--format text|json]

Renders the guide's PDF from the built site --runs times (default 3) and, alternately, prints
the same pages one by one with plain Chromium (the baseline); prints the median times, the
ratio, the PDF's size and pages. Goal: the full PDF in 10 s or less on 2 cores.
`;

export const BENCH_SITE_HELP = `Usage: npm run bench:site -- [--runs <n>] [--build-runs <n>] [--project-build <dir>]
                              [--bare-build <dir>] [--plain-build <dir>] [--keep-builds <dir>]
                              [--pages <list>] [--no-plain] [--format text|json]

Builds a bare Docusaurus classic site (same Docusaurus version, temporary folder) and this site
(Docusaurus only, no PDF) alternately, each cold, and takes the median times. Then builds, once
and untimed, the plain rendering of the guide: another bare site whose docs/guide/ holds each
guide page's Markdown with this site's components replaced by their plain text. Serves the builds
with the project's gzip static server and runs Lighthouse with Debian's Chromium, mobile and
desktop, --runs times each, on pairs of pages (this site / bare site):
  home          /                    /
  every guide page of the sitemap    docs/intro (measured once per run, shared by the pairs)
                                     and docs/<page>, the same page's plain rendering
  errata index  errata/              blog
Pages are measured run by run, in the same order each run (each guide page's plain rendering
right after it), so drift in machine load hits every site alike. Prints the medians, the ratios
project/bare, one table of every guide page's score and TBT against the bare docs page (the cost
of a page of ours) and against its plain rendering (the cost of what this site adds to the same
text), Lighthouse's benchmark index of the machine, and the goals: every guide page's
performance >= the bare docs page's and its TBT <= 1.5 x the bare page's (mobile and desktop),
mobile performance >= 90, desktop performance 100, accessibility, best practices and SEO 100 on
this site's pages, guide page JavaScript <= the bare docs page's + 15 KB (gzip; as Lighthouse
counts it, headers included; npm run page-weight holds every page to the same allowance without
headers), cold build <= 1.3 x the bare site's.

Options:
  --runs <n>              Lighthouse runs per page and form factor (default 3)
  --build-runs <n>        cold builds of each site (default 3; the last one is served)
  --project-build <dir>   use this build of the site (served at SITE_BASE_URL) instead of
                          building it; its build time is then not measured
  --bare-build <dir>      the same for the bare site (served at /)
  --plain-build <dir>     the same for the plain rendering of the guide (served at /)
  --keep-builds <dir>     build into <dir>/project, <dir>/bare and <dir>/plain and keep them,
                          for later runs with --project-build, --bare-build and --plain-build
  --pages <list>          only these guide pages, comma-separated site paths (e.g.
                          guide/applications,guide/); default every guide page of the sitemap
  --no-plain              leave the plain rendering out (not built, not visited): a run over
                          every guide page then takes a fraction of the time, because the bare
                          site colours code in the browser and its long pages load slowly
  --format <f>            text (default) or json; --json is short for --format json
  -h, --help              show this help

Progress goes to stderr. Exit codes: 0 the benchmark ran (whether or not the goals are met),
1 a build or a Lighthouse run failed, 2 usage or set-up error (e.g. no Chromium).
`;

export const BENCH_SYNC_HELP = `Usage: npm run bench:sync -- [--messages <n>] [--months <n>] [--runs <n>] [--format text|json]

Builds a synthetic archive with mhonarc (default 5000 messages over 24 months), serves it on
127.0.0.1 from a child process (for the baseline and the syncs alike: a real archive's server
is not on the client's thread), and measures:
- a full sync from an empty state (with the time spent crawling the months and parsing
  pages) against downloading the same pages, alternately --runs times (default 3): the ratio
  of the medians, each run's own ratio and their median;
- the page parser (median of --runs) against htmlparser2's tokenizer alone;
- a no-change re-sync after the last full sync (goal: no body downloaded again);
- the CPUs the benchmark's processes and all other processes kept busy meanwhile: a sync
  overlaps parsing with downloading only where a CPU is free, so a run during which other
  processes held a quarter of a CPU or more is marked as not that of a quiet machine.
`;

export const BENCH_TRACE_HELP = `Usage: npm run bench:trace -- <page> [--profile mobile|desktop|both] [--build <dir>]
                               [--selector-stats] [--save <file.json>] [--format text|json]
       npm run bench:trace -- --record-fixture <file.json>

Serves the built site (build/, or --build) with the project's static server, loads <page> (a
site path such as guide/applications) in Debian's Chromium with a React commit probe, records a
performance trace and prints the main thread's time by cause: script evaluation, parsing, style
recalculation, layout, paint, image decoding, garbage collection; the long tasks; the JavaScript
samples inside component functions by the kind of content they render (code blocks,
recommendation boxes, tables, details, tabs, table of contents); and every React commit: the
hydration, then any re-render, with the state or context that started it.

  mobile    Lighthouse's mobile screen (412×823), CPU 4× slower
  desktop   Lighthouse's desktop screen (1350×940), CPU unthrottled

Options:
  --profile <p>       mobile, desktop or both (default both)
  --build <dir>       the built site to serve (default build/)
  --selector-stats    a further unthrottled recording with Chromium's CSS selector statistics
                      (they slow style work down, so they are never mixed with the timings)
  --save <file>       also write the mobile trace (or the only one) as JSON, for a trace viewer
  --format <f>        text (default) or json; --json is short for --format json
  --record-fixture <file>
                      record the small test page of src/lib/bench/trace/fixture.ts instead,
                      trimmed to its main thread (test/fixtures/trace/small-page.json)
  -h, --help          show this help

Exit codes: 0 recorded, 2 usage or set-up error (no build, no Chromium, page not found).
`;

/** The parseArgs options of `npm run bench:trace`, as its help text lists them. */
export const BENCH_TRACE_OPTIONS = {
  profile: { type: 'string', default: 'both' },
  build: { type: 'string', default: 'build' },
  'selector-stats': { type: 'boolean' },
  save: { type: 'string' },
  format: { type: 'string' },
  json: { type: 'boolean' },
  'record-fixture': { type: 'string' },
} as const;

/** The parseArgs options of `npm run bench:site`, as its help text lists them. */
export const BENCH_SITE_OPTIONS = {
  ...BENCHMARK_OPTIONS,
  'build-runs': { type: 'string', default: '3' },
  'project-build': { type: 'string' },
  'bare-build': { type: 'string' },
  'plain-build': { type: 'string' },
  'keep-builds': { type: 'string' },
  pages: { type: 'string' },
  'no-plain': { type: 'boolean' },
} as const;
