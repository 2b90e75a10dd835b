/**
 * The PDF's bookmark titles: how bookmarks are paired with the print document's headings, and a
 * small print document rendered through the PDF library (extractContent, printDocument,
 * printToPdf) by Debian's Chromium, whose bookmarks qpdf and poppler read back character by
 * character.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHROMIUM_ARGS, chromiumExecutable } from '../../src/lib/chromium';
import {
  amendPdf,
  extractContent,
  printDocument,
  printToPdf,
  readOutline,
  type Chapter,
  type ExtractArgs,
  type OutlineEntry,
} from '../../src/lib/pdf';
import { bookmarkTitles, normaliseTitle, outlineDepths } from '../../src/lib/pdf/outline';
import { startStaticServer, type RunningStaticServer } from '../../src/lib/static-server';

describe('pairing bookmarks with headings', () => {
  const headings = [
    { id: 'a', level: 1, text: '1 Guidance for\n  wrapper libraries' },
    { id: 'b', level: 2, text: ' 1.1 Lazy   re-initialisation ' },
    { id: '', level: 4, text: 'How libp11 does it' },
  ];

  test('a heading sits below the nearest heading before it with a lower level', () => {
    expect(outlineDepths([1, 3, 2, 4, 3, 1, 3, 6, 2])).toEqual([1, 2, 2, 3, 3, 1, 2, 3, 2]);
  });

  test('normalising a title makes each run of whitespace one space and trims the ends', () => {
    expect(normaliseTitle('\n 2.3  A child\tthat\u00a0execs \n')).toBe('2.3 A child that execs');
  });

  test('each bookmark gets its heading text, spaces and all, where Chromium glued words', () => {
    const bookmarks = [
      { title: '1 Guidance forwrapper libraries', level: 1 },
      { title: '1.1 Lazyre-initialisation', level: 2 },
      { title: 'How libp11 does it', level: 3 },
    ];
    expect(bookmarkTitles(bookmarks, headings)).toEqual([
      '1 Guidance for wrapper libraries',
      '1.1 Lazy re-initialisation',
      'How libp11 does it',
    ]);
  });

  test('a missing bookmark is an error that names the first heading without one', () => {
    const bookmarks = [
      { title: '1 Guidance for wrapper libraries', level: 1 },
      { title: 'How libp11 does it', level: 2 },
    ];
    expect(() => bookmarkTitles(bookmarks, headings)).toThrow(
      /2 bookmarks but the print document 3 printed headings.*bookmark 2 "How libp11 does it", heading 2 "1\.1 Lazy re-initialisation"/,
    );
  });

  test('a bookmark at another depth than its heading is an error', () => {
    const bookmarks = [
      { title: '1 Guidance for wrapper libraries', level: 1 },
      { title: '1.1 Lazy re-initialisation', level: 2 },
      { title: 'How libp11 does it', level: 4 },
    ];
    expect(() => bookmarkTitles(bookmarks, headings)).toThrow(
      'bookmark 3 ("How libp11 does it") is at depth 4, but heading 3 (h4, "How libp11 does it") belongs at depth 3',
    );
  });

  test('a bookmark whose text is not its heading, whitespace aside, is an error', () => {
    const bookmarks = [
      { title: '1 Guidance for wrapper libraries', level: 1 },
      { title: '1.1 Eager re-initialisation', level: 2 },
      { title: 'How libp11 does it', level: 3 },
    ];
    expect(() => bookmarkTitles(bookmarks, headings)).toThrow(
      'bookmark 2 reads "1.1 Eager re-initialisation", not the text of heading 2 (h2 #b, "1.1 Lazy re-initialisation")',
    );
  });
});

// The fixture page: headings with inline code, a link, emphasis, characters outside ASCII (and
// outside PDFDocEncoding: ≤), one long enough to wrap at A4 width, whitespace runs in the
// source, a skipped level and a heading that is not printed.
const LONG =
  'Wrapping: a heading long enough to break across lines at the width of an A4 page, which holds C_Initialize, a link to a section and emphasised words, and goes on to its terminus';
const FIXTURE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fixture chapter</title></head>
<body><main><article>
<h1>Printing <code>pthread_atfork()</code> handlers, <a href="https://example.org/">linked</a> and <em>emphasised</em></h1>
<p>A paragraph.</p>
<h2 id="symbols">Section §2.5.2 × 3 isn’t “plain”: naïve ≤ café</h2>
<p>Another paragraph.</p>
<h2 id="long">Wrapping: a heading long enough to break across lines at the width of an A4 page, which holds <code>C_Initialize</code>, a <a href="#symbols">link to a section</a> and <em>emphasised words</em>, and goes on to its terminus</h2>
<p>More text.</p>
<h4>Spaces   and
   newlines   <strong>inside</strong></h4>
<h3 style="display: none">Not printed</h3>
<h3>Last <code>fork</code></h3>
<p>The end.</p>
</article></main></body></html>
`;
const EXPECTED = [
  { level: 1, title: 'Contents' },
  { level: 1, title: '1 Printing pthread_atfork() handlers, linked and emphasised' },
  { level: 2, title: '1.1 Section §2.5.2 × 3 isn’t “plain”: naïve ≤ café' },
  { level: 2, title: `1.2 ${LONG}` },
  { level: 3, title: 'Spaces and newlines inside' },
  { level: 3, title: 'Last fork' },
];

/** The outline as poppler reads it (pdftohtml -xml): titles with their depth. */
function popplerOutline(file: string): { level: number; title: string }[] {
  const xml = execFileSync('pdftohtml', ['-xml', '-stdout', '-i', '-q', file], {
    encoding: 'utf8',
  });
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  const decode = (text: string): string =>
    text.replace(/&(#x?[0-9a-f]+|\w+);/gi, (whole, name: string) =>
      name.startsWith('#')
        ? String.fromCodePoint(
            name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10),
          )
        : (entities[name] ?? whole),
    );
  const entries: { level: number; title: string }[] = [];
  let depth = 0;
  for (const tag of xml.matchAll(/<outline>|<\/outline>|<item[^>]*>([^<]*)<\/item>/g)) {
    if (tag[0] === '<outline>') depth++;
    else if (tag[0] === '</outline>') depth--;
    else entries.push({ level: depth, title: decode(tag[1] ?? '') });
  }
  return entries;
}

