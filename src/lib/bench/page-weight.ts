/**
 * Page weight as the browser receives it: loads a page in Debian's Chromium (Playwright), waits
 * for the network to go idle (or for a selector that says the page is done), and sums the bytes of every response body as it was sent
 * (gzip-compressed by the static server, not decoded). Deterministic, unlike Lighthouse's
 * figures, so the page budget tests can compare it with exact numbers.
 */
import { gzipSync } from 'node:zlib';
import type { Browser, Page, Request } from '@playwright/test';
import { launchChromium } from '../chromium';

export interface RequestWeight {
  url: string;
  /** Playwright's resource type: `document`, `script`, `stylesheet`, `image`, `font`, … */
  type: string;
  /**
   * Bytes of the response body as sent, before content decoding: for a gzip response, the size
   * of the gzip stream. Headers are not counted (their size varies with dates and validators).
   */
  transferBytes: number;
  /**
   * The body bytes Chromium read from the connection (`request.sizes()`), which also counts the
   * HTTP/1.1 chunk framing of a compressed response: a few bytes per chunk more than
   * `transferBytes`.
   */
  wireBytes: number;
}

export interface PageWeight {
  /** Sum of `transferBytes` of the script requests. */
  jsBytes: number;
  /** Sum of `transferBytes` of all requests. */
  totalBytes: number;
  /** Every finished request, in the order the browser finished them. */
  requests: RequestWeight[];
}

export interface PageWeightOptions {
  /** A browser to open the page in; by default one is launched and closed again. */
  browser?: Browser;
  /** Viewport of the page; it decides which lazy images and prefetches happen. */
  viewport?: { width: number; height: number };
  /** Longest wait for the page to load and go idle. Default 30 s. */
  timeoutMs?: number;
  /**
   * A selector that says the page is done, waited for after its load event instead of the
   * network going idle, e.g. Docusaurus's `html[data-has-hydrated="true"]`: the page has then
   * loaded every script it hydrates with.
   */
  waitFor?: string;
}

/** Size of `data` gzip-compressed at `level`, as the static server compresses (level 6). */
export function gzipSize(data: Buffer | string, level = 6): number {
  return gzipSync(data, { level }).length;
}

/**
 * Encoded body sizes by URL from the Resource Timing entries of every frame. `encodedBodySize`
 * is the payload after the transfer coding (chunk framing) is removed and before the content
 * coding (gzip) is: exactly the gzip stream the server produced.
 */
async function encodedBodySizes(page: Page): Promise<Map<string, number[]>> {
  const sizes = new Map<string, number[]>();
  for (const frame of page.frames()) {
    const entries = await frame.evaluate(() =>
      [
        ...performance.getEntriesByType('navigation'),
        ...performance.getEntriesByType('resource'),
      ].map((entry) => [entry.name, (entry as PerformanceResourceTiming).encodedBodySize] as const),
    );
    for (const [url, size] of entries) sizes.set(url, [...(sizes.get(url) ?? []), size]);
  }
  return sizes;
}

/** Loads `url` in a fresh browser context (empty cache) and measures what it transferred. */
export async function measurePageWeight(
  url: string,
  options: PageWeightOptions = {},
): Promise<PageWeight> {
  const browser = options.browser ?? (await launchChromium());
  try {
    const context = await browser.newContext({
      viewport: options.viewport ?? { width: 1280, height: 800 },
      serviceWorkers: 'block',
    });
    try {
      const page = await context.newPage();
      // The default buffer of 250 entries would silently drop the rest on a heavy page.
      await page.addInitScript(() => {
        performance.setResourceTimingBufferSize(100_000);
      });
      const finished: { request: Request; wire: Promise<number> }[] = [];
      page.on('requestfinished', (request) => {
        finished.push({
          request,
          wire: request.sizes().then((sizes) => sizes.responseBodySize),
        });
      });
      const response = await page.goto(url, {
        // With a selector to wait for, that selector says when the page is done.
        waitUntil: options.waitFor === undefined ? 'networkidle' : 'load',
        timeout: options.timeoutMs ?? 30_000,
      });
      if (!response?.ok()) {
        throw new Error(`${url} answered ${response?.status() ?? 'nothing'}`);
      }
      if (options.waitFor !== undefined) {
        await page.waitForSelector(options.waitFor, {
          state: 'attached',
          timeout: options.timeoutMs ?? 30_000,
        });
      }
      const encoded = await encodedBodySizes(page);
      const requests: RequestWeight[] = [];
      for (const { request, wire } of finished) {
        const wireBytes = await wire;
        // A cross-origin entry without Timing-Allow-Origin reports 0; the wire count is then the
        // best there is. Redirects have no entry of their own.
        const timed = encoded.get(request.url())?.shift() ?? 0;
        requests.push({
          url: request.url(),
          type: request.resourceType(),
          transferBytes: timed > 0 ? timed : wireBytes,
          wireBytes,
        });
      }
      const sum = (list: RequestWeight[]): number =>
        list.reduce((total, request) => total + request.transferBytes, 0);
      return {
        jsBytes: sum(requests.filter((request) => request.type === 'script')),
        totalBytes: sum(requests),
        requests,
      };
    } finally {
      await context.close();
    }
  } finally {
    if (!options.browser) await browser.close();
  }
}
