/**
 * bench:site's measurements on the served sites: Lighthouse on every page pair (and each guide
 * page's plain rendering) run by run, and the guide pair's JavaScript by page-weight.
 */
import { launchChromium } from '../../chromium';
import { ConfigurationError } from '../../errors';
import { checkJsBudget } from '../budgets';
import {
  ChromiumSetupError,
  FORM_FACTORS,
  runLighthouse,
  type FormFactor,
  type LighthouseSummary,
} from '../lighthouse';
import { KIB, type Cell } from './metrics';
import { SITES, TARGETS, visitOrder, type PagePair, type SiteName, type Target } from './plan';

/** The base URL each site is served at. */
export type SiteUrls = Record<Target, string>;

/** Every page of the plan must answer 200, or the comparison would be of error pages. */
export async function checkPages(urls: SiteUrls, pages: readonly PagePair[]): Promise<void> {
  for (const page of pages) {
    for (const site of TARGETS) {
      const sitePath = page[site];
      if (sitePath === undefined) continue;
      const url = `${urls[site]}${sitePath}`;
      const response = await fetch(url);
      await response.arrayBuffer();
      if (!response.ok)
        throw new ConfigurationError(`${url} (${site} ${page.label}) answered ${response.status}`);
    }
  }
}

/** Lighthouse can stumble on a loaded machine; one retry keeps a long run from being lost. */
async function lighthouseWithRetry(
  url: string,
  formFactor: FormFactor,
  log: (line: string) => void,
): Promise<LighthouseSummary> {
  try {
    return await runLighthouse(url, formFactor);
  } catch (error) {
    if (error instanceof ChromiumSetupError) throw error;
    log(`  Lighthouse failed (${(error as Error).message.split('\n')[0]}); retrying once`);
    return runLighthouse(url, formFactor);
  }
}

function progressLine(label: string, summary: LighthouseSummary, startedMs: number): string {
  const { scores } = summary;
  return (
    `${label}: ` +
    `perf ${scores.performance}, TBT ${summary.tbtMs.toFixed(0)} ms, a11y ${scores.accessibility}, ` +
    `bp ${scores['best-practices']}, seo ${scores.seo}, ` +
    `JS ${(summary.jsBytes / KIB).toFixed(1)} KiB ` +
    `(${((performance.now() - startedMs) / 1000).toFixed(0)} s)`
  );
}

/**
 * Lighthouse `runs` times on every page of the plan, mobile and desktop, run by run in the same
 * order each run; a page shared by several pairs (the bare docs page) is measured once per run,
 * and each guide page's plain rendering right after the page.
 */
export async function measureCells(
  urls: SiteUrls,
  runs: number,
  pages: readonly PagePair[],
  log: (line: string) => void,
): Promise<Cell[]> {
  const cells: Cell[] = FORM_FACTORS.flatMap((formFactor) =>
    pages.map((page) => ({ page, formFactor, runs: { project: [], bare: [], plain: [] } })),
  );
  const order = visitOrder(pages);
  const total = runs * order.length;
  let done = 0;
  for (let run = 1; run <= runs; run++) {
    for (const visit of order) {
      const started = performance.now();
      const summary = await lighthouseWithRetry(
        `${urls[visit.site]}${visit.sitePath}`,
        visit.formFactor,
        log,
      );
      for (const cell of cells) {
        if (cell.formFactor === visit.formFactor && cell.page[visit.site] === visit.sitePath)
          cell.runs[visit.site].push(summary);
      }
      done++;
      const label = `[${done}/${total}] run ${run} ${visit.formFactor} ${visit.site} /${visit.sitePath}`;
      log(progressLine(label, summary, started));
    }
  }
  return cells;
}

/** Deterministic JS bytes (gzip bodies, no headers) of the guide pair, as the budget test counts. */
export async function guidePageWeights(
  urls: Pick<SiteUrls, SiteName>,
  pages: readonly PagePair[],
): Promise<Record<SiteName, number>> {
  const browser = await launchChromium();
  try {
    const guide =
      pages.find((page) => page.project === 'guide/applications') ??
      pages.find((page) => page.key === 'guide');
    if (!guide) throw new Error('no guide page in the plan');
    const weights: Record<SiteName, number> = { project: 0, bare: 0 };
    for (const site of SITES) {
      const [result] = await checkJsBudget(browser, urls[site], [guide[site]]);
      weights[site] = result?.weight.jsBytes ?? 0;
    }
    return weights;
  } finally {
    await browser.close();
  }
}
