/**
 * `npm run bench:trace -- <page>`: records a Chrome performance trace of one page of the built
 * site (mobile: CPU 4× slower; desktop: unthrottled) and prints where the main thread's time goes.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { loadSiteConfig } from '../src/config';
import { breakDown } from '../src/lib/bench/trace/breakdown';
import { recordFixtureTrace } from '../src/lib/bench/trace/fixture';
import { PROFILES, recordPageLoad, type ProfileName } from '../src/lib/bench/trace/record';
import { formatTraceReport, traceReport } from '../src/lib/bench/trace/report';
import { CHROMIUM_ARGS, chromiumExecutable } from '../src/lib/chromium';
import { EXIT_OK, parseFormat, runCli, ConfigurationError, UsageError } from '../src/lib/cli';
import { startStaticServer } from '../src/lib/static-server';

const HELP = `Usage: npm run bench:trace -- <page> [--profile mobile|desktop|both] [--build <dir>]
                               [--selector-stats] [--save <file.json>] [--format text|json]
       npm run bench:trace -- --record-fixture <file.json>

Serves the built site (build/, or --build) with the project's static server, loads <page> (a
site path such as guide/applications) in Debian's Chromium with a React commit probe, records a
performance trace and prints the main thread's time by cause: script evaluation, parsing, style
recalculation, layout, paint, image decoding, garbage collection; the long tasks; the JavaScript
samples inside component functions by the kind of content they render (code blocks,
recommendation boxes, tables, details, tabs, table of contents); and every React commit: the
hydration, then any re-render, with the state or context that started it.

  mobile    Lighthouse's mobile screen (412×823), CPU 4× slower
  desktop   Lighthouse's desktop screen (1350×940), CPU unthrottled

Options:
  --profile <p>       mobile, desktop or both (default both)
  --build <dir>       the built site to serve (default build/)
  --selector-stats    a further unthrottled recording with Chromium's CSS selector statistics
                      (they slow style work down, so they are never mixed with the timings)
  --save <file>       also write the mobile trace (or the only one) as JSON, for a trace viewer
  --format <f>        text (default) or json; --json is short for --format json
  --record-fixture <file>
                      record the small test page of src/lib/bench/trace/fixture.ts instead,
                      trimmed to its main thread (test/fixtures/trace/small-page.json)
  -h, --help          show this help

Exit codes: 0 recorded, 2 usage or set-up error (no build, no Chromium, page not found).
`;

runCli(HELP, async (argv) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      profile: { type: 'string', default: 'both' },
      build: { type: 'string', default: 'build' },
      'selector-stats': { type: 'boolean' },
      save: { type: 'string' },
      format: { type: 'string' },
      json: { type: 'boolean' },
      'record-fixture': { type: 'string' },
    },
  });
  const format = parseFormat(values, ['text', 'json']);
  const fixture = values['record-fixture'];
  if (fixture !== undefined) {
    if (positionals.length > 0) throw new UsageError('--record-fixture takes no page');
    const browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: [...CHROMIUM_ARGS],
    });
    try {
      const events = await recordFixtureTrace(browser);
      await writeFile(fixture, `${JSON.stringify({ traceEvents: events })}\n`);
      console.log(
        `${events.length} events of the fixture page's main thread written to ${fixture}`,
      );
    } finally {
      await browser.close();
    }
    return EXIT_OK;
  }
  if (positionals.length !== 1)
    throw new UsageError('name one page, e.g. npm run bench:trace -- guide/applications');
  const page = (positionals[0] ?? '').replace(/^\//, '');
  const profiles: ProfileName[] =
    values.profile === 'both'
      ? ['mobile', 'desktop']
      : values.profile === 'mobile' || values.profile === 'desktop'
        ? [values.profile]
        : [];
  if (profiles.length === 0)
    throw new UsageError(`--profile ${values.profile}: expected mobile, desktop or both`);
  const buildDir = path.resolve(values.build);
  if (!existsSync(path.join(buildDir, 'index.html')))
    throw new ConfigurationError(`${values.build}: no built site there; run npm run build -- --no-pdf`);
  let executable: string;
  try {
    executable = chromiumExecutable();
  } catch (error) {
    throw new ConfigurationError((error as Error).message);
  }

  const { baseUrl } = loadSiteConfig();
  const server = await startStaticServer({ root: buildDir, baseUrl });
  const browser = await chromium.launch({ executablePath: executable, args: [...CHROMIUM_ARGS] });
  try {
    const url = new URL(page, server.url).href;
    const probe = await fetch(url);
    await probe.arrayBuffer();
    if (!probe.ok)
      throw new ConfigurationError(`${url} answered ${probe.status}; is ${page} a page of the site?`);
    const reports = [];
    for (const profile of profiles) {
      process.stderr.write(`recording ${page} (${profile})…\n`);
      const recording = await recordPageLoad({ browser, url, profile });
      if (values.save !== undefined && profile === profiles[0])
        await writeFile(values.save, JSON.stringify({ traceEvents: recording.events }));
      reports.push(
        traceReport(
          recording,
          PROFILES[profile].cpuSlowdown,
          breakDown(recording.events, recording.components),
        ),
      );
    }
    let selectors;
    if (values['selector-stats']) {
      process.stderr.write(`recording ${page} with CSS selector statistics…\n`);
      const recording = await recordPageLoad({
        browser,
        url,
        profile: 'desktop',
        selectorStats: true,
      });
      selectors = breakDown(recording.events, recording.components).selectors ?? [];
    }
    if (format === 'json') {
      console.log(JSON.stringify({ page, reports, selectors }, null, 2));
      return EXIT_OK;
    }
    console.log(reports.map(formatTraceReport).join('\n\n'));
    if (selectors !== undefined) {
      console.log('');
      console.log('CSS selectors by matching time (unthrottled, selector statistics on; top 15):');
      for (const selector of selectors.slice(0, 15))
        console.log(
          `  ${selector.ms.toFixed(1).padStart(7)} ms  ${String(selector.matchAttempts).padStart(7)} attempts ${String(selector.matchCount).padStart(6)} matches  ${selector.selector}`,
        );
    }
    return EXIT_OK;
  } finally {
    await browser.close();
    await server.close();
  }
});
