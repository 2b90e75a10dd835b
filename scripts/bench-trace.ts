/**
 * `npm run bench:trace -- <page>`: records a Chrome performance trace of one page of the built
 * site (mobile: CPU 4× slower; desktop: unthrottled) and prints where the main thread's time goes.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROFILES, type ProfileName } from '../src/lib/bench/trace/record';
import { formatSelectorCosts, formatTraceReport } from '../src/lib/bench/trace/report';
import { recordFixture, tracePage } from '../src/lib/bench/trace/run';
import {
  EXIT_OK,
  oneOf,
  parseFormat,
  runCli,
  ConfigurationError,
  UsageError,
} from '../src/lib/cli';

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
    const count = await recordFixture(fixture);
    console.log(`${count} events of the fixture page's main thread written to ${fixture}`);
    return EXIT_OK;
  }
  if (positionals.length !== 1)
    throw new UsageError('name one page, e.g. npm run bench:trace -- guide/applications');
  const profile = oneOf(
    values.profile,
    ['both', ...(Object.keys(PROFILES) as ProfileName[])],
    '--profile',
  );
  const buildDir = path.resolve(values.build);
  if (!existsSync(path.join(buildDir, 'index.html')))
    throw new ConfigurationError(
      `${values.build}: no built site there; run npm run build -- --no-pdf`,
    );
  const result = await tracePage({
    page: (positionals[0] ?? '').replace(/^\//, ''),
    profiles: profile === 'both' ? ['mobile', 'desktop'] : [profile],
    buildDir,
    ...(values.save === undefined ? {} : { save: values.save }),
    selectorStats: values['selector-stats'] === true,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  if (format === 'json') {
    console.log(JSON.stringify(result, null, 2));
    return EXIT_OK;
  }
  console.log(result.reports.map(formatTraceReport).join('\n\n'));
  if (result.selectors !== undefined) console.log(`\n${formatSelectorCosts(result.selectors)}`);
  return EXIT_OK;
});
