/**
 * Sections of a pandoc Markdown chapter, found by their ATX heading text (never by line number),
 * with the byte offsets a patch needs to replace exactly one section body.
 */
import { createHash } from 'node:crypto';

import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

import { UsageGuideSourceError } from './errors';

/** pandoc's `header_attributes`: `{#id .class key=value}` at the end of a heading. */
const ATTRIBUTES = /\s*\{([^{}]*)\}\s*$/;

export interface Heading {
  /** 1 for `#`, 2 for `##`, … */
  level: number;
  /** The heading's text without its `{…}` attributes, whitespace collapsed. */
  text: string;
  /** The `#id` of its attributes, when it has one. */
  id: string | undefined;
  /** 1-based line of the heading. */
  line: number;
  /** Offset of the heading's first character. */
  start: number;
  /** Offset just after the heading line's newline (or the end of the text). */
  end: number;
}

/** Every heading of a chapter at the top level (not in code blocks, quotes or lists), in order. */
export function listHeadings(text: string): Heading[] {
  const tree: Root = unified().use(remarkParse).parse(text);
  const headings: Heading[] = [];
  for (const node of tree.children) {
    if (node.type !== 'heading') continue;
    const start = node.position?.start.offset;
    const endOfNode = node.position?.end.offset;
    if (start === undefined || endOfNode === undefined) continue;
    const newline = text.indexOf('\n', endOfNode);
    const raw = toString(node).replace(/\s+/g, ' ').trim();
    const attributes = ATTRIBUTES.exec(raw);
    const id = attributes?.[1]?.split(/\s+/).find((part) => part.startsWith('#'));
    headings.push({
      level: node.depth,
      text: attributes === null ? raw : raw.slice(0, attributes.index).trim(),
      id: id?.slice(1),
      line: node.position?.start.line ?? 0,
      start,
      end: newline < 0 ? text.length : newline + 1,
    });
  }
  return headings;
}

export interface SectionQuery {
  /** The heading's text, without `#` marks or attributes, e.g. `Applications and processes`. */
  heading: string;
  /** Its expected level: 3 for a `###` heading. */
  level: number;
  /** Text of the sibling heading just before it (same level, same parent), when checked. */
  previous?: string;
  /** Text of the sibling heading just after it, when checked. */
  next?: string;
}

export interface Section {
  /** The label of the file it was found in. */
  file: string;
  heading: Heading;
  /** Offset where the body starts: just after the heading line. */
  bodyStart: number;
  /** Offset where the section ends: the next heading of the same or a higher level, or EOF. */
  bodyEnd: number;
  /** The body text (subsections included), byte for byte. */
  body: string;
  previous: Heading | undefined;
  next: Heading | undefined;
}

function describe(level: number, heading: string): string {
  return `"${'#'.repeat(level)} ${heading}"`;
}

/**
 * Finds one section of a chapter by its heading. Throws UsageGuideSourceError when the heading is
 * missing, appears twice at the expected level, appears only at another level, or when a named
 * neighbour is not the one found; every message names the file and line.
 */
export function findSection(text: string, file: string, query: SectionQuery): Section {
  const headings = listHeadings(text);
  const expected = describe(query.level, query.heading);
  const same = headings.filter((h) => h.text === query.heading);
  const atLevel = same.filter((h) => h.level === query.level);
  if (atLevel.length === 0) {
    const other = same[0];
    if (other !== undefined) {
      throw new UsageGuideSourceError(
        'wrong-level',
        `${file}:${other.line}: found ${describe(other.level, other.text)}, expected ${expected} (level ${query.level}); the chapter's structure changed: check the section's place, then update its level in the configuration (src/config.ts)`,
        { file, line: other.line },
      );
    }
    throw new UsageGuideSourceError(
      'missing-heading',
      `${file}: no heading ${expected}; expected exactly one. Was the section renamed or moved? Update the heading in the configuration (src/config.ts)`,
      { file },
    );
  }
  if (atLevel.length > 1) {
    throw new UsageGuideSourceError(
      'duplicate-heading',
      `${file}: heading ${expected} appears ${atLevel.length} times (lines ${atLevel.map((h) => h.line).join(', ')}); expected exactly one`,
      { file, line: atLevel[1]?.line ?? 0 },
    );
  }
  const heading = atLevel[0] as Heading;
  const index = headings.indexOf(heading);
  const after = headings.slice(index + 1);
  const before = headings.slice(0, index).reverse();
  const end = after.find((h) => h.level <= heading.level);
  const nextSibling = end?.level === heading.level ? end : undefined;
  const parentBefore = before.findIndex((h) => h.level < heading.level);
  const siblingsBefore = parentBefore < 0 ? before : before.slice(0, parentBefore);
  const previous = siblingsBefore.find((h) => h.level === heading.level);
  checkNeighbour(file, heading, 'previous', query.previous, previous);
  checkNeighbour(file, heading, 'next', query.next, nextSibling);
  const bodyEnd = end?.start ?? text.length;
  return {
    file,
    heading,
    bodyStart: heading.end,
    bodyEnd,
    body: text.slice(heading.end, bodyEnd),
    previous,
    next: nextSibling,
  };
}

function checkNeighbour(
  file: string,
  heading: Heading,
  side: 'previous' | 'next',
  expected: string | undefined,
  found: Heading | undefined,
): void {
  if (expected === undefined || found?.text === expected) return;
  const foundText =
    found === undefined ? 'none' : `${describe(found.level, found.text)} (line ${found.line})`;
  throw new UsageGuideSourceError(
    'wrong-neighbour',
    `${file}:${heading.line}: the ${side} sibling of ${describe(heading.level, heading.text)} is ${foundText}, expected ${describe(heading.level, expected)}; the chapter was reorganised: check the section, then update its neighbours in the configuration (src/config.ts)`,
    { file, line: heading.line },
  );
}

/** SHA-256 (hex) of a section's heading line and body: the drift watch compares these. */
export function sectionHash(text: string, section: Section): string {
  return createHash('sha256')
    .update(text.slice(section.heading.start, section.bodyEnd))
    .digest('hex');
}
