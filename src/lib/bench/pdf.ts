/**
 * `npm run bench:pdf`'s one job: wall time and size of the guide's PDF against a baseline measured
 * in the same run, Chromium printing the same pages one by one with no processing (no contents,
 * no numbering, no second pass, no metadata).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadSiteConfig } from '../../config';
import { launchChromium } from '../chromium';
import { ConfigurationError } from '../errors';
import { guideRoutes, renderGuidePdf, settle } from '../pdf';
import { startStaticServer } from '../static-server';
import { median } from './stats';

/** The goal: the full PDF in 10 s or less on 2 cores. */
export const PDF_GOAL_MS = 10_000;

/** Plain Chromium printing the guide's pages one by one: milliseconds and bytes. */
async function plainPrint(buildDir: string): Promise<{ ms: number; bytes: number }> {
  const site = loadSiteConfig();
  const server = await startStaticServer({ root: buildDir, baseUrl: site.baseUrl });
  const browser = await launchChromium();
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

export interface PdfRun {
  run: number;
  pdfMs: number;
  passes: number;
  baselineMs: number;
}

export interface PdfFigures {
  cpus: number;
  runs: number;
  pdfMedianMs: number;
  baselineMedianMs: number;
  ratio: number;
  pages: number;
  bytes: number;
  baselineBytes: number;
  goalMs: number;
}

/** `runs` PDFs and baselines, alternately; `onRun` hears of each pair as it ends. */
export async function runPdfBenchmark(
  buildDir: string,
  runs: number,
  onRun: (run: PdfRun) => void,
): Promise<PdfFigures> {
  if (!existsSync(path.join(buildDir, 'errata.json')))
    throw new ConfigurationError(
      `${buildDir} holds no built site; run npm run build -- --no-pdf first`,
    );
  const full: number[] = [];
  const plain: number[] = [];
  let last = { pages: 0, bytes: 0, baselineBytes: 0 };
  for (let run = 1; run <= runs; run++) {
    const result = await renderGuidePdf({ buildDir });
    full.push(result.durationMs);
    const base = await plainPrint(buildDir);
    plain.push(base.ms);
    last = { pages: result.pages, bytes: result.bytes, baselineBytes: base.bytes };
    onRun({ run, pdfMs: result.durationMs, passes: result.passes, baselineMs: base.ms });
  }
  return {
    cpus: os.availableParallelism(),
    runs,
    pdfMedianMs: Math.round(median(full)),
    baselineMedianMs: Math.round(median(plain)),
    ratio: median(full) / median(plain),
    ...last,
    goalMs: PDF_GOAL_MS,
  };
}
