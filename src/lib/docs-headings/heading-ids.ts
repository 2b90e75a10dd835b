/**
 * Heading ids exactly as Docusaurus 3 assigns them (`@docusaurus/mdx-loader`,
 * `lib/remark/headings/index.js`): an explicit id wins — a trailing comment `{/* #id *\/}` (MDX)
 * or `<!-- #id -->`, then the classic `{#id}` suffix — otherwise the heading text goes through one
 * `createSlugger()` per file, so a repeated heading gets `-1`, `-2`. Explicit ids do not pass
 * through the slugger, as in Docusaurus.
 */
import { createSlugger, parseMarkdownHeadingId } from '@docusaurus/utils';
import type { Heading, PhrasingContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

export interface DocHeading {
  /** 1 for `#`, 2 for `##`, … */
  depth: number;
  /** The heading's text, without its explicit id. */
  text: string;
  /** The id Docusaurus gives the heading: the fragment of a link to it. */
  id: string;
  /** 1-based line of the heading in the source file. */
  line: number;
}

export type SourceFormat = 'md' | 'mdx';

/** `#my-id` → `my-id`; comments that do not start with `#` are not ids (as in Docusaurus). */
function commentContentId(comment: string): string | undefined {
  const first = comment.trim().split(' ')[0];
  return first?.startsWith('#') === true && first.length > 1 ? first.slice(1) : undefined;
}

// Without remark-mdx, an MDX comment `{/* #id */}` would be parsed as text (or, written without
// spaces, as emphasis). At the end of an ATX heading line it is rewritten to the equivalent HTML
// comment, which CommonMark parses as one inline node; the line count does not change.
const MDX_HEADING_COMMENT =
  /^([ \t]{0,3}#{1,6}[ \t].*?)[ \t]*\{[ \t]*\/\*((?:(?!\*\/)[^\n])*)\*\/[ \t]*\}[ \t]*$/gm;

function mdxCommentsToHtml(body: string): string {
  return body.replace(MDX_HEADING_COMMENT, (_match, heading: string, comment: string) =>
    comment.includes('--') ? _match : `${heading} <!--${comment}-->`,
  );
}

function extractCommentId(heading: Heading): string | undefined {
  const last = heading.children.at(-1);
  if (last === undefined) return undefined;
  if (last.type === 'html') {
    const match = /^<!--(?<comment>[\s\S]*)-->$/.exec(last.value);
    const id =
      match?.groups?.comment === undefined ? undefined : commentContentId(match.groups.comment);
    if (id !== undefined) {
      heading.children.pop();
      trimLastText(heading);
    }
    return id;
  }
  return undefined;
}

function trimLastText(heading: Heading): void {
  const last: PhrasingContent | undefined = heading.children.at(-1);
  if (last?.type === 'text') last.value = last.value.trimEnd();
}

function headingText(heading: Heading): string {
  const textNodes = heading.children.filter((node) => node.type !== 'html');
  return toString(textNodes.length > 0 ? textNodes : heading);
}

/** The headings of one Markdown/MDX body (front matter already blanked out). */
export function extractHeadings(body: string, format: SourceFormat): DocHeading[] {
  const source = format === 'mdx' ? mdxCommentsToHtml(body) : body;
  const tree = unified().use(remarkParse).use(remarkGfm).parse(source);
  const slugger = createSlugger();
  const headings: DocHeading[] = [];
  visit(tree, 'heading', (heading: Heading) => {
    let id = extractCommentId(heading);
    if (id === undefined) {
      const classic = parseMarkdownHeadingId(headingText(heading), 'classic');
      if (classic.id !== undefined) {
        id = classic.id;
        const last = heading.children.at(-1);
        if (last?.type === 'text') {
          const rest = parseMarkdownHeadingId(last.value, 'classic').text;
          if (rest === '' && heading.children.length > 1) heading.children.pop();
          else last.value = rest;
        }
      } else {
        id = slugger.slug(headingText(heading));
      }
    }
    headings.push({
      depth: heading.depth,
      text: headingText(heading).trim(),
      id,
      line: heading.position?.start.line ?? 0,
    });
  });
  return headings;
}
