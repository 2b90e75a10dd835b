/**
 * The small page whose trace the breakdown's tests read (test/fixtures/trace/small-page.json),
 * recorded by `npm run bench:trace -- --record-fixture <file>`: known work of each kind, so the
 * tests can check the breakdown finds it where it belongs.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from '@playwright/test';
import { findMainThread, type TraceEvent } from './events';
import { COMMIT_MARK_PREFIX } from './react-probe';
import { TRACE_CATEGORIES } from './record';

/** Milliseconds each busy function runs for; the tests expect at least this much. */
export const FIXTURE_BUSY_MS = 80;
export const FIXTURE_ELEMENTS = 3000;

/**
 * `busyParse` runs while the page's script evaluates (one long task); `buildDom` adds elements
 * and forces style and layout; `busyCommit` runs in a later task between two commit marks, as
 * a React re-render after hydration would.
 */
export const FIXTURE_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>trace fixture</title>
<style>.cell { padding: 2px; border: 1px solid #ccc; } .cell:nth-child(odd) { color: #333; }</style>
</head><body><main id="root"></main>
<script>
function spin(ms) { const end = performance.now() + ms; let x = 0; while (performance.now() < end) x += Math.sqrt(x + 1); return x; }
function busyParse() { return spin(${FIXTURE_BUSY_MS}); }
function buildDom() {
  const root = document.getElementById('root');
  for (let i = 0; i < ${FIXTURE_ELEMENTS}; i++) { const div = document.createElement('div'); div.className = 'cell'; div.textContent = 'cell ' + i; root.appendChild(div); }
  return root.offsetHeight;
}
function busyCommit() { return spin(${FIXTURE_BUSY_MS}); }
busyParse();
buildDom();
performance.mark('${COMMIT_MARK_PREFIX}0');
setTimeout(() => { busyCommit(); performance.mark('${COMMIT_MARK_PREFIX}1'); document.title = 'done'; }, 50);
</script></body></html>`;

/** Keeps the main thread's events, the trace's metadata and what names the main frame. */
export function trimToMainThread(events: readonly TraceEvent[]): TraceEvent[] {
  const main = findMainThread(events);
  return events.filter(
    (event) =>
      event.name === 'TracingStartedInBrowser' ||
      (event.pid === main.pid && (event.tid === main.tid || event.ph === 'M')) ||
      (event.pid === main.pid && event.name === 'ProfileChunk'),
  );
}

/** Serves the fixture page on the loopback, loads it traced, and returns the trimmed events. */
export async function recordFixtureTrace(browser: Browser): Promise<TraceEvent[]> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(FIXTURE_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const page = await browser.newPage();
    try {
      await browser.startTracing(page, { categories: TRACE_CATEGORIES });
      let buffer: Buffer;
      try {
        await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'load' });
        await page.waitForFunction("document.title === 'done'");
      } finally {
        buffer = await browser.stopTracing();
      }
      const parsed = JSON.parse(buffer.toString('utf8')) as { traceEvents?: TraceEvent[] };
      return trimToMainThread(parsed.traceEvents ?? []);
    } finally {
      await page.close();
    }
  } finally {
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  }
}
