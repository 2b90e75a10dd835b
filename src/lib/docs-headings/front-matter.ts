/**
 * Front matter of a docs source: Docusaurus reads a leading `---` … `---` YAML block. We blank it
 * out line by line (instead of cutting it off) so the Markdown parser's line numbers stay the
 * file's line numbers, and read the two keys that move a page: `id` and `slug`.
 */
import { parse } from 'yaml';

export interface FrontMatter {
  /** Overrides the file-name part of the doc id (plugin-content-docs `docs.js`). */
  id?: string;
  /** Overrides the route: absolute (`/x`) or relative to the folder (plugin-content-docs `slug.js`). */
  slug?: string;
}

export interface SplitSource {
  frontMatter: FrontMatter;
  /** The source with the front matter lines replaced by empty lines. */
  body: string;
}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export function splitFrontMatter(source: string): SplitSource {
  const match = FRONT_MATTER.exec(source);
  if (match === null) return { frontMatter: {}, body: source };
  const block = match[0];
  const lineCount = block.split('\n').length - (block.endsWith('\n') ? 1 : 0);
  const body = '\n'.repeat(lineCount) + source.slice(block.length);
  const data: unknown = parse(match[1] ?? '');
  const frontMatter: FrontMatter = {};
  if (typeof data === 'object' && data !== null) {
    const { id, slug } = data as Record<string, unknown>;
    if (typeof id === 'string') frontMatter.id = id;
    if (typeof slug === 'string') frontMatter.slug = slug;
  }
  return { frontMatter, body };
}
