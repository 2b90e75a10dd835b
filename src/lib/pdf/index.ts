/**
 * The guide as one PDF, rendered by Debian's Chromium from the built site: the guide's pages in
 * sidebar order, the errata as an appendix, a cover, a numbered table of contents with page
 * numbers (render, read where each heading landed from the bookmarks, render again), bookmarks
 * titled with the headings' text, tags, running header and footer, and complete metadata (qpdf).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { chromium, type Page } from '@playwright/test';

import { CHROMIUM_ARGS, chromiumExecutable } from '../chromium';
import { loadSiteConfig, publishedSiteUrl, type SiteConfig } from '../../config';
import { startStaticServer } from '../static-server';
import { printDocument, type Chapter, type Cover } from './document';
import { extractContent, type ExtractArgs, type Extracted } from './extract';
import { PDF_FILE, PDF_MANIFEST, type PdfManifest } from './manifest';
import { printToPdf, type PrintResult } from './print';

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

export async function settle(page: Page): Promise<void> {
  await page.waitForSelector('html[data-has-hydrated="true"]', { timeout: 30_000 });
}

/**
 * Moves the hydrated site to another route the way its links do (history API and the router's
 * popstate listener), and waits until the route's page is there: its canonical link names it.
 */
async function navigate(page: Page, route: string): Promise<void> {
  const trim = (path: string): string => path.replace(/\/+$/, '') || '/';
  if (trim(new URL(page.url()).pathname) !== trim(route)) {
    await page.evaluate((target) => {
      // The old page's heading goes when the new page's content replaces it: under load the
      // head (canonical link) can already name the new route while the old content still shows.
      document.querySelector('main h1')?.setAttribute('data-pdf-previous', '');
      window.history.pushState(null, '', target);
      window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
    }, route);
  }
  await page.waitForFunction(
    (target) => {
      const canonical = document.querySelector<HTMLLinkElement>('link[rel="canonical"]');
      const at = canonical ? new URL(canonical.href).pathname.replace(/\/+$/, '') || '/' : '';
      return at === target && document.querySelector('[data-pdf-previous]') === null;
    },
    trim(route),
    { timeout: 30_000 },
  );
  await settle(page);
}

/** The guide's routes in sidebar order, read from the built page's sidebar. */
export async function guideRoutes(page: Page, baseUrl: string): Promise<string[]> {
  const paths = await page.$$eval('.theme-doc-sidebar-menu a.menu__link[href]', (links) =>
    links.map((a) => new URL((a as HTMLAnchorElement).href).pathname),
  );
  const guide = `${baseUrl}guide/`;
  const seen = new Set<string>();
  return paths
    .map((p) => p.replace(/\/+$/, '') || '/')
    .filter((p) => `${p}/`.startsWith(guide) && !seen.has(p) && seen.add(p));
}

