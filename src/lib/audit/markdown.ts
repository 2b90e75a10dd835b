/**
 * The little of pandoc's Markdown the checks need, read line by line so that every position is
 * the TC file's own: which lines sit in fenced code blocks, the ATX headings with their
 * attributes, and the section numbers `pandoc --number-sections` gives them across the chapters
 * in files.txt order (the TC writes no numbers into its headings; pandoc adds them).
 */
import type { Chapter } from './types';

export interface CodeBlock {
  /** Info string after the fence, e.g. `c`. */
  lang: string;
  /** Line of the first code line (1-based). */
  line: number;
  code: string;
}

export interface Heading {
  path: string;
  line: number;
  level: number;
  /** The title as a reader sees it: attributes, trailing #s and emphasis removed. */
  title: string;
  /** The explicit `{#id}`, if any. */
  id?: string;
  /** The id pandoc gives the heading: the explicit one, or its auto identifier. */
  anchor: string;
  /** `2.6.2`; undefined for an unnumbered heading (`{-}` or `.unnumbered`). */
  number?: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*\{?\s*\.?([\w+-]*)/;

function isClosingFence(line: string, fence: string): boolean {
  const trimmed = line.trim();
  return trimmed.length >= fence.length && /^(`+|~+)$/.test(trimmed) && trimmed[0] === fence[0];
}

/** The fenced code blocks of a text, and for each line whether it belongs to one (fences too). */
export function scanCode(text: string): { blocks: CodeBlock[]; inCode: boolean[] } {
  const blocks: CodeBlock[] = [];
  const inCode: boolean[] = [];
  let open: { fence: string; lang: string; line: number; body: string[] } | undefined;
  text.split('\n').forEach((line, index) => {
    if (open === undefined) {
      const match = FENCE.exec(line);
      inCode.push(match !== null);
      if (match)
        open = { fence: match[1] ?? '```', lang: match[2] ?? '', line: index + 2, body: [] };
      return;
    }
    inCode.push(true);
    if (isClosingFence(line, open.fence)) {
      blocks.push({ lang: open.lang.toLowerCase(), line: open.line, code: open.body.join('\n') });
      open = undefined;
    } else {
      open.body.push(line);
    }
  });
  return { blocks, inCode };
}

/** Pandoc's auto identifier (pandoc manual, "Extension: auto_identifiers"). */
export function autoIdentifier(title: string): string {
  const id = title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\-.\s]/gu, '')
    .trim()
    .replace(/\s+/g, '-')
    .replace(/^[^\p{L}]+/u, '');
  return id === '' ? 'section' : id;
}

const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t]*$/;

function plainTitle(raw: string): string {
  return raw
    .replace(/[ \t]+#+$/, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(^|[^\w\\])_(\S(?:.*?\S)?)_(?!\w)/g, '$1$2')
    .replace(/[*`]/g, '')
    .replace(/\\(.)/g, '$1')
    .trim();
}

/** Every ATX heading of the chapters, numbered as pandoc --number-sections numbers them. */
export function headingsOf(chapters: readonly Chapter[]): Heading[] {
  const counters = [0, 0, 0, 0, 0, 0];
  const used = new Map<string, number>();
  const headings: Heading[] = [];
  for (const chapter of chapters) {
    const { inCode } = scanCode(chapter.text);
    chapter.text.split('\n').forEach((line, index) => {
      if (inCode[index] === true) return;
      const match = HEADING.exec(line);
      if (!match) return;
      const level = (match[1] ?? '#').length;
      let raw = match[2] ?? '';
      let id: string | undefined;
      let unnumbered = false;
      const attributes = /\s*\{([^}]*)\}\s*$/.exec(raw);
      if (attributes) {
        raw = raw.slice(0, attributes.index);
        for (const part of (attributes[1] ?? '').split(/\s+/)) {
          if (part.startsWith('#')) id = part.slice(1);
          if (part === '-' || part === '.unnumbered') unnumbered = true;
        }
      }
      const title = plainTitle(raw);
      let number: string | undefined;
      if (!unnumbered) {
        counters[level - 1] = (counters[level - 1] ?? 0) + 1;
        for (let deeper = level; deeper < counters.length; deeper++) counters[deeper] = 0;
        number = counters.slice(0, level).join('.');
      }
      let anchor = id ?? autoIdentifier(title);
      if (id === undefined) {
        const seen = used.get(anchor) ?? 0;
        used.set(anchor, seen + 1);
        if (seen > 0) anchor = `${anchor}-${seen}`;
      }
      headings.push({
        path: chapter.path,
        line: index + 1,
        level,
        title,
        ...(id === undefined ? {} : { id }),
        anchor,
        ...(number === undefined ? {} : { number }),
      });
    });
  }
  return headings;
}

/** Line and column (1-based) of an offset in a text. */
export function positionOf(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}
