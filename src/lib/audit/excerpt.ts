/**
 * What a proposal quotes of a finding: the sentence it sits in, read from the chapter's Markdown
 * (a paragraph's sentence, a table cell, a heading's title or a code line), with its whitespace
 * collapsed so that rewrapping a paragraph changes nothing; and the section it belongs to, by the
 * numbers pandoc --number-sections gives the headings (see markdown.ts).
 */
import { scanCode, type Heading } from './markdown';

export interface Excerpt {
  /** The sentence, whitespace collapsed, Markdown left as written. */
  sentence: string;
  /** Where the finding's column falls in `sentence`. */
  at: number;
}

/** The longest quotation a proposal carries; a longer sentence is cut around the finding. */
export const QUOTE_LIMIT = 200;

const HEADING = /^ {0,3}(#{1,6})[ \t]+/;
const TABLE = /^\s*[|+]/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+/;
const QUOTE_MARKER = /^\s*(?:>\s?)+/;
// Words whose full stop ends no sentence ("e.g. CKR_OK", "Fig. 3", "J. Smith").
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'cf', 'vs', 'viz', 'fig', 'no', 'vol', 'sec', 'al']);

/** `text` with runs of whitespace made one space and the ends trimmed; `at` follows along. */
function collapse(text: string, at: number): Excerpt {
  let sentence = '';
  let mapped = -1;
  for (let index = 0; index < text.length; index++) {
    if (index === at) mapped = sentence.length;
    const char = text[index] ?? '';
    if (/\s/.test(char)) {
      if (sentence !== '' && !sentence.endsWith(' ')) sentence += ' ';
    } else sentence += char;
  }
  if (mapped < 0) mapped = sentence.length;
  const trimmed = sentence.trimEnd();
  return { sentence: trimmed, at: Math.min(mapped, Math.max(0, trimmed.length - 1)) };
}

/** The cell of a table line that holds column `col` (0-based); the whole line for a border. */
function tableCell(line: string, col: number): { text: string; at: number } {
  const before = line.lastIndexOf('|', Math.max(0, col - 1));
  const after = line.indexOf('|', col);
  const start = before < 0 || before >= col ? 0 : before + 1;
  const end = after < 0 ? line.length : after;
  return { text: line.slice(start, end), at: Math.max(0, col - start) };
}

function endsSentence(text: string, index: number): boolean {
  const word = /([\p{L}.]+)\.$/u.exec(text.slice(0, index + 1))?.[1]?.toLowerCase() ?? '';
  if (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word)) return false;
  return true;
}

/** The sentence of a paragraph that holds offset `at`. */
function sentenceOf(paragraph: string, at: number): Excerpt {
  const boundary = /[.!?]["'”’)\]]*\s+(?=["'“‘([*_`]*[\p{Lu}\d[])/gu;
  let start = 0;
  let end = paragraph.length;
  for (const match of paragraph.matchAll(boundary)) {
    if (!endsSentence(paragraph, match.index)) continue;
    const next = match.index + match[0].length;
    if (next <= at) start = next;
    else {
      end = match.index + match[0].trimEnd().length;
      break;
    }
  }
  return collapse(paragraph.slice(start, end), at - start);
}

/** The sentence around `line`:`col` (1-based) of a chapter's text. */
export function excerptAt(text: string, line: number, col: number): Excerpt {
  const lines = text.split('\n');
  const { inCode } = scanCode(text);
  const index = Math.min(Math.max(line - 1, 0), lines.length - 1);
  const own = lines[index] ?? '';
  const column = Math.max(col - 1, 0);
  if (inCode[index] === true) return collapse(own, column);
  const heading = HEADING.exec(own);
  if (heading) {
    const title = own.slice(heading[0].length).replace(/\s*\{[^}]*\}\s*$/, '');
    return collapse(title, Math.max(0, column - heading[0].length));
  }
  if (TABLE.test(own)) {
    // A border line (a grid table's +---+) has no words: quote the first row that has some.
    for (let next = index; next < Math.min(lines.length, index + 4); next++) {
      const row = lines[next] ?? '';
      if (!TABLE.test(row)) break;
      const cell = next === index ? tableCell(row, column) : { text: row, at: 0 };
      if (/\p{L}/u.test(cell.text)) return collapse(cell.text, cell.at);
    }
    return collapse(own, column);
  }
  const breaks = (candidate: string | undefined, at: number): boolean =>
    candidate === undefined ||
    candidate.trim() === '' ||
    inCode[at] === true ||
    HEADING.test(candidate) ||
    TABLE.test(candidate);
  let first = index;
  while (!LIST_ITEM.test(lines[first] ?? '') && !breaks(lines[first - 1], first - 1)) first--;
  let last = index;
  while (!breaks(lines[last + 1], last + 1) && !LIST_ITEM.test(lines[last + 1] ?? '')) last++;
  let paragraph = '';
  let at = 0;
  for (let current = first; current <= last; current++) {
    const raw = lines[current] ?? '';
    const quoteMarker = QUOTE_MARKER.exec(raw)?.[0].length ?? 0;
    const marker =
      current === first ? (LIST_ITEM.exec(raw.slice(quoteMarker))?.[0].length ?? 0) : 0;
    const prefix = quoteMarker + marker;
    if (current === index) at = paragraph.length + Math.max(0, column - prefix);
    paragraph += `${raw.slice(prefix)}\n`;
  }
  return sentenceOf(paragraph, at);
}

/**
 * The quotation of an excerpt, in typographic quotes: the whole sentence when it is short enough,
 * else about `limit` characters around the finding, cut at spaces and marked with ellipses.
 */
export function quoteExcerpt(excerpt: Excerpt, limit = QUOTE_LIMIT): string {
  const { sentence, at } = excerpt;
  if (sentence.length <= limit) return `"${sentence}"`;
  let start = Math.max(0, Math.min(at - Math.floor(limit / 3), sentence.length - limit));
  let end = Math.min(sentence.length, start + limit);
  if (start > 0) start = sentence.indexOf(' ', start) + 1 || start;
  if (end < sentence.length)
    end = sentence.lastIndexOf(' ', end) > start ? sentence.lastIndexOf(' ', end) : end;
  return `"${start > 0 ? '…' : ''}${sentence.slice(start, end).trim()}${end < sentence.length ? '…' : ''}"`;
}

/**
 * The section a position belongs to: the number of the last numbered heading at or before it,
 * climbing past unnumbered headings to their numbered parent; "Appendix B" inside an appendix
 * (pandoc numbers an "Appendix B" heading as the next chapter, but the published document letters
 * it); "front matter" before the first numbered heading. The values the records' `affects` takes.
 */
export function sectionAt(
  headings: readonly Heading[],
  chapterOrder: ReadonlyMap<string, number>,
  file: string,
  line: number,
): string {
  const chapter = chapterOrder.get(file) ?? -1;
  const before = headings.filter((heading) => {
    const order = chapterOrder.get(heading.path) ?? -1;
    return order < chapter || (order === chapter && heading.line <= line);
  });
  let level = 7;
  let number: string | undefined;
  for (let index = before.length - 1; index >= 0; index--) {
    const heading = before[index];
    if (heading === undefined || heading.level >= level) continue;
    level = heading.level;
    const appendix = /^Appendix ([A-Z])\b/.exec(heading.title);
    if (appendix) return `Appendix ${appendix[1] ?? ''}`;
    number ??= heading.number;
    if (level === 1) break;
  }
  // Before the first numbered chapter: the title page, abstract and notices.
  return number ?? 'front matter';
}
