/** Small mdast builders for the plain pages: text, paragraphs, lists and GFM tables. */
import type { List, Paragraph, PhrasingContent, Table, TableCell } from 'mdast';

export const text = (value: string): PhrasingContent => ({ type: 'text', value });

export const strong = (value: string): PhrasingContent => ({
  type: 'strong',
  children: [text(value)],
});

export const inlineCode = (value: string): PhrasingContent => ({ type: 'inlineCode', value });

export const paragraph = (...children: PhrasingContent[]): Paragraph => ({
  type: 'paragraph',
  children,
});

/** Registry text with `code` spans, as the components print it (src/components/Recommendation). */
export function inlineText(source: string): PhrasingContent[] {
  return source
    .trim()
    .split(/(`[^`]+`)/)
    .filter((part) => part !== '')
    .map((part) =>
      part.startsWith('`') && part.endsWith('`') && part.length > 1
        ? inlineCode(part.slice(1, -1))
        : text(part),
    );
}

export function bulletList(items: readonly PhrasingContent[][]): List {
  return {
    type: 'list',
    ordered: false,
    spread: false,
    children: items.map((children) => ({
      type: 'listItem',
      spread: false,
      children: [paragraph(...children)],
    })),
  };
}

/** A cell given as a string is plain text; an array is its phrasing content. */
export type CellContent = string | PhrasingContent[];

function cell(content: CellContent): TableCell {
  return { type: 'tableCell', children: typeof content === 'string' ? [text(content)] : content };
}

/** A GFM table: a header row, then the body rows. */
export function table(header: readonly CellContent[], rows: readonly CellContent[][]): Table {
  return {
    type: 'table',
    align: header.map(() => null),
    children: [header, ...rows].map((row) => ({ type: 'tableRow', children: row.map(cell) })),
  };
}
