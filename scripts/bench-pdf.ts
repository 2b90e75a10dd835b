/**
 * `npm run bench:pdf`: wall time and size of the guide's PDF, against a baseline measured in the
 * same run: Chromium printing the same pages one by one with no processing (no contents, no
 * numbering, no second pass, no metadata). Needs a built site (npm run build -- --no-pdf).
 * A benchmark, not a test: it prints figures and fails only if rendering fails.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';

import { runPdfBenchmark } from '../src/lib/bench/pdf';
import { BENCHMARK_OPTIONS } from '../src/lib/bench/options';
import { formatRatio } from '../src/lib/bench/stats';
import { EXIT_OK, parseFormat, positiveInteger, runCli } from '../src/lib/cli';
import { BENCH_PDF_HELP } from '../src/lib/bench/help';

runCli(BENCH_PDF_HELP, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: { ...BENCHMARK_OPTIONS, 'build-dir': { type: 'string', default: 'build' } },
  });
  const runs = positiveInteger(values.runs, '--runs');
  const format = parseFormat(values, ['text', 'json']);
  const buildDir = path.resolve(values['build-dir']);
  const figures = await runPdfBenchmark(buildDir, runs, (run) => {
    if (format === 'text')
      console.log(
        `run ${run.run}: PDF ${(run.pdfMs / 1000).toFixed(1)} s (${run.passes} passes), baseline ${(run.baselineMs / 1000).toFixed(1)} s`,
      );
  });
  const { pages, bytes, baselineBytes: plainBytes } = figures;
  if (format === 'json') console.log(JSON.stringify(figures, null, 2));
  else
    console.log(
      `PDF: median ${(figures.pdfMedianMs / 1000).toFixed(1)} s for ${pages} pages, ${(bytes / 1024 / 1024).toFixed(2)} MB; ` +
        `baseline (plain Chromium, page by page): ${(figures.baselineMedianMs / 1000).toFixed(1)} s, ${(plainBytes / 1024 / 1024).toFixed(2)} MB; ` +
        `ratio ${formatRatio(figures.ratio, 1)}; goal ≤ 10 s on ${figures.cpus} CPUs: ${figures.pdfMedianMs <= figures.goalMs ? 'met' : 'not met'}.`,
    );
  return EXIT_OK;
});