/**
 * Compares titles code point by code point (the fixture has no grapheme of several code
 * points), so a lost or changed character shows where it is.
 */
function expectTitles(actual: { level: number; title: string }[]): void {
  const characters = (text: string): string[] => Array.from(text);
  expect(actual.map((entry) => entry.level)).toEqual(EXPECTED.map((entry) => entry.level));
  actual.forEach((entry, index) => {
    expect(characters(entry.title), entry.title).toEqual(characters(EXPECTED[index]?.title ?? ''));
  });
}

describe('a print document rendered by Chromium', () => {
  let root: string;
  let server: RunningStaticServer;
  let browser: Browser;
  let page: Page;
  let pdf: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'pdf-outline-'));
    await writeFile(path.join(root, 'chapter.html'), FIXTURE);
    server = await startStaticServer({ root });
    browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: [...CHROMIUM_ARGS],
    });
    page = await browser.newPage();
    await page.goto(`${server.url}chapter.html`);
    const args: ExtractArgs = {
      prefix: 'p0-',
      included: [{ path: '/chapter.html', prefix: 'p0-' }],
      baseUrl: '/',
      publicSite: 'https://example.org/',
      demote: 0,
      chapter: '1',
      sectionOffset: 0,
    };
    const extracted = await page.evaluate(extractContent, args);
    const h1 = extracted.headings.find((h) => h.level === 1);
    const chapter: Chapter = {
      route: '/chapter.html',
      number: '1',
      title: h1?.title ?? '',
      anchor: h1?.id ?? '',
      sections: extracted.headings
        .filter((h) => h.level === 2)
        .map((h) => ({ number: h.number, title: h.title, anchor: h.id })),
      html: extracted.html,
    };
    const cover = {
      title: 'Fixture',
      subtitle: 'Bookmark titles',
      version: '0.0.0',
      date: '2026-01-01',
      commit: 'fixture',
      status: 'A test document.',
      publicUrl: 'https://example.org/',
    };
    await writeFile(
      path.join(root, 'print.html'),
      printDocument({ cover, chapters: [chapter], stylesheets: [], lang: 'en' }),
    );
    pdf = path.join(root, 'fixture.pdf');
    await printToPdf({ page, url: `${server.url}print.html`, file: pdf, runningTitle: 'Fixture' });
  });

  afterAll(async () => {
    await browser.close();
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  test('has one bookmark per printed heading, titled with its text and number (qpdf)', async () => {
    expectTitles(await readOutline(pdf));
  });

  test('has the same bookmark titles for poppler, so their encoding is read as meant', () => {
    expectTitles(popplerOutline(pdf));
  });

  test('prints the long heading on more than one line, where Chromium drops a space from its title', async () => {
    const outline: OutlineEntry[] = await readOutline(pdf);
    const long = outline.find((entry) => entry.title.startsWith('1.2 '));
    const words = execFileSync(
      'pdftotext',
      ['-bbox', '-f', `${long?.page ?? 0}`, '-l', `${long?.page ?? 0}`, pdf, '-'],
      { encoding: 'utf8' },
    );
    const top = (word: string): number =>
      Number(new RegExp(`yMin="([\\d.]+)"[^>]*>${word}<`).exec(words)?.[1] ?? NaN);
    expect(top('terminus')).toBeGreaterThan(top('Wrapping:'));
  });

  test('refuses titles that do not match the bookmarks, and writes nothing', async () => {
    const out = path.join(root, 'retitled.pdf');
    await expect(amendPdf(pdf, out, { titles: EXPECTED.slice(1) })).rejects.toThrow(
      'has 6 bookmarks, but 5 titles were given',
    );
    const deeper = EXPECTED.map((entry, index) => (index === 2 ? { ...entry, level: 3 } : entry));
    await expect(amendPdf(pdf, out, { titles: deeper })).rejects.toThrow(
      /bookmark 3 .* is at depth 2, its title "1\.1 Section/,
    );
    expect(existsSync(out)).toBe(false);
  });
});
