/**
 * `npm run bench:site`: this site against a bare Docusaurus classic site of the same version,
 * in one run: the cold build time of each, then Lighthouse (mobile and desktop) on three pairs
 * of pages served by the same gzip static server, with the medians, the ratios project/bare
 * and the site's goals. A benchmark, not a test: goals not met are reported, not failures.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { loadSiteConfig } from '../src/config';
import { clearBuildState, createBareSite } from '../src/lib/bench/bare-site';
import {
  ChromiumSetupError,
  FORM_FACTORS,
  runLighthouse,
  type FormFactor,
  type LighthouseSummary,
} from '../src/lib/bench/lighthouse';
import { checkJsBudget, JS_ALLOWANCE_BYTES } from '../src/lib/bench/budgets';
import { formatRatio, median } from '../src/lib/bench/stats';
import { CHROMIUM_ARGS, chromiumExecutable } from '../src/lib/chromium';
import {
  EXIT_FINDINGS,
  EXIT_OK,
  parseFormat,
  runCli,
  ConfigurationError,
  UsageError,
} from '../src/lib/cli';
import { buildSite } from '../src/lib/site-build';
import { sitemapPaths } from '../src/lib/sitemap';
import { startStaticServer, type RunningStaticServer } from '../src/lib/static-server';

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

type SiteName = 'project' | 'bare';
const SITES: readonly SiteName[] = ['project', 'bare'];

interface PagePair {
  key: 'home' | 'guide' | 'errata';
  label: string;
  project: string;
  bare: string;
}

/** The bare site's docs page every guide page is compared with. */
const BARE_DOCS_PAGE = 'docs/intro';

/** Home, every guide page, errata index. */
function pagePlan(guidePages: readonly string[]): PagePair[] {
  return [
    { key: 'home', label: 'home', project: '', bare: '' },
    ...guidePages.map((page) => ({
      key: 'guide' as const,
      label: `/${page}`,
      project: page,
      bare: BARE_DOCS_PAGE,
    })),
    { key: 'errata', label: 'errata index', project: 'errata/', bare: 'blog' },
  ];
}

/** The guide pages of a build's sitemap, as site paths. */
async function guidePagesOf(buildDir: string): Promise<string[]> {
  const site = loadSiteConfig();
  const xml = await readFile(path.join(buildDir, 'sitemap.xml'), 'utf8');
  return sitemapPaths(xml, `${site.url}${site.baseUrl}`).filter((page) => page.startsWith('guide'));
}

const KIB = 1024;
const MARKS: Record<string, string> = { true: '✓ met    ', false: '✗ not met', null: '– unknown' };
const BUILD_RATIO_GOAL = 1.3;

interface Metric {
  key: string;
  label: string;
  value: (summary: LighthouseSummary) => number;
  format: (value: number) => string;
}

const METRICS: readonly Metric[] = [
  ...(['performance', 'accessibility', 'best-practices', 'seo'] as const).map((category) => ({
    key: category,
    label: category === 'best-practices' ? 'best practices' : category,
    value: (summary: LighthouseSummary) => summary.scores[category],
    format: (value: number) => value.toFixed(0),
  })),
  { key: 'lcpMs', label: 'LCP (ms)', value: (s) => s.lcpMs, format: (v) => v.toFixed(0) },
  { key: 'tbtMs', label: 'TBT (ms)', value: (s) => s.tbtMs, format: (v) => v.toFixed(0) },
  { key: 'cls', label: 'CLS', value: (s) => s.cls, format: (v) => v.toFixed(3) },
  {
    key: 'totalBytes',
    label: 'transferred (KiB)',
    value: (s) => s.totalBytes,
    format: (v) => (v / KIB).toFixed(1),
  },
  {
    key: 'jsBytes',
    label: 'JavaScript (KiB)',
    value: (s) => s.jsBytes,
    format: (v) => (v / KIB).toFixed(1),
  },
];

