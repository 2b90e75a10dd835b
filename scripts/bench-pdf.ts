/**
 * `npm run bench:pdf`: wall time and size of the guide's PDF, against a baseline measured in the
 * same run: Chromium printing the same pages one by one with no processing (no contents, no
 * numbering, no second pass, no metadata). Needs a built site (npm run build -- --no-pdf).
 * A benchmark, not a test: it prints figures and fails only if rendering fails.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { chromium } from '@playwright/test';

import { loadSiteConfig } from '../src/config';
import { formatRatio, median } from '../src/lib/bench/stats';
import { CHROMIUM_ARGS, chromiumExecutable } from '../src/lib/chromium';
import { EXIT_OK, parseFormat, runCli, ConfigurationError, UsageError } from '../src/lib/cli';
import { guideRoutes, renderGuidePdf, settle } from '../src/lib/pdf';
import { startStaticServer } from '../src/lib/static-server';

const HELP = `Usage: npm run bench:pdf -- [--runs <n>] [--build-dir <folder>] [--format text|json]

Renders the guide's PDF from the built site --runs times (default 3) and, alternately, prints
the same pages one by one with plain Chromium (the baseline); prints the median times, the
ratio, the PDF's size and pages. Goal: the full PDF in 10 s or less on 2 cores.
`;

async function baseline(buildDir: string): Promise<{ ms: number; bytes: number }> {
  const site = loadSiteConfig();
  const server = await startStaticServer({ root: buildDir, baseUrl: site.baseUrl });
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: [...CHROMIUM_ARGS],
  });
  const out = await mkdtemp(path.join(os.tmpdir(), 'bench-pdf-'));
  const started = performance.now();
  let bytes = 0;
  try {
    const page = await browser.newPage();
    const origin = new URL(server.url).origin;
    await page.goto(`${origin}${site.baseUrl}guide/`);
    await settle(page);
    const routes = await guideRoutes(page, site.baseUrl);
    for (const [index, route] of routes.entries()) {
      await page.goto(`${origin}${route}`);
      await settle(page);
      const file = path.join(out, `${index}.pdf`);
      await page.pdf({ path: file, format: 'A4' });
      bytes += (await stat(file)).size;
    }
    return { ms: performance.now() - started, bytes };
  } finally {
    await browser.close();
    await server.close();
    await rm(out, { recursive: true, force: true });
  }
}

runCli(HELP, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '3' },
      'build-dir': { type: 'string', default: 'build' },
      format: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1)
    throw new UsageError(`--runs ${values.runs} is not a positive whole number`);
  const format = parseFormat(values, ['text', 'json']);
  const buildDir = path.resolve(values['build-dir']);
  if (!existsSync(path.join(buildDir, 'errata.json')))
    throw new ConfigurationError(`${buildDir} holds no built site; run npm run build -- --no-pdf first`);
  const full: number[] = [];
  const plain: number[] = [];
  let pages = 0;
  let bytes = 0;
  let plainBytes = 0;
  for (let run = 1; run <= runs; run++) {
    const result = await renderGuidePdf({ buildDir });
    full.push(result.durationMs);
    pages = result.pages;
    bytes = result.bytes;
    const base = await baseline(buildDir);
    plain.push(base.ms);
    plainBytes = base.bytes;
    if (format === 'text')
      console.log(
        `run ${run}: PDF ${(result.durationMs / 1000).toFixed(1)} s (${result.passes} passes), baseline ${(base.ms / 1000).toFixed(1)} s`,
      );
  }
  const figures = {
    cpus: os.availableParallelism(),
    runs,
    pdfMedianMs: Math.round(median(full)),
    baselineMedianMs: Math.round(median(plain)),
    ratio: median(full) / median(plain),
    pages,
    bytes,
    baselineBytes: plainBytes,
    goalMs: 10_000,
  };
  if (format === 'json') console.log(JSON.stringify(figures, null, 2));
  else
    console.log(
      `PDF: median ${(figures.pdfMedianMs / 1000).toFixed(1)} s for ${pages} pages, ${(bytes / 1024 / 1024).toFixed(2)} MB; ` +
        `baseline (plain Chromium, page by page): ${(figures.baselineMedianMs / 1000).toFixed(1)} s, ${(plainBytes / 1024 / 1024).toFixed(2)} MB; ` +
        `ratio ${formatRatio(median(full), median(plain))}; goal ≤ 10 s on ${figures.cpus} CPUs: ${figures.pdfMedianMs <= 10_000 ? 'met' : 'not met'}.`,
    );
  return EXIT_OK;
});
