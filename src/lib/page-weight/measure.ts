/**
 * The JavaScript budget measured on a built site: served the way it is deployed (base URL, gzip)
 * and loaded in Debian's Chromium; or the budget's baseline, the docs page of a bare Docusaurus
 * classic site built in a temporary folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBareSite } from '../bench/bare-site';
import { BARE_DOCS_PAGE, checkJsBudget, type BudgetResult } from '../bench/budgets';
import { launchChromium } from '../chromium';
import { buildSite } from '../site-build';
import { startStaticServer } from '../static-server';

/** Serves the built site in `root` at `baseUrl` and measures `pages` against the budget. */
export async function measureBuild(
  root: string,
  baseUrl: string,
  pages: readonly string[],
  onPage?: (result: BudgetResult) => void,
): Promise<BudgetResult[]> {
  const server = await startStaticServer({ root, baseUrl });
  try {
    const browser = await launchChromium();
    try {
      return await checkJsBudget(browser, server.url, pages, onPage);
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
}

export type BareMeasurement =
  | { built: true; result: BudgetResult }
  /** The bare site did not build; `output` is the build's. */
  | { built: false; output: string };

/** `log` hears the one slow step before it starts. */
export async function measureBareSite(
  projectDir: string,
  log: (line: string) => void,
): Promise<BareMeasurement> {
  const bare = await createBareSite(projectDir);
  const outDir = await mkdtemp(path.join(tmpdir(), 'page-weight-bare-'));
  try {
    log('building a bare Docusaurus classic site…');
    const built = await buildSite({ siteDir: bare.dir, outDir });
    if (!built.ok) return { built: false, output: built.output };
    const [result] = await measureBuild(outDir, '/', [BARE_DOCS_PAGE.page]);
    if (!result) throw new Error('nothing measured');
    return { built: true, result };
  } finally {
    await rm(outDir, { recursive: true, force: true });
    await bare.remove();
  }
}
