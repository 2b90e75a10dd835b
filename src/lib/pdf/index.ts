/**
 * The guide as one PDF, rendered by Debian's Chromium from the built site: the guide's pages in
 * sidebar order, the errata as an appendix, a cover, a numbered table of contents with page
 * numbers (render, read where each heading landed from the bookmarks, render again), bookmarks
 * titled with the headings' text, tags, running header and footer, and complete metadata (qpdf).
 */
import { execFileSync } from 'node:child_process';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { Browser, Page } from '@playwright/test';

import { launchChromium } from '../chromium';
import { loadSiteConfig, publishedSiteUrl, type SiteConfig } from '../../config';
import { builtSite } from '../site-build';
import { startStaticServer } from '../static-server';
import { collectChapters } from './chapters';
import { printDocument, type Chapter, type Cover } from './document';
import { PDF_FILE, PDF_MANIFEST, type PdfManifest } from './manifest';
import { printToPdf, type PrintResult } from './print';
import { guideRoutes, settle } from './site-navigation';

export {
  amendPdf,
  readLinks,
  readOutline,
  type OutlineEntry,
  type PdfAmendments,
  type PdfLink,
  type PdfMetadata,
} from './qpdf';
export { PAGE_PLACEHOLDER, printDocument, type Chapter, type Cover } from './document';
export { extractContent, type ExtractArgs } from './extract';
export { printToPdf, type PrintOptions, type PrintResult } from './print';
export * from './manifest';
export { guideRoutes, settle } from './site-navigation';

export interface RenderOptions {
  buildDir: string;
  /** The folder with package.json (version on the cover) and the git history. Default: cwd. */
  siteDir?: string;
  /** Default: loadSiteConfig() from the environment. */
  site?: SiteConfig;
  /** Commit on the cover; default `git rev-parse --short HEAD`, or "uncommitted". */
  commit?: string;
  /** Date on the cover, YYYY-MM-DD; default today (UTC). */
  date?: string;
  log?: (line: string) => void;
}

export interface RenderResult {
  file: string;
  bytes: number;
  pages: number;
  passes: number;
  durationMs: number;
  /** Each TOC entry's page number, by heading anchor. */
  tocPages: Record<string, number>;
}

const TITLE = 'PKCS #11 and fork(): revised Usage Guide §2.5.2';

/** One line about a rendered PDF, as npm run pdf and npm run build print it. */
export function describePdf(result: RenderResult, cwd = process.cwd()): string {
  return `PDF: ${path.relative(cwd, result.file)}, ${result.pages} pages, ${(result.bytes / 1024).toFixed(0)} KiB, ${result.passes} passes, ${(result.durationMs / 1000).toFixed(1)} s.`;
}

function gitCommit(cwd: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      cwd,
      encoding: 'utf8',
    }).trim();
  } catch {
    return 'uncommitted';
  }
}

/** The cover page's text: the title, what this document is, and where it came from. */
function coverOf(version: string, commit: string, date: string, publicUrl: string): Cover {
  return {
    title: TITLE,
    subtitle: 'Applications and processes: what applications and PKCS #11 modules do around fork()',
    version,
    date,
    commit,
    status:
      'A proposed revision of §2.5.2 of the OASIS PKCS #11 Usage Guide (v2.40 CN02 and v3.2 CN01), prepared by an independent companion project. It is not an OASIS publication and has no OASIS status.',
    publicUrl,
  };
}

/** What the PDF says about itself (qpdf writes it into the document information and XMP). */
function metadataOf(version: string, commit: string, browser: Browser, date: Date) {
  return {
    title: TITLE,
    author: 'PKCS #11 Usage Guide companion project',
    subject:
      'A tested revision of PKCS #11 Usage Guide §2.5.2 (Applications and processes): fork() guidance for applications, modules and wrapper libraries',
    keywords: 'PKCS #11, Cryptoki, fork, pthread_atfork, C_Initialize, Usage Guide, OASIS',
    creator: `pkcs11-usage-guide-fork ${version} (${commit})`,
    producer: `Chromium ${browser.version()} (Skia/PDF), qpdf`,
    date,
  };
}

