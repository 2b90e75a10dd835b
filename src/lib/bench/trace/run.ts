/**
 * `npm run bench:trace`'s one job: serve the built site, load one page in Debian's Chromium per
 * profile with the React commit probe, and summarise each trace; or record the test fixture.
 */
import { writeFile } from 'node:fs/promises';
import { loadSiteConfig } from '../../../config';
import type { Browser } from '@playwright/test';
import { launchChromium } from '../../chromium';
import { ConfigurationError } from '../../errors';
import { startStaticServer } from '../../static-server';
import { breakDown, type SelectorCost } from './breakdown';
import { recordFixtureTrace } from './fixture';
import { PROFILES, recordPageLoad, type ProfileName } from './record';
import { traceReport, type TraceReport } from './report';

/** Records the fixture page's main thread into `file`; returns the number of events. */
export async function recordFixture(file: string): Promise<number> {
  const browser = await launchChromium();
  try {
    const events = await recordFixtureTrace(browser);
    await writeFile(file, `${JSON.stringify({ traceEvents: events })}\n`);
    return events.length;
  } finally {
    await browser.close();
  }
}

export interface TraceOptions {
  /** Site path, e.g. `guide/applications`. */
  page: string;
  profiles: readonly ProfileName[];
  /** A built site (checked by the caller: it knows how the user named it). */
  buildDir: string;
  /** Also write the first profile's trace here. */
  save?: string;
  /** A further unthrottled recording with Chromium's CSS selector statistics. */
  selectorStats: boolean;
  log: (line: string) => void;
}

export interface TraceResult {
  page: string;
  reports: TraceReport[];
  selectors: SelectorCost[] | undefined;
}

async function traceProfiles(browser: Browser, url: string, options: TraceOptions) {
  const reports: TraceReport[] = [];
  for (const profile of options.profiles) {
    options.log(`recording ${options.page} (${profile})…`);
    const recording = await recordPageLoad({ browser, url, profile });
    if (options.save !== undefined && profile === options.profiles[0])
      await writeFile(options.save, JSON.stringify({ traceEvents: recording.events }));
    const breakdown = breakDown(recording.events, recording.components);
    reports.push(traceReport(recording, PROFILES[profile].cpuSlowdown, breakdown));
  }
  return reports;
}

/** Traces `options.page` of the built site in each profile. */
export async function tracePage(options: TraceOptions): Promise<TraceResult> {
  const { page } = options;
  const browser = await launchChromium();
  const server = await startStaticServer({
    root: options.buildDir,
    baseUrl: loadSiteConfig().baseUrl,
  });
  try {
    const url = new URL(page, server.url).href;
    const probe = await fetch(url);
    await probe.arrayBuffer();
    if (!probe.ok)
      throw new ConfigurationError(
        `${url} answered ${probe.status}; is ${page} a page of the site?`,
      );
    const reports = await traceProfiles(browser, url, options);
    let selectors: SelectorCost[] | undefined;
    if (options.selectorStats) {
      options.log(`recording ${page} with CSS selector statistics…`);
      const recording = await recordPageLoad({
        browser,
        url,
        profile: 'desktop',
        selectorStats: true,
      });
      selectors = breakDown(recording.events, recording.components).selectors ?? [];
    }
    return { page, reports, selectors };
  } finally {
    await browser.close();
    await server.close();
  }
}
