/**
 * The PDF of the guide, checked as a reader and a PDF tool see it (poppler-utils and qpdf), not
 * through the code that made it: metadata and tags, every heading and every embedded example
 * line in the text, bookmarks titled exactly as the headings of the pages, links that land inside the
 * PDF or on the public site, embedded fonts, and contents whose page numbers are where the
 * headings really are.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { extractRegion } from '../../src/remark/example-regions/regions';
import {
  PDF_FILE,
  PDF_MANIFEST,
  PENDING_PDF_MANIFEST,
  readLinks,
  readOutline,
} from '../../src/lib/pdf';
import { BUILD_DIR, expect, PROJECT_DIR, test } from './fixtures';

const PDF = path.join(BUILD_DIR, PDF_FILE);
const tool = (name: string, args: string[]): string =>
  execFileSync(name, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
// Whitespace folded away, so a line the PDF wraps still counts as whole. (pdftotext -raw keeps
// the hyphen at a line break inside a word; the default mode would drop it.)
const fold = (text: string): string => text.replace(/[\s\u200b]+/g, '');
const info = (): Record<string, string> =>
  Object.fromEntries(
    tool('pdfinfo', [PDF])
      .split('\n')
      .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1] ?? '', m[2] ?? '']),
  );
const pageText = (page: number): string =>
  tool('pdftotext', ['-layout', '-f', `${page}`, '-l', `${page}`, PDF, '-']);

interface PdfWord {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}
/** The words of a page with their boxes, in points from the top left (pdftotext -bbox). */
const pageWords = (page: number): PdfWord[] =>
  Array.from(
    tool('pdftotext', ['-bbox', '-f', `${page}`, '-l', `${page}`, PDF, '-']).matchAll(
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
    ),
    (m) => ({
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
      text: m[5] ?? '',
    }),
  );

