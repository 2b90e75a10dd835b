/**
 * `npm run bench:site`'s one job: this site against a bare Docusaurus classic site of the same
 * version, in one run: cold builds of each, then Lighthouse on pairs of pages served by the same
 * gzip static server, reduced to a report with goals. A benchmark, not a test. The guide pages
 * are also measured against their plain rendering (src/lib/bench/plain-pages), a third site
 * built once, untimed: its build is not a baseline of the build goal.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSiteConfig } from '../../../config';
import { startStaticServer, type RunningStaticServer } from '../../static-server';
import { createBareSite } from '../bare-site';
import { buildPlainSite } from '../plain-pages/site';
import { alternateColdBuilds } from '../cold-builds';
import { ChromiumSetupError } from '../lighthouse';
import { median } from '../stats';
import type { Builds } from './goals';
import { checkPages, guidePageWeights, measureCells, type SiteUrls } from './measure';
import type { Cell } from './metrics';
import { chooseGuidePages, guidePagesOf, pagePlan, type SiteName, type Target } from './plan';
import type { SiteMeasurements } from './report';
import { checkSetup, lighthouseVersion } from './setup';

export interface SiteBenchmarkOptions {
  projectDir: string;
  /** Lighthouse runs per page and form factor. */
  runs: number;
  /** Cold builds of each site. */
  buildRuns: number;
  /** Builds to serve instead of building (their build time is then not measured). */
  reuse: Partial<Record<Target, string>>;
  /** Build into `<keepBuilds>/project`, `/bare` and `/plain` and keep them. */
  keepBuilds?: string;
  /** Guide pages to measure, comma-separated; every guide page of the sitemap by default. */
  pages?: string;
  /** Measure the guide pages against their plain rendering too (default true). */
  plain?: boolean;
  /** Progress lines. */
  log: (line: string) => void;
  /** The tail of a failed build's output, as the build printed it. */
  buildOutput: (text: string) => void;
}

/** Builds what is not reused, alternately, bare first as bench:build does; undefined on failure. */
async function buildSites(
  options: SiteBenchmarkOptions,
  buildDirs: Record<SiteName, string>,
): Promise<Builds | undefined> {
  const toBuild = (['bare', 'project'] as const).filter(
    (site) => options.reuse[site] === undefined,
  );
  const bare = toBuild.includes('bare') ? await createBareSite(options.projectDir) : undefined;
  const siteDirs = { project: options.projectDir, bare: bare?.dir };
  try {
    const targets = toBuild.map((name) => {
      const siteDir = siteDirs[name];
      if (siteDir === undefined) throw new Error(`no folder for the ${name} site`);
      return { name, siteDir, outDir: buildDirs[name] };
    });
    const times = await alternateColdBuilds(targets, options.buildRuns, (event) => {
      if (event.kind === 'start')
        options.log(`building the ${event.name} site cold (${event.run}/${event.runs})…`);
      else if (event.kind === 'built')
        options.log(`  ${event.name} built in ${event.seconds.toFixed(1)} s`);
      else {
        options.buildOutput(event.output.slice(-3000));
        options.log(`The ${event.name} build failed.`);
      }
    });
    if (times === undefined) return undefined;
    const builds: Builds = { project: undefined, bare: undefined };
    for (const site of toBuild) builds[site] = median(times[site]);
    return builds;
  } finally {
    await bare?.remove();
  }
}

/** Lighthouse and page-weight on the served builds; undefined when Lighthouse failed. */
async function measureSites(
  options: SiteBenchmarkOptions,
  urls: SiteUrls,
  projectBuild: string,
): Promise<Pick<SiteMeasurements, 'cells' | 'pageWeights'> | undefined> {
  const pages = pagePlan(
    chooseGuidePages(await guidePagesOf(projectBuild), options.pages),
    options.plain !== false,
  );
  await checkPages(urls, pages);
  let cells: Cell[];
  try {
    cells = await measureCells(urls, options.runs, pages, options.log);
  } catch (error) {
    if (error instanceof ChromiumSetupError) throw error; // a set-up error, not a finding
    options.log(`Lighthouse failed: ${(error as Error).message}`);
    return undefined;
  }
  options.log('measuring the guide pages with page-weight…');
  try {
    return { cells, pageWeights: await guidePageWeights(urls, pages) };
  } catch (error) {
    // Minutes of Lighthouse runs are not thrown away for the one figure page-weight adds.
    options.log(`page-weight failed: ${(error as Error).message}`);
    return { cells, pageWeights: undefined };
  }
}

/** Runs the whole benchmark; undefined when a build or a Lighthouse run failed. */
export async function runSiteBenchmark(
  options: SiteBenchmarkOptions,
): Promise<SiteMeasurements | undefined> {
  await checkSetup();
  const version = await lighthouseVersion(options.projectDir);
  const { baseUrl } = loadSiteConfig();
  const keep = options.keepBuilds;
  const outRoot =
    keep === undefined ? await mkdtemp(path.join(tmpdir(), 'bench-site-out-')) : path.resolve(keep);
  await mkdir(outRoot, { recursive: true });
  const servers: RunningStaticServer[] = [];
  try {
    const buildDirs: Record<SiteName, string> = {
      project: options.reuse.project ?? path.join(outRoot, 'project'),
      bare: options.reuse.bare ?? path.join(outRoot, 'bare'),
    };
    const builds = await buildSites(options, buildDirs);
    if (builds === undefined) return undefined;
    const plainDir = options.reuse.plain ?? path.join(outRoot, 'plain');
    if (options.reuse.plain === undefined && options.plain !== false) {
      options.log('building the plain rendering of the guide (bare site, not timed)…');
      await buildPlainSite(options.projectDir, plainDir);
    }
    const project = await startStaticServer({ root: buildDirs.project, baseUrl });
    servers.push(project);
    const bare = await startStaticServer({ root: buildDirs.bare, baseUrl: '/' });
    servers.push(bare);
    // Without the plain rendering its server serves an empty folder no page is asked of.
    if (options.plain === false) await mkdir(plainDir, { recursive: true });
    const plain = await startStaticServer({ root: plainDir, baseUrl: '/' });
    servers.push(plain);
    options.log(
      `serving the project at ${project.url}, the bare site at ${bare.url}` +
        (options.plain === false ? '' : `, the plain guide at ${plain.url}`),
    );
    const measured = await measureSites(
      options,
      { project: project.url, bare: bare.url, plain: plain.url },
      buildDirs.project,
    );
    if (measured === undefined) return undefined;
    const { runs, buildRuns } = options;
    return { runs, buildRuns, lighthouseVersion: version, builds, ...measured };
  } finally {
    for (const server of servers) await server.close();
    if (keep === undefined) await rm(outRoot, { recursive: true, force: true });
  }
}
