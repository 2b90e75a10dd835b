/**
 * Prints a print document (document.ts) to PDF with Chromium: renders until the contents' page
 * numbers agree with where the headings landed (read from the bookmarks), then gives every
 * bookmark its heading's text and, when given, sets the metadata, in one qpdf pass (outline.ts,
 * qpdf.ts).
 */
import { rm } from 'node:fs/promises';

import type { Page } from '@playwright/test';

import { escapeHtml } from './document';
import { bookmarkTitles, type PrintedHeading } from './outline';
import { amendPdf, readOutline, type PdfMetadata } from './qpdf';

export interface PrintOptions {
  /** A browser page; it is moved to `url`. */
  page: Page;
  /** Address of the print document, served over HTTP. */
  url: string;
  /** The PDF to write. */
  file: string;
  /** The running header of every page. */
  runningTitle: string;
  /** The document information dictionary to write; default: Chromium's (the title only). */
  metadata?: PdfMetadata;
  log?: (line: string) => void;
}

export interface PrintResult {
  passes: number;
  /** Each contents entry's page number, by heading anchor. */
  tocPages: Record<string, number>;
}

/** At most this many renderings for the contents' page numbers to settle. */
const MAX_PASSES = 4;

export async function printToPdf(options: PrintOptions): Promise<PrintResult> {
  const { page, file } = options;
  const log = options.log ?? (() => {});
  const raw = `${file}.chromium.pdf`;
  let tocPages: Record<string, number> = {};
  let titles: { title: string; level: number }[] = [];
  let passes = 0;
  try {
    log('  print document');
    await page.goto(options.url);
    await page.waitForLoadState('networkidle');
    // Which headings are printed is read in the media the PDF is printed in.
    await page.emulateMedia({ media: 'print' });
    for (;;) {
      passes++;
      log(`  pass ${passes}`);
      await page.pdf({
        path: raw,
        format: 'A4',
        printBackground: true,
        outline: true,
        tagged: true,
        displayHeaderFooter: true,
        headerTemplate: `<div style="font-size:7.5pt;width:100%;padding:0 16mm;color:#444;font-family:'DejaVu Sans',sans-serif">${escapeHtml(options.runningTitle)}</div>`,
        footerTemplate:
          '<div style="font-size:7.5pt;width:100%;padding:0 16mm;text-align:right;color:#444;font-family:\'DejaVu Sans\',sans-serif">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
        margin: { top: '22mm', bottom: '20mm', left: '16mm', right: '16mm' },
      });
      log('  reading bookmarks');
      const placed = await placeHeadings(page, raw);
      titles = placed.titles;
      const wanted = await page.$$eval('[data-toc-target]', (links) =>
        links.map((a) => (a as HTMLElement).dataset.tocTarget ?? ''),
      );
      const missing = wanted.filter((anchor) => placed.pages[anchor] === undefined);
      if (missing.length > 0)
        throw new Error(`no bookmark for contents entries: ${missing.slice(0, 5).join(', ')}`);
      const agree = wanted.every((anchor) => tocPages[anchor] === placed.pages[anchor]);
      tocPages = Object.fromEntries(wanted.map((anchor) => [anchor, placed.pages[anchor] ?? 0]));
      if (agree) break;
      if (passes >= MAX_PASSES)
        throw new Error(`the contents page numbers did not settle in ${MAX_PASSES} passes`);
      await page.$$eval(
        '[data-toc-target]',
        (links, pages) => {
          for (const a of links) {
            const target = (a as HTMLElement).dataset.tocTarget ?? '';
            const cell = a.querySelector('.toc-page');
            if (cell) cell.textContent = String(pages[target] ?? '');
          }
        },
        tocPages,
      );
    }
    log(options.metadata ? '  bookmark titles and metadata' : '  bookmark titles');
    await amendPdf(raw, file, {
      titles,
      ...(options.metadata ? { metadata: options.metadata } : {}),
    });
  } finally {
    await rm(raw, { force: true });
  }
  return { passes, tocPages };
}

/**
 * Where each heading landed and what its bookmark should read. Chromium makes one bookmark per
 * heading that is printed with text, in document order, so the two lists pair up one to one
 * (bookmarkTitles checks that they do).
 */
async function placeHeadings(
  page: Page,
  pdf: string,
): Promise<{ pages: Record<string, number>; titles: { title: string; level: number }[] }> {
  const outline = await readOutline(pdf);
  const headings: PrintedHeading[] = await page.$$eval('h1, h2, h3, h4, h5, h6', (nodes) =>
    nodes
      .filter((h) => h.getClientRects().length > 0 && h.textContent.trim() !== '')
      .map((h) => ({ id: h.id, level: Number(h.tagName[1]), text: h.textContent })),
  );
  const titles = bookmarkTitles(outline, headings);
  const pages: Record<string, number> = {};
  headings.forEach((heading, index) => {
    if (heading.id) pages[heading.id] = outline[index]?.page ?? 0;
  });
  return {
    pages,
    titles: titles.map((title, index) => ({ title, level: outline[index]?.level ?? 0 })),
  };
}
