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

/**
 * The DOM budget (issue #25): a guide page may have at most this many times the elements of its
 * plain rendering, the same Markdown with the components as plain text in a bare Docusaurus site
 * (src/lib/bench/plain-pages). Element counts are deterministic, so this is a test too
 * (test/e2e/dom-budget.spec.ts).
 */
export const DOM_RATIO_BUDGET = 1.2;

/** What a page's article says, to check that two renderings of a page hold the same text. */
export interface ArticleText {
  headings: string[];
  paragraphs: number;
  tableRows: number;
  /** Lines of every code block, as the reader sees them. */
  codeLines: number;
}

/** A page's elements once hydrated (prefetch links left out), in total, by tag and by class. */
export interface DomCount {
  elements: number;
  byTag: Record<string, number>;
  byClass: Record<string, number>;
  article: ArticleText;
}

/** How long the document must go without an element added or removed to count as settled. */
const DOM_QUIET = { quietMs: 500, limitMs: 15_000 } as const;

/** Counts the live DOM's elements of `url` at Lighthouse's mobile viewport after hydration. */
export async function countDomElements(browser: Browser, url: string): Promise<DomCount> {
  const context = await browser.newContext({ viewport: MOBILE_VIEWPORT });
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector(HYDRATED, { state: 'attached' });
    // Counted once the document has stopped changing, so a render after hydration counts too.
    await page.evaluate(
      ({ quietMs, limitMs }) =>
        new Promise<void>((resolve) => {
          // No named functions here: tsx's bundler would wrap them in a helper the page lacks.
          const started = performance.now();
          let changed = started;
          const observer = new MutationObserver(() => {
            changed = performance.now();
          });
          observer.observe(document.documentElement, { childList: true, subtree: true });
          const poll = setInterval(() => {
            const now = performance.now();
            if (now - changed < quietMs && now - started < limitMs) return;
            observer.disconnect();
            clearInterval(poll);
            resolve();
          }, 50);
        }),
      DOM_QUIET,
    );
    return await page.evaluate(() => {
      // Docusaurus adds a <link rel="prefetch"> for each script of each linked page while the
      // browser is idle: hundreds of them, as many as idle time allowed (a page's count swung by
      // half from run to run). They are not the page's own, as in the byte budget above.
      const all = [...document.getElementsByTagName('*')].filter(
        (element) => !(element.tagName === 'LINK' && element.getAttribute('rel') === 'prefetch'),
      );
      const byTag: Record<string, number> = {};
      const byClass: Record<string, number> = {};
      for (const element of all) {
        const tag = element.tagName.toLowerCase();
        byTag[tag] = (byTag[tag] ?? 0) + 1;
        for (const name of element.classList) byClass[name] = (byClass[name] ?? 0) + 1;
      }
      const article = document.querySelector('article') ?? document.body;
      const headings = [...article.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((heading) =>
        heading.textContent.replace(/\u200b/g, '').trim(),
      );
      // Both sites render a code line as one .token-line.
      const codeLines = article.querySelectorAll('pre .token-line').length;
      const text = {
        headings,
        paragraphs: article.querySelectorAll('p').length,
        tableRows: article.querySelectorAll('tr').length,
        codeLines,
      };
      return { elements: all.length, byTag, byClass, article: text };
    });
  } finally {
    await context.close();
  }
}