interface Cell {
  page: PagePair;
  formFactor: FormFactor;
  runs: Record<SiteName, LighthouseSummary[]>;
}

interface Medians {
  project: Record<string, number>;
  bare: Record<string, number>;
}

interface Goal {
  goal: string;
  /** null when the benchmark could not tell (a reused build has no build time). */
  met: boolean | null;
  detail: string;
}

/** Median cold build seconds; undefined for a reused build. */
interface Builds {
  project: number | undefined;
  bare: number | undefined;
}

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function positiveInteger(value: string, option: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new UsageError(`${option} ${value} is not a positive whole number; e.g. ${option} 3`);
  return number;
}

function existingBuild(dir: string, option: string): string {
  const resolved = path.resolve(dir);
  if (!existsSync(path.join(resolved, 'index.html')))
    throw new ConfigurationError(`${option} ${dir}: no index.html there; is it a Docusaurus build?`);
  return resolved;
}

/** Fails early, before any build, when Chromium or Lighthouse is missing. */
async function checkSetup(): Promise<void> {
  try {
    chromiumExecutable();
  } catch {
    throw new ConfigurationError(
      `Chromium not found at ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'}; install the Debian package chromium (npm run setup)`,
    );
  }
  try {
    await import('lighthouse');
  } catch (error) {
    throw new ConfigurationError(`Lighthouse cannot be loaded (npm ci): ${(error as Error).message}`);
  }
}

/** One cold build; undefined when it failed (its output tail is printed). */
async function coldBuild(
  name: SiteName,
  siteDir: string,
  outDir: string,
  label: string,
): Promise<number | undefined> {
  log(`building the ${name} site cold (${label})…`);
  await clearBuildState(siteDir, outDir);
  const result = await buildSite({ siteDir, outDir });
  if (!result.ok) {
    process.stderr.write(result.output.slice(-3000));
    log(`The ${name} build failed.`);
    return undefined;
  }
  const seconds = result.durationMs / 1000;
  log(`  ${name} built in ${seconds.toFixed(1)} s`);
  return seconds;
}

/** Every page of the plan must answer 200, or the comparison would be of error pages. */
async function checkPages(
  servers: Record<SiteName, RunningStaticServer>,
  pages: readonly PagePair[],
): Promise<void> {
  for (const page of pages) {
    for (const site of SITES) {
      const url = `${servers[site].url}${page[site]}`;
      const response = await fetch(url);
      await response.arrayBuffer();
      if (!response.ok)
        throw new ConfigurationError(`${url} (${site} ${page.label}) answered ${response.status}`);
    }
  }
}

/** Lighthouse can stumble on a loaded machine; one retry keeps a long run from being lost. */
async function lighthouseWithRetry(url: string, formFactor: FormFactor) {
  try {
    return await runLighthouse(url, formFactor);
  } catch (error) {
    if (error instanceof ChromiumSetupError) throw error;
    log(`  Lighthouse failed (${(error as Error).message.split('\n')[0]}); retrying once`);
    return runLighthouse(url, formFactor);
  }
}

