/**
 * The site's byte budget: no page loads more JavaScript than a bare Docusaurus classic site's
 * docs page plus an allowance, counted as the browser receives it (gzip level 6 bodies, no
 * headers) once the page has hydrated. Prefetches of linked pages are not the page's own and
 * are not counted. Bytes are deterministic, so the budget is a test (test/e2e/budgets.spec.ts);
 * scores and timings are noisy and stay benchmark goals (npm run bench:site).
 */
import type { Browser } from '@playwright/test';
import { measurePageWeight, type PageWeight } from './page-weight';

/**
 * The baseline: the JavaScript of the bare Docusaurus 3.10.2 classic site's `docs/intro` page,
 * measured with `npm run page-weight -- --bare` (176 331 bytes on 2026-11-28, Debian's Chromium,
 * mobile viewport). Measure it again when Docusaurus is updated.
 */
export const BARE_DOCS_PAGE = {
  docusaurus: '3.10.2',
  page: 'docs/intro',
  jsBytes: 176_331,
} as const;

/** What this site may add to the bare docs page: 15 KB of gzip'd JavaScript. */
export const JS_ALLOWANCE_BYTES = 15_000;

export const JS_BUDGET_BYTES = BARE_DOCS_PAGE.jsBytes + JS_ALLOWANCE_BYTES;

/** Docusaurus marks the page once React has hydrated it; its scripts are all loaded by then. */
export const HYDRATED = 'html[data-has-hydrated="true"]';

/** Lighthouse's mobile viewport (the viewport decides lazy images, not scripts). */
export const MOBILE_VIEWPORT = { width: 412, height: 823 } as const;

export interface BudgetResult {
  /** Site path, e.g. `guide/applications`. */
  page: string;
  weight: PageWeight;
  /** JavaScript bytes over the budget; 0 or less is within it. */
  overBytes: number;
}

/** Measures `pages` of the site served at `siteUrl` against the JavaScript budget. */
export async function checkJsBudget(
  browser: Browser,
  siteUrl: string,
  pages: readonly string[],
  onPage?: (result: BudgetResult) => void,
): Promise<BudgetResult[]> {
  const results: BudgetResult[] = [];
  for (const page of pages) {
    const weight = await measurePageWeight(new URL(page, siteUrl).href, {
      browser,
      viewport: MOBILE_VIEWPORT,
      waitFor: HYDRATED,
    });
    const result = { page, weight, overBytes: weight.jsBytes - JS_BUDGET_BYTES };
    onPage?.(result);
    results.push(result);
  }
  return results;
}