test.describe('the PDF of the guide', () => {
  test('is a tagged A4 document with complete metadata', () => {
    const meta = info();
    expect(Number(meta.Pages)).toBeGreaterThanOrEqual(20);
    expect(meta.Tagged).toBe('yes');
    expect(meta['Page size']).toContain('(A4)');
    expect(meta.Title).toContain('§2.5.2');
    for (const field of ['Author', 'Subject', 'Keywords', 'Creator'])
      expect(meta[field]).toBeTruthy();
    expect(tool('qpdf', ['--json=2', '--json-key=qpdf', PDF])).toContain('"/Lang": "u:en"');
  });

  test('embeds every font it uses', () => {
    const rows = tool('pdffonts', [PDF]).split('\n').slice(2).filter(Boolean);
    expect(rows.length).toBeGreaterThan(0);
    // Columns: name type encoding emb sub uni object ID; "emb" is the fourth from the end.
    for (const row of rows) expect(row.trim().split(/\s+/).at(-5), row).toBe('yes');
  });

  test('holds every heading of the guide and every line of every embedded example, unclipped', () => {
    const text = fold(tool('pdftotext', ['-raw', PDF, '-']));
    const guideDir = path.join(PROJECT_DIR, 'docs', 'guide');
    let lines = 0;
    for (const file of readdirSync(guideDir).filter((f) => /\.mdx?$/.test(f))) {
      const source = readFileSync(path.join(guideDir, file), 'utf8');
      for (const heading of source.matchAll(
        /^#{1,4} (.+?)(?:\s*\{#[^}]+\}|\s*\{\/\*[^*]*\*\/\})?\s*$/gm,
      )) {
        const plain = (heading[1] ?? '').replace(/`/g, '').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1');
        expect(text, `${file}: heading "${plain}"`).toContain(fold(plain));
      }
      for (const embed of source.matchAll(/example="([^"#]+)#([^"]+)"/g)) {
        // `name#region` embeds a C file; `name.py#region` names its extension itself.
        const name = /\.[a-z]+$/.test(embed[1] ?? '') ? (embed[1] ?? '') : `${embed[1] ?? ''}.c`;
        const code = readFileSync(path.join(PROJECT_DIR, 'examples', name), 'utf8');
        for (const line of extractRegion(code, embed[2] ?? '').code.split('\n')) {
          if (!line.trim()) continue;
          expect(text, `${file}: ${embed[1]}#${embed[2]}: ${line}`).toContain(fold(line));
          lines++;
        }
      }
    }
    expect(lines).toBeGreaterThan(100);
  });

  test('draws the decision chart and fits the module matrix on the page', () => {
    const text = fold(tool('pdftotext', ['-raw', PDF, '-']));
    // Text that only the diagram carries (its nodes), not the table beside it.
    expect(text).toContain(fold('Will the child only run another program?'));
    const pages = Number(info().Pages);
    let matrixPage = 0;
    for (let p = 1; p <= pages && !matrixPage; p++)
      if (/^\s*6\.3 The matrix\s*$/m.test(pageText(p))) matrixPage = p;
    expect(matrixPage).toBeGreaterThan(0);
    const results = JSON.parse(
      readFileSync(path.join(PROJECT_DIR, 'examples', 'results.json'), 'utf8'),
    ) as { modules: { id: string }[] };
    // Every module's column is on the page, none cut off at the right edge. A heading may wrap
    // at its hyphens: it is read as a word and the words right below it that overlap it.
    const words = pageWords(matrixPage);
    const below = (word: PdfWord): PdfWord | undefined =>
      words.find(
        (next) =>
          next.yMin > word.yMin &&
          next.yMin - word.yMax < 6 &&
          next.xMin < word.xMax &&
          next.xMax > word.xMin,
      );
    const heading = (id: string): boolean =>
      words.some((first) => {
        let text = first.text;
        for (let word: PdfWord | undefined = first; word && text !== id && id.startsWith(text);) {
          word = below(word);
          text += word?.text ?? '';
        }
        return text === id;
      });
    for (const module of results.modules) expect(heading(module.id), module.id).toBe(true);
    // A4 is 595 pt wide and the right margin 16 mm (45 pt).
    const right = Math.max(...words.map((word) => word.xMax));
    expect(right).toBeLessThanOrEqual(595 - 45 + 1);
  });

  test('has bookmarks equal to the headings of the pages it prints', async ({ site, page }) => {
    // About twenty pages are visited, each waited for until it has hydrated.
    test.setTimeout(180_000);
    // The heading tree as the built pages show it, read from the site, not from the PDF code.
    await site.goto('guide/');
    const routes = await page.$$eval('.theme-doc-sidebar-menu a.menu__link', (links) =>
      links.map((a) => new URL((a as HTMLAnchorElement).href).pathname),
    );
    const errata = JSON.parse(readFileSync(path.join(BUILD_DIR, 'errata.json'), 'utf8')) as {
      errata: { id: string }[];
    };
    // Titles as a reader sees them: one space between words, nothing glued together.
    const spaced = (text: string): string => text.replace(/\s+/g, ' ').trim();
    const expected: { level: number; title: string }[] = [{ level: 1, title: 'Contents' }];
    // Numbered as the contents page numbers them: chapters 1, 2, … in sidebar order and "A" for
    // the errata; each level-2 heading of a chapter (in the appendix, also each record's title,
    // one level down) "<chapter>.<n>"; deeper headings have no number.
    let sections = 0;
    const visit = async (route: string, demote: number, chapter: string): Promise<void> => {
      await site.goto(route);
      const headings = await page.evaluate(() => {
        const content =
          document.querySelector('.theme-doc-markdown') ?? document.querySelector('main');
        return Array.from(content?.querySelectorAll('h1, h2, h3, h4, h5, h6') ?? []).map((h) => {
          // The "#" link beside a heading is a site control, not the heading's text.
          const text = h.cloneNode(true) as HTMLElement;
          text.querySelectorAll('.hash-link').forEach((link) => {
            link.remove();
          });
          return { level: Number(h.tagName[1]), title: text.textContent };
        });
      });
      for (const h of headings) {
        const level = Math.min(6, h.level + demote);
        const number = level === 1 ? chapter : level === 2 ? `${chapter}.${++sections}` : '';
        expected.push({ level, title: spaced(number ? `${number} ${h.title}` : h.title) });
      }
    };
    for (const [index, route] of routes.entries()) {
      sections = 0;
      await visit(route.replace(/^\//, ''), 0, String(index + 1));
    }
    sections = 0;
    await visit('errata', 0, 'A');
    for (const e of errata.errata) await visit(`errata/${e.id}`, 1, 'A');
    const outline = await readOutline(PDF);
    expect(outline.map((o) => ({ level: o.level, title: o.title }))).toEqual(expected);
  });

  test('never leaves a heading alone at the bottom of a page', async () => {
    // A4 is 842 pt high and the bottom margin 20 mm (57 pt): a heading starting lower than three
    // lines above the margin has no room for the text it introduces.
    const low = (await readOutline(PDF)).filter((entry) => (entry.top ?? 842) < 57 + 3 * 14);
    expect(low.map((entry) => `${entry.title} (page ${entry.page}, ${entry.top} pt)`)).toEqual([]);
  });

  test('links land on a page of the PDF or on the public site, never on this machine', async () => {
    const pages = Number(info().Pages);
    const links = await readLinks(PDF);
    const internal = links.filter((l) => l.uri === undefined);
    expect(internal.length).toBeGreaterThan(50);
    for (const link of internal) {
      expect(link.targetPage, `link on page ${link.page}`).toBeGreaterThanOrEqual(1);
      expect(link.targetPage).toBeLessThanOrEqual(pages);
    }
    for (const link of links.filter((l) => l.uri !== undefined))
      expect(link.uri, `link on page ${link.page}`).not.toMatch(/localhost|127\.0\.0\.1|\[::1\]/);
  });

  test('numbers its contents with the pages the headings are on', () => {
    // Read the contents as printed, then look for each heading on the page it names.
    const pages = Number(info().Pages);
    let tocText = '';
    for (let p = 2; p <= Math.min(4, pages); p++) tocText += pageText(p);
    const entries = [...tocText.matchAll(/^\s*([0-9A-Z]+(?:\.\d+)?)\s+(.+?)\s+(\d+)\s*$/gm)].map(
      (m) => ({
        number: m[1] ?? '',
        title: m[2] ?? '',
        page: Number(m[3]),
      }),
    );
    expect(entries.length).toBeGreaterThan(40);
    for (const entry of entries) {
      expect(entry.page, entry.title).toBeGreaterThan(1);
      expect(
        fold(pageText(entry.page)),
        `${entry.number} ${entry.title} on page ${entry.page}`,
      ).toContain(fold(`${entry.number} ${entry.title}`));
    }
  });

  test('is offered on the guide pages and in the navigation bar, with its size', async ({
    site,
    page,
    request,
  }) => {
    await site.goto('guide/applications');
    const download = page.locator('.pdf-download');
    await expect(download).toContainText(/\d+ pages, [\d.]+ (MB|KB)/);
    const href = await download.getByRole('link', { name: 'Download PDF' }).getAttribute('href');
    const response = await request.get(new URL(href ?? '', page.url()).href);
    expect(response.ok()).toBe(true);
    expect(response.headers()['content-type']).toContain('application/pdf');
    expect((await response.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'PDF' }),
    ).toHaveAttribute('href', /pkcs11-fork-guide\.pdf$/);
  });

  test('is not offered by a site built without it', async ({ site, page }) => {
    // What the site build writes before the PDF step (src/plugins/pdf-manifest).
    await page.route(`**/${PDF_MANIFEST}`, (route) =>
      route.fulfill({ json: PENDING_PDF_MANIFEST }),
    );
    await site.goto('guide/applications');
    // Hidden, not removed: the manifest's answer is applied without a React render.
    await expect(page.locator('.pdf-download')).toBeHidden();
    await expect(page.getByRole('link', { name: 'Download PDF' })).toHaveCount(0);
    expect(site.consoleErrors).toEqual([]);
  });
});
