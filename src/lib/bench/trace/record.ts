/**
 * Records a Chrome performance trace of one page load in Debian's Chromium (Playwright), with
 * the React commit probe installed, optionally with the CPU slowed down as Lighthouse's mobile
 * profile does (4×, Lighthouse core/config/constants.js `throttling.mobileSlow4G.cpuSlowdownMultiplier`).
 * Returns the trace events, the probe's commit records and where each component function it
 * saw starts (for attributing CPU samples).
 */
import type { Browser, CDPSession, Page } from '@playwright/test';
import type { ComponentLocation } from './breakdown';
import type { TraceEvent } from './events';
import {
  FUNCTIONS_GLOBAL,
  PROBE_GLOBAL,
  REACT_COMMIT_PROBE,
  type CommitRecord,
  type ProbeState,
} from './react-probe';

/** Lighthouse 12's mobile and desktop screens (core/config/constants.js, screenEmulationMetrics). */
export const PROFILES = {
  mobile: { viewport: { width: 412, height: 823 }, cpuSlowdown: 4, deviceScaleFactor: 1.75 },
  desktop: { viewport: { width: 1350, height: 940 }, cpuSlowdown: 1, deviceScaleFactor: 1 },
} as const;
export type ProfileName = keyof typeof PROFILES;

/** The categories Chrome DevTools' performance panel records, plus V8's sampling profiler. */
export const TRACE_CATEGORIES = [
  '-*',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'blink.user_timing',
  'loading',
  'latencyInfo',
  'toplevel',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  '__metadata',
];

/** Chromium's per-selector style statistics (DevTools' "Enable CSS selector stats"); they slow style work down. */
export const SELECTOR_STATS_CATEGORY = 'disabled-by-default-blink.debug';

export interface RecordOptions {
  browser: Browser;
  url: string;
  profile: ProfileName;
  /** Also record CSS selector statistics (inflates style times: a separate recording). */
  selectorStats?: boolean;
}

export interface Recording {
  url: string;
  profile: ProfileName;
  events: TraceEvent[];
  commits: CommitRecord[];
  components: ComponentLocation[];
  /** Elements in the document once the page is quiet. */
  domElements: number;
}

/** Resolves once the page has hydrated and the main thread has had two idle periods in a row. */
export async function waitForQuiet(page: Page): Promise<void> {
  await page.waitForSelector('html[data-has-hydrated="true"]', { state: 'attached' });
  // A string, not a function: tsx would wrap a function's inner helpers in its own `__name`.
  await page.evaluate(`(async () => {
    const idle = () => new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout: 5000 }));
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
    await frame();
    await idle();
    await frame();
    await idle();
  })()`);
}

interface InternalProperty {
  name: string;
  value?: { value?: { scriptId?: string; lineNumber?: number; columnNumber?: number } };
}

/** Where each component function the probe saw starts ([[FunctionLocation]], over CDP). */
async function componentLocations(cdp: CDPSession): Promise<ComponentLocation[]> {
  const list = await cdp.send('Runtime.evaluate', {
    expression: `[...(window.${FUNCTIONS_GLOBAL} ?? new Map()).entries()].map(([fn, kinds]) => [fn, kinds.size === 1 ? [...kinds][0] : 'shared'])`,
  });
  const listId = list.result.objectId;
  if (listId === undefined) return [];
  const { result: entries } = await cdp.send('Runtime.getProperties', {
    objectId: listId,
    ownProperties: true,
  });
  const locations: ComponentLocation[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry.name) || entry.value?.objectId === undefined) continue;
    const { result: pair } = await cdp.send('Runtime.getProperties', {
      objectId: entry.value.objectId,
      ownProperties: true,
    });
    const fn = pair.find((property) => property.name === '0')?.value?.objectId;
    const kind = pair.find((property) => property.name === '1')?.value?.value as string | undefined;
    if (fn === undefined || kind === undefined) continue;
    const { internalProperties } = await cdp.send('Runtime.getProperties', { objectId: fn });
    const location = (internalProperties as InternalProperty[] | undefined)?.find(
      (property) => property.name === '[[FunctionLocation]]',
    )?.value?.value;
    if (location?.scriptId === undefined) continue;
    locations.push({
      kind,
      scriptId: location.scriptId,
      lineNumber: location.lineNumber ?? 0,
      columnNumber: location.columnNumber ?? 0,
    });
  }
  return locations;
}

/** One page load, traced. */
export async function recordPageLoad(options: RecordOptions): Promise<Recording> {
  const profile = PROFILES[options.profile];
  const context = await options.browser.newContext({
    viewport: profile.viewport,
    deviceScaleFactor: profile.deviceScaleFactor,
  });
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: REACT_COMMIT_PROBE });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Runtime.enable');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown });
    const categories = options.selectorStats
      ? [...TRACE_CATEGORIES, SELECTOR_STATS_CATEGORY]
      : TRACE_CATEGORIES;
    await options.browser.startTracing(page, { categories });
    let buffer: Buffer;
    try {
      const response = await page.goto(options.url, { waitUntil: 'load' });
      if (response === null || !response.ok())
        throw new Error(`${options.url} answered ${response?.status() ?? 'nothing'}`);
      await waitForQuiet(page);
    } finally {
      buffer = await options.browser.stopTracing();
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const probe = await page.evaluate<ProbeState>(
      `window.${PROBE_GLOBAL} ?? { commits: [], injected: 0 }`,
    );
    if (probe.injected === 0)
      throw new Error(`${options.url}: React never registered with the probe; is it a React page?`);
    const components = await componentLocations(cdp);
    const domElements = await page.evaluate<number>("document.getElementsByTagName('*').length");
    const parsed = JSON.parse(buffer.toString('utf8')) as { traceEvents?: TraceEvent[] };
    return {
      url: options.url,
      profile: options.profile,
      events: parsed.traceEvents ?? [],
      commits: probe.commits,
      components,
      domElements,
    };
  } finally {
    await context.close();
  }
}