export async function renderGuidePdf(options: RenderOptions): Promise<RenderResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const { buildDir } = options;
  const siteDir = options.siteDir ?? process.cwd();
  const site = options.site ?? loadSiteConfig();
  const { version } = JSON.parse(await readFile(path.join(siteDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  if (!existsSync(path.join(buildDir, 'index.html')))
    throw new Error(`${buildDir} holds no built site; run the Docusaurus build first`);
  const errata = JSON.parse(await readFile(path.join(buildDir, 'errata.json'), 'utf8')) as {
    errata: { id: string }[];
  };
  const server = await startStaticServer({ root: buildDir, baseUrl: site.baseUrl });
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: [...CHROMIUM_ARGS],
  });
  const work = await mkdtemp(path.join(os.tmpdir(), 'guide-pdf-'));
  try {
    const page = await browser.newPage();
    // tsx/esbuild wrap named functions in a `__name` helper, which a function serialised into
    // the page (extractContent) would not find there.
    await page.addInitScript({ content: 'globalThis.__name = (target) => target;' });
    const origin = new URL(server.url).origin;
    const at = (route: string): string => `${origin}${route}`;
    await page.goto(at(`${site.baseUrl}guide/`));
    await settle(page);
    const guide = await guideRoutes(page, site.baseUrl);
    const stylesheets = await page.$$eval('link[rel="stylesheet"]', (links) =>
      links.map((l) => (l as HTMLLinkElement).href),
    );
    const appendix = [
      `${site.baseUrl}errata`,
      ...errata.errata.map((e) => `${site.baseUrl}errata/${e.id}`),
    ];
    const routes = [...guide, ...appendix];
    const included = routes.map((route, index) => ({ path: route, prefix: `p${index}-` }));
    const publicSite = publishedSiteUrl(site);

    // One page load, then the site's own client-side navigation from route to route: the app
    // hydrates once instead of once per page.
    const extract = async (index: number, sectionOffset: number): Promise<Extracted> => {
      const route = routes[index] ?? '';
      const inAppendix = index >= guide.length;
      const isRecord = index > guide.length;
      const args: ExtractArgs = {
        prefix: `p${index}-`,
        included,
        baseUrl: site.baseUrl,
        publicSite,
        demote: isRecord ? 1 : 0,
        chapter: inAppendix ? 'A' : String(index + 1),
        sectionOffset,
      };
      log(`  ${route}`);
      await navigate(page, route);
      return page.evaluate(extractContent, args);
    };
    const guideExtracts: Extracted[] = [];
    for (let index = 0; index < guide.length; index++) guideExtracts.push(await extract(index, 0));
    const chapters: Chapter[] = [];
    const addChapter = (
      index: number,
      extracted: Extracted,
      title: (h1: string) => string,
    ): Chapter => {
      const h1 = extracted.headings.find((h) => h.level === 1);
      const chapter: Chapter = {
        route: routes[index] ?? '',
        number: index >= guide.length ? 'A' : String(index + 1),
        title: title(h1?.title ?? routes[index] ?? ''),
        anchor: h1?.id ?? `p${index}-top`,
        sections: sectionsOf(extracted),
        html: `<div id="p${index}-top"></div>${extracted.html}`,
      };
      chapters.push(chapter);
      return chapter;
    };
    guideExtracts.forEach((extracted, index) => addChapter(index, extracted, (t) => t));
    const appendixIndex = guide.length;
    const appendixChapter = addChapter(appendixIndex, await extract(appendixIndex, 0), (t) => t);
    for (let index = appendixIndex + 1; index < routes.length; index++) {
      const record = await extract(index, appendixChapter.sections.length);
      appendixChapter.sections.push(...sectionsOf(record));
      appendixChapter.html += `\n<div id="p${index}-top"></div>${record.html}`;
    }

    const generated = new Date();
    const commit = options.commit ?? gitCommit(siteDir);
    const cover: Cover = {
      title: TITLE,
      subtitle:
        'Applications and processes: what applications and PKCS #11 modules do around fork()',
      version,
      date: options.date ?? generated.toISOString().slice(0, 10),
      commit,
      status:
        'A proposed revision of §2.5.2 of the OASIS PKCS #11 Usage Guide (v2.40 CN02 and v3.2 CN01), prepared by an independent companion project. It is not an OASIS publication and has no OASIS status.',
      publicUrl: publicSite,
    };
    const html = printDocument({ cover, chapters, stylesheets, lang: 'en' });
    const docFile = path.join(buildDir, '__print-document__.html');
    await writeFile(docFile, html);

    const outFile = path.join(buildDir, PDF_FILE);
    const tmp = `${outFile}.${process.pid}.tmp`;
    let print: PrintResult;
    try {
      print = await printToPdf({
        page,
        url: at(`${site.baseUrl}__print-document__.html`),
        file: tmp,
        runningTitle: TITLE,
        metadata: {
          title: TITLE,
          author: 'PKCS #11 Usage Guide companion project',
          subject:
            'A tested revision of PKCS #11 Usage Guide §2.5.2 (Applications and processes): fork() guidance for applications, modules and wrapper libraries',
          keywords: 'PKCS #11, Cryptoki, fork, pthread_atfork, C_Initialize, Usage Guide, OASIS',
          creator: `pkcs11-usage-guide-fork ${version} (${commit})`,
          producer: `Chromium ${browser.version()} (Skia/PDF), qpdf`,
          date: generated,
        },
        log,
      });
    } finally {
      await rm(docFile, { force: true });
    }
    await rename(tmp, outFile);
    const bytes = (await stat(outFile)).size;
    const pages = pdfPageCount(outFile) ?? 0;
    const manifest: PdfManifest = {
      file: PDF_FILE,
      bytes,
      pages,
      commit,
      generated: generated.toISOString(),
    };
    await writeFile(path.join(buildDir, PDF_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    return {
      file: outFile,
      bytes,
      pages,
      passes: print.passes,
      durationMs: Math.round(performance.now() - started),
      tocPages: print.tocPages,
    };
  } finally {
    await browser.close();
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
}

function sectionsOf(extracted: Extracted): Chapter['sections'] {
  return extracted.headings
    .filter((h) => h.level === 2)
    .map((h) => ({ number: h.number, title: h.title, anchor: h.id }));
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