async function runAll(
  servers: Record<SiteName, RunningStaticServer>,
  runs: number,
  pages: readonly PagePair[],
): Promise<Cell[]> {
  const cells: Cell[] = FORM_FACTORS.flatMap((formFactor) =>
    pages.map((page) => ({ page, formFactor, runs: { project: [], bare: [] } })),
  );
  // Each distinct page once per run and form factor: the guide pages share the bare docs page.
  const targets = FORM_FACTORS.flatMap((formFactor) =>
    SITES.flatMap((site) =>
      [...new Set(pages.map((page) => page[site]))].map((sitePath) => ({
        formFactor,
        site,
        sitePath,
      })),
    ),
  );
  const total = runs * targets.length;
  let done = 0;
  for (let run = 1; run <= runs; run++) {
    // Project and bare pages interleaved, so drift in machine load hits both alike.
    const ordered = FORM_FACTORS.flatMap((formFactor) => {
      const own = (site: SiteName) =>
        targets.filter((target) => target.formFactor === formFactor && target.site === site);
      const project = own('project');
      const bare = own('bare');
      const spacing = Math.max(1, Math.floor(project.length / Math.max(1, bare.length)));
      const mixed: typeof targets = [];
      project.forEach((target, index) => {
        const shared = bare[Math.floor(index / spacing)];
        if (index % spacing === 0 && shared !== undefined) mixed.push(shared);
        mixed.push(target);
      });
      for (const rest of bare.slice(Math.ceil(project.length / spacing))) mixed.push(rest);
      return mixed;
    });
    for (const target of ordered) {
      const url = `${servers[target.site].url}${target.sitePath}`;
      const started = performance.now();
      const summary = await lighthouseWithRetry(url, target.formFactor);
      for (const cell of cells) {
        if (cell.formFactor === target.formFactor && cell.page[target.site] === target.sitePath)
          cell.runs[target.site].push(summary);
      }
      done++;
      const { scores } = summary;
      log(
        `[${done}/${total}] run ${run} ${target.formFactor} ${target.site} /${target.sitePath}: ` +
          `perf ${scores.performance}, TBT ${summary.tbtMs.toFixed(0)} ms, a11y ${scores.accessibility}, ` +
          `bp ${scores['best-practices']}, seo ${scores.seo}, ` +
          `JS ${(summary.jsBytes / KIB).toFixed(1)} KiB ` +
          `(${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
    }
  }
  return cells;
}

function mediansOf(cell: Cell): Medians {
  const of = (site: SiteName): Record<string, number> =>
    Object.fromEntries(
      METRICS.map((metric) => [metric.key, median(cell.runs[site].map(metric.value))]),
    );
  return { project: of('project'), bare: of('bare') };
}

function ratio(project: number, bare: number): string {
  return bare === 0 ? (project === 0 ? '1.00×' : '—') : formatRatio(project, bare);
}

function evaluateGoals(cells: Cell[], builds: Builds): Goal[] {
  const value = (cell: Cell, site: SiteName, key: string): number =>
    mediansOf(cell)[site][key] ?? Number.NaN;
  const scoreGoal = (
    goal: string,
    key: string,
    formFactors: readonly FormFactor[],
    passes: (score: number) => boolean,
  ): Goal => {
    const relevant = cells.filter((cell) => formFactors.includes(cell.formFactor));
    const failing = relevant.filter((cell) => !passes(value(cell, 'project', key)));
    const list = (subset: Cell[]): string =>
      subset
        .map(
          (cell) =>
            `${cell.page.label}${formFactors.length > 1 ? ` ${cell.formFactor}` : ''} ${value(cell, 'project', key)}`,
        )
        .join(', ');
    return {
      goal,
      met: failing.length === 0,
      detail: failing.length === 0 ? list(relevant) : `below: ${list(failing)}`,
    };
  };
  const goals = [
    scoreGoal('mobile performance ≥ 90', 'performance', ['mobile'], (s) => s >= 90),
    scoreGoal('desktop performance = 100', 'performance', ['desktop'], (s) => s === 100),
    scoreGoal('accessibility 100', 'accessibility', FORM_FACTORS, (s) => s === 100),
    scoreGoal('best practices 100', 'best-practices', FORM_FACTORS, (s) => s === 100),
    scoreGoal('SEO 100', 'seo', FORM_FACTORS, (s) => s === 100),
  ];
  const rows = guideRows(cells);
  const below = rows.filter((row) => row.performance.project < row.performance.bare);
  goals.push({
    goal: 'every guide page performance ≥ bare docs page',
    met: below.length === 0,
    detail:
      below.length === 0
        ? `${rows.length} page/form-factor pairs`
        : `below: ${below.map((row) => `/${row.page} ${row.formFactor} ${row.performance.project} < ${row.performance.bare}`).join(', ')}`,
  });
  const slow = rows.filter((row) => row.tbtMs.project > TBT_RATIO_GOAL * row.tbtMs.bare);
  goals.push({
    goal: `every guide page TBT ≤ ${TBT_RATIO_GOAL} × bare docs page`,
    met: slow.length === 0,
    detail:
      slow.length === 0
        ? `${rows.length} page/form-factor pairs`
        : `above: ${slow.map((row) => `/${row.page} ${row.formFactor} ${row.tbtMs.project.toFixed(0)} ms vs ${row.tbtMs.bare.toFixed(0)} ms`).join(', ')}`,
  });
  const guideCells = cells.filter((cell) => cell.page.key === 'guide');
  const jsDetail = guideCells.map((cell) => {
    const project = value(cell, 'project', 'jsBytes');
    const bare = value(cell, 'bare', 'jsBytes');
    return { cell, project, bare, met: project <= bare + JS_ALLOWANCE_BYTES };
  });
  goals.push({
    goal: 'guide page JS ≤ bare docs page JS + 15 KB',
    met: jsDetail.every((entry) => entry.met),
    detail: jsDetail
      .map(
        ({ cell, project, bare }) =>
          `${cell.formFactor} ${(project / KIB).toFixed(1)} KiB vs ${(bare / KIB).toFixed(1)} KiB ` +
          `(${project >= bare ? '+' : ''}${((project - bare) / KIB).toFixed(1)} KiB)`,
      )
      .join(', '),
  });
  if (builds.project !== undefined && builds.bare !== undefined) {
    const buildRatio = builds.project / builds.bare;
    goals.push({
      goal: 'cold build ≤ 1.3 × bare',
      met: buildRatio <= BUILD_RATIO_GOAL,
      detail: `${builds.project.toFixed(1)} s vs ${builds.bare.toFixed(1)} s (${formatRatio(builds.project, builds.bare)})`,
    });
  } else {
    goals.push({
      goal: 'cold build ≤ 1.3 × bare',
      met: null,
      detail: 'not measured (reused build)',
    });
  }
  return goals;
}

function pad(text: string, width: number, alignRight = true): string {
  return alignRight ? text.padStart(width) : text.padEnd(width);
}

/** TBT may be at most this many times the bare docs page's (issue #25). */
const TBT_RATIO_GOAL = 1.5;

interface GuideRow {
  page: string;
  formFactor: FormFactor;
  performance: { project: number; bare: number };
  tbtMs: { project: number; bare: number };
}

/** Each guide page against the bare docs page: performance score and TBT medians. */
function guideRows(cells: Cell[]): GuideRow[] {
  return cells
    .filter((cell) => cell.page.key === 'guide')
    .map((cell) => {
      const medians = mediansOf(cell);
      return {
        page: cell.page.project,
        formFactor: cell.formFactor,
        performance: {
          project: medians.project.performance ?? Number.NaN,
          bare: medians.bare.performance ?? Number.NaN,
        },
        tbtMs: {
          project: medians.project.tbtMs ?? Number.NaN,
          bare: medians.bare.tbtMs ?? Number.NaN,
        },
      };
    });
}

function printGuideRows(rows: GuideRow[]): void {
  const bare = rows[0]?.performance === undefined ? '' : ` /${BARE_DOCS_PAGE}`;
  console.log('');
  console.log(`Guide pages against the bare docs page${bare}, medians (ratio = page/bare):`);
  console.log(
    `  ${pad('page', 36, false)}${pad('form', 8, false)}${pad('perf', 6)}${pad('bare', 6)}${pad('ratio', 8)}` +
      `${pad('TBT ms', 9)}${pad('bare', 7)}${pad('ratio', 9)}`,
  );
  for (const row of rows)
    console.log(
      '  ' +
        pad(`/${row.page}`, 36, false) +
        pad(row.formFactor, 8, false) +
        pad(row.performance.project.toFixed(0), 6) +
        pad(row.performance.bare.toFixed(0), 6) +
        pad(ratio(row.performance.project, row.performance.bare), 8) +
        pad(row.tbtMs.project.toFixed(0), 9) +
        pad(row.tbtMs.bare.toFixed(0), 7) +
        pad(ratio(row.tbtMs.project, row.tbtMs.bare), 9),
    );
}

function printTable(cells: Cell[], runs: number): void {
  const benchmarkIndex = median(
    cells.flatMap((cell) => [...cell.runs.project, ...cell.runs.bare]).map((s) => s.benchmarkIndex),
  );
  console.log(
    `Lighthouse 12.2.3, Debian Chromium, medians of ${runs} run(s); ratio = project/bare`,
  );
  // Lighthouse scales its simulated mobile CPU by this; a busy machine lowers every score.
  console.log(`Lighthouse benchmarkIndex (machine speed), median: ${benchmarkIndex.toFixed(0)}`);
  printGuideRows(guideRows(cells));
  for (const cell of cells) {
    const medians = mediansOf(cell);
    console.log('');
    console.log(
      `${cell.page.label}, ${cell.formFactor}  (project /${cell.page.project} vs bare /${cell.page.bare})`,
    );
    console.log(`  ${pad('', 18, false)}${pad('project', 10)}${pad('bare', 10)}${pad('ratio', 9)}`);
    for (const metric of METRICS) {
      const project = medians.project[metric.key] ?? Number.NaN;
      const bare = medians.bare[metric.key] ?? Number.NaN;
      console.log(
        `  ${pad(metric.label, 18, false)}${pad(metric.format(project), 10)}` +
          `${pad(metric.format(bare), 10)}${pad(ratio(project, bare), 9)}`,
      );
    }
  }
}

function printBuilds(builds: Builds, buildRuns: number): void {
  const seconds = (value: number | undefined): string =>
    value === undefined ? 'not measured' : `${value.toFixed(1)} s`;
  console.log('');
  console.log(`Cold Docusaurus build (no PDF), median of ${buildRuns}:`);
  console.log(`  bare classic site   ${seconds(builds.bare)}`);
  console.log(`  this site           ${seconds(builds.project)}`);
  if (builds.project !== undefined && builds.bare !== undefined)
    console.log(`  ratio project/bare  ${formatRatio(builds.project, builds.bare)}`);
}

/** The largest scripts of a page in the run with the median JavaScript bytes. */
function biggestScripts(summaries: LighthouseSummary[], count: number) {
  const sorted = [...summaries].sort((a, b) => a.jsBytes - b.jsBytes);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  return (middle?.scripts ?? []).slice(0, count).map((script) => ({
    path: new URL(script.url).pathname,
    transferBytes: script.transferBytes,
    mainThreadMs: script.mainThreadMs,
  }));
}

/** Audits that cost this site's pages points, counted over all runs. */
function lostPointsOf(cells: Cell[]) {
  const found = new Map<
    string,
    { page: string; audit: string; title: string; runs: number; value?: string; items: string[] }
  >();
  for (const cell of cells) {
    for (const summary of cell.runs.project) {
      for (const lost of summary.lostPoints) {
        // The performance metrics always give a little away; only the real losses are news.
        if (lost.category === 'performance' && (lost.score ?? 0) >= 0.9) continue;
        const key = `${cell.page.label} ${cell.formFactor}|${lost.audit}`;
        const entry = found.get(key) ?? {
          page: `${cell.page.label} ${cell.formFactor}`,
          audit: `${lost.category}/${lost.audit}`,
          title: lost.title,
          runs: 0,
          items: lost.items,
        };
        entry.runs++;
        if (lost.displayValue !== undefined) entry.value = lost.displayValue;
        found.set(key, entry);
      }
    }
  }
  return [...found.values()];
}

/** Deterministic JS bytes (gzip bodies, no headers) of the guide pair, as the budget test counts. */
async function guidePageWeights(
  servers: Record<SiteName, RunningStaticServer>,
  pages: readonly PagePair[],
) {
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: [...CHROMIUM_ARGS],
  });
  try {
    const guide =
      pages.find((page) => page.project === 'guide/applications') ??
      pages.find((page) => page.key === 'guide');
    if (!guide) throw new Error('no guide page in the plan');
    const weights: Record<SiteName, number> = { project: 0, bare: 0 };
    for (const site of SITES) {
      const [result] = await checkJsBudget(browser, servers[site].url, [guide[site]]);
      weights[site] = result?.weight.jsBytes ?? 0;
    }
    return weights;
  } finally {
    await browser.close();
  }
}

runCli(HELP, async (argv) => {
  const startedAt = performance.now();
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '3' },
      'build-runs': { type: 'string', default: '3' },
      'project-build': { type: 'string' },
      'bare-build': { type: 'string' },
      'keep-builds': { type: 'string' },
      pages: { type: 'string' },
      format: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const runs = positiveInteger(values.runs, '--runs');
  const buildRuns = positiveInteger(values['build-runs'], '--build-runs');
  const format = parseFormat(values, ['text', 'json']);
  const projectDir = process.cwd();
  const { baseUrl } = loadSiteConfig();
  const reuse: Partial<Record<SiteName, string>> = {};
  if (values['project-build'] !== undefined)
    reuse.project = existingBuild(values['project-build'], '--project-build');
  if (values['bare-build'] !== undefined)
    reuse.bare = existingBuild(values['bare-build'], '--bare-build');
  await checkSetup();

  const keep = values['keep-builds'];
  const outRoot =
    keep === undefined ? await mkdtemp(path.join(tmpdir(), 'bench-site-out-')) : path.resolve(keep);
  await mkdir(outRoot, { recursive: true });
  const builds: Builds = { project: undefined, bare: undefined };
  const servers: Partial<Record<SiteName, RunningStaticServer>> = {};
  let cells: Cell[];
  let pages: PagePair[];
  let pageWeights: Record<SiteName, number>;
  try {
    const buildDirs: Record<SiteName, string> = {
      project: reuse.project ?? path.join(outRoot, 'project'),
      bare: reuse.bare ?? path.join(outRoot, 'bare'),
    };
    // Alternately, bare first, as bench:build does, so both see the same machine load.
    const toBuild = (['bare', 'project'] as const).filter((site) => reuse[site] === undefined);
    const times: Record<SiteName, number[]> = { project: [], bare: [] };
    const bare = toBuild.includes('bare') ? await createBareSite(projectDir) : undefined;
    const siteDirs = { project: projectDir, bare: bare?.dir };
    try {
      for (let run = 1; run <= buildRuns; run++) {
        for (const site of toBuild) {
          const siteDir = siteDirs[site];
          if (siteDir === undefined) throw new Error(`no folder for the ${site} site`);
          const seconds = await coldBuild(site, siteDir, buildDirs[site], `${run}/${buildRuns}`);
          if (seconds === undefined) return EXIT_FINDINGS;
          times[site].push(seconds);
        }
      }
    } finally {
      await bare?.remove();
    }
    for (const site of toBuild) builds[site] = median(times[site]);

    servers.project = await startStaticServer({ root: buildDirs.project, baseUrl });
    servers.bare = await startStaticServer({ root: buildDirs.bare, baseUrl: '/' });
    const running = { project: servers.project, bare: servers.bare };
    log(`serving the project at ${running.project.url}, the bare site at ${running.bare.url}`);
    const available = await guidePagesOf(buildDirs.project);
    const chosen =
      values.pages === undefined
        ? available
        : values.pages.split(',').map((page) => page.trim().replace(/^\//, ''));
    const unknown = chosen.filter((page) => !available.includes(page));
    if (unknown.length > 0 || chosen.length === 0)
      throw new UsageError(
        `--pages ${values.pages ?? ''}: not guide pages of the sitemap: ${unknown.join(', ') || '(none given)'}; e.g. --pages guide/applications,guide/`,
      );
    pages = pagePlan(chosen);
    await checkPages(running, pages);
    try {
      cells = await runAll(running, runs, pages);
    } catch (error) {
      if (error instanceof ChromiumSetupError) throw new ConfigurationError(error.message);
      log(`Lighthouse failed: ${(error as Error).message}`);
      return EXIT_FINDINGS;
    }
    log('measuring the guide pages with page-weight…');
    pageWeights = await guidePageWeights(running, pages);
  } finally {
    for (const server of Object.values(servers)) await server.close();
    if (keep === undefined) await rm(outRoot, { recursive: true, force: true });
  }

  const goals = evaluateGoals(cells, builds);
  const guideCells = cells.filter((cell) => cell.page.key === 'guide');
  const guideScripts = {
    project: biggestScripts(
      guideCells.flatMap((cell) => (cell.formFactor === 'mobile' ? cell.runs.project : [])),
      10,
    ),
    bare: biggestScripts(
      guideCells.flatMap((cell) => (cell.formFactor === 'mobile' ? cell.runs.bare : [])),
      10,
    ),
  };
  const lostPoints = lostPointsOf(cells);
  const totalSeconds = (performance.now() - startedAt) / 1000;

  if (format === 'json') {
    console.log(
      JSON.stringify(
        {
          runs,
          buildRuns,
          buildSeconds: builds,
          buildRatio:
            builds.project !== undefined && builds.bare !== undefined
              ? builds.project / builds.bare
              : null,
          results: cells.map((cell) => ({
            page: cell.page.key,
            pages: { project: cell.page.project, bare: cell.page.bare },
            formFactor: cell.formFactor,
            median: mediansOf(cell),
            runs: cell.runs,
          })),
          guidePages: guideRows(cells),
          benchmarkIndex: median(
            cells
              .flatMap((cell) => [...cell.runs.project, ...cell.runs.bare])
              .map((summary) => summary.benchmarkIndex),
          ),
          goals,
          guideScripts,
          guidePageWeightJsBytes: pageWeights,
          lostPoints,
          totalSeconds,
        },
        null,
        2,
      ),
    );
    return EXIT_OK;
  }

  printTable(cells, runs);
  printBuilds(builds, buildRuns);
  console.log('');
  console.log('Goals (this site):');
  for (const goal of goals)
    console.log(`  ${MARKS[String(goal.met)] ?? ''}  ${goal.goal}: ${goal.detail}`);
  console.log('');
  console.log(
    `Guide page JS by page-weight (gzip bodies, no headers): project ` +
      `${(pageWeights.project / KIB).toFixed(1)} KiB, bare ${(pageWeights.bare / KIB).toFixed(1)} KiB ` +
      `(${pageWeights.project >= pageWeights.bare ? '+' : ''}${((pageWeights.project - pageWeights.bare) / KIB).toFixed(1)} KiB)`,
  );
  for (const site of SITES) {
    console.log('');
    console.log(`Largest scripts, ${site} guide page (mobile, median run):`);
    console.log(
      `  ${pad('KiB', 8)}${pad('CPU ms', 9)}  (KiB with headers; CPU = main thread, throttled)`,
    );
    for (const script of guideScripts[site]) {
      const cpu = script.mainThreadMs === undefined ? '' : script.mainThreadMs.toFixed(0);
      console.log(
        `  ${pad((script.transferBytes / KIB).toFixed(1), 8)}${pad(cpu, 9)}  ${script.path}`,
      );
    }
  }
  if (lostPoints.length > 0) {
    console.log('');
    console.log('Where this site loses points (runs in which the audit failed, last value):');
    for (const lost of lostPoints) {
      const value = lost.value === undefined ? '' : `, last ${lost.value}`;
      console.log(`  ${lost.page}: ${lost.audit} (${lost.runs}/${runs})${value} — ${lost.title}`);
      for (const item of lost.items) console.log(`      ${item}`);
    }
  }
  console.log('');
  console.log(`Total run time ${(totalSeconds / 60).toFixed(1)} min.`);
  return EXIT_OK;
});
