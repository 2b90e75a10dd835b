/**
 * `npm run bench:trace -- <page>`: records a Chrome performance trace of one page of the built
 * site (mobile: CPU 4× slower; desktop: unthrottled) and prints where the main thread's time goes.
 */
import { parseArgs } from 'node:util';
import { PROFILES, type ProfileName } from '../src/lib/bench/trace/record';
import { formatSelectorCosts, formatTraceReport } from '../src/lib/bench/trace/report';
import { recordFixture, tracePage } from '../src/lib/bench/trace/run';
import { EXIT_OK, oneOf, parseFormat, runCli, UsageError, defined } from '../src/lib/cli';
import { builtSite } from '../src/lib/site-build';
import { BENCH_TRACE_HELP, BENCH_TRACE_OPTIONS } from '../src/lib/bench/help';

runCli(BENCH_TRACE_HELP, async (argv) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: BENCH_TRACE_OPTIONS,
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
  const buildDir = builtSite(values.build);
  const result = await tracePage({
    page: (positionals[0] ?? '').replace(/^\//, ''),
    profiles: profile === 'both' ? ['mobile', 'desktop'] : [profile],
    buildDir,
    ...defined({ save: values.save }),
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
