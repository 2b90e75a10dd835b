/**
 * The PDF's bookmarks against the print document's headings. Chromium makes one bookmark per
 * heading that paints text, nested by heading level, and titles it with the text it painted
 * (Skia appends the text of each glyph run drawn inside the heading). A space where a heading
 * wraps is not painted, so such a title glues two words ("at the moment offork"). The print
 * document knows every heading's text and number: the bookmarks are paired with the headings in
 * document order, checked to agree, and given the headings' text (qpdf.ts writes it).
 */

/** A heading of the print document as it is printed. */
export interface PrintedHeading {
  /** Anchor of the heading ('' when it has none). */
  id: string;
  /** 1 for h1 … 6 for h6. */
  level: number;
  /** Its text as the document holds it, the section number ("2.3 ") included. */
  text: string;
}

/** A bookmark: its title and its depth in the outline (1 for top-level ones). */
export interface Bookmark {
  title: string;
  level: number;
}

/** A heading's text as a bookmark title: runs of whitespace become one space, ends trimmed. */
export function normaliseTitle(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The depth of each heading in an outline nested by heading level: a heading sits below the
 * nearest heading before it with a lower level, so an h3 right after an h1 is at depth 2.
 */
export function outlineDepths(levels: readonly number[]): number[] {
  const open: number[] = [];
  return levels.map((level) => {
    while (open.length > 0 && (open.at(-1) ?? 0) >= level) open.pop();
    open.push(level);
    return open.length;
  });
}

const folded = (text: string): string => text.replace(/\s+/g, '');

const quote = (text: string): string =>
  JSON.stringify(text.length > 70 ? `${text.slice(0, 67)}…` : text);

/**
 * Pairs the bookmarks Chromium made with the headings, in document order, and returns the title
 * each bookmark should carry. Throws, naming the first disagreement, unless there are as many
 * bookmarks as headings, each bookmark is at the depth its heading's level gives, and its title
 * is its heading's text up to whitespace (what Chromium can lose).
 */
export function bookmarkTitles(
  bookmarks: readonly Bookmark[],
  headings: readonly PrintedHeading[],
): string[] {
  const where = (index: number): string => {
    const heading = headings[index];
    return heading
      ? `heading ${index + 1} (h${heading.level}${heading.id ? ` #${heading.id}` : ''}, ${quote(normaliseTitle(heading.text))})`
      : `heading ${index + 1}`;
  };
  if (bookmarks.length !== headings.length)
    throw new Error(
      `the PDF has ${bookmarks.length} bookmarks but the print document ${headings.length} printed headings; ` +
        `the first that differ: ${firstDifference(bookmarks, headings)}`,
    );
  const depths = outlineDepths(headings.map((h) => h.level));
  return headings.map((heading, index) => {
    const bookmark = bookmarks[index] as Bookmark;
    if (bookmark.level !== depths[index])
      throw new Error(
        `bookmark ${index + 1} (${quote(bookmark.title)}) is at depth ${bookmark.level}, but ${where(index)} belongs at depth ${depths[index]}`,
      );
    const title = normaliseTitle(heading.text);
    if (folded(bookmark.title) !== folded(title))
      throw new Error(
        `bookmark ${index + 1} reads ${quote(bookmark.title)}, not the text of ${where(index)}`,
      );
    return title;
  });
}

function firstDifference(
  bookmarks: readonly Bookmark[],
  headings: readonly PrintedHeading[],
): string {
  const index = headings.findIndex(
    (heading, i) => folded(bookmarks[i]?.title ?? '') !== folded(heading.text),
  );
  const at = index < 0 ? headings.length : index;
  const bookmark = bookmarks[at];
  const heading = headings[at];
  return `bookmark ${at + 1} ${bookmark ? quote(bookmark.title) : '(none)'}, heading ${at + 1} ${heading ? quote(normaliseTitle(heading.text)) : '(none)'}`;
}