/** What renderGuidePdf reads before it starts a browser: the version and the errata ids. */
async function readInputs(buildDir: string, siteDir: string) {
  const { version } = JSON.parse(await readFile(path.join(siteDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  builtSite(buildDir);
  const errata = JSON.parse(await readFile(path.join(buildDir, 'errata.json'), 'utf8')) as {
    errata: { id: string }[];
  };
  return { version, errataIds: errata.errata.map((e) => e.id) };
}

/** The built pages as chapters, with the site's stylesheets, read in one browser page. */
async function readChapters(
  page: Page,
  origin: string,
  site: SiteConfig,
  errataIds: string[],
  log: (line: string) => void,
): Promise<{ chapters: Chapter[]; stylesheets: string[] }> {
  // tsx/esbuild wrap named functions in a `__name` helper, which a function serialised into
  // the page (extractContent and its steps) would not find there.
  await page.addInitScript({ content: 'globalThis.__name = (target) => target;' });
  await page.goto(`${origin}${site.baseUrl}guide/`);
  await settle(page);
  const guide = await guideRoutes(page, site.baseUrl);
  const stylesheets = await page.$$eval('link[rel="stylesheet"]', (links) =>
    links.map((l) => (l as HTMLLinkElement).href),
  );
  const appendix = [
    `${site.baseUrl}errata`,
    ...errataIds.map((id) => `${site.baseUrl}errata/${id}`),
  ];
  const chapters = await collectChapters(page, {
    guide,
    appendix,
    baseUrl: site.baseUrl,
    publicSite: publishedSiteUrl(site),
    log,
  });
  return { chapters, stylesheets };
}

/** Moves the printed file into place and writes the manifest beside it. */
async function publishPdf(
  buildDir: string,
  tmp: string,
  about: { commit: string; generated: Date },
): Promise<{ file: string; bytes: number; pages: number }> {
  const outFile = path.join(buildDir, PDF_FILE);
  await rename(tmp, outFile);
  const bytes = (await stat(outFile)).size;
  const pages = pdfPageCount(outFile) ?? 0;
  const manifest: PdfManifest = {
    file: PDF_FILE,
    bytes,
    pages,
    commit: about.commit,
    generated: about.generated.toISOString(),
  };
  await writeFile(path.join(buildDir, PDF_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return { file: outFile, bytes, pages };
}

export async function renderGuidePdf(options: RenderOptions): Promise<RenderResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const { buildDir } = options;
  const siteDir = options.siteDir ?? process.cwd();
  const site = options.site ?? loadSiteConfig();
  const { version, errataIds } = await readInputs(buildDir, siteDir);
  const server = await startStaticServer({ root: buildDir, baseUrl: site.baseUrl });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const origin = new URL(server.url).origin;
    const { chapters, stylesheets } = await readChapters(page, origin, site, errataIds, log);
    const generated = new Date();
    const commit = options.commit ?? gitCommit(siteDir);
    const date = options.date ?? generated.toISOString().slice(0, 10);
    const cover = coverOf(version, commit, date, publishedSiteUrl(site));
    const docFile = path.join(buildDir, '__print-document__.html');
    await writeFile(docFile, printDocument({ cover, chapters, stylesheets, lang: 'en' }));
    const tmp = `${path.join(buildDir, PDF_FILE)}.${process.pid}.tmp`;
    let print: PrintResult;
    try {
      print = await printToPdf({
        page,
        url: `${origin}${site.baseUrl}__print-document__.html`,
        file: tmp,
        runningTitle: TITLE,
        metadata: metadataOf(version, commit, browser, generated),
        log,
      });
    } finally {
      await rm(docFile, { force: true });
    }
    const published = await publishPdf(buildDir, tmp, { commit, generated });
    return {
      ...published,
      passes: print.passes,
      durationMs: Math.round(performance.now() - started),
      tocPages: print.tocPages,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

function pdfPageCount(file: string): number | undefined {
  try {
    const text = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const match = /^Pages:\s+(\d+)/m.exec(text);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
