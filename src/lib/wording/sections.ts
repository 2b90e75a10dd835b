/**
 * Splits a guide page into sections (one per top-level heading), each holding its own content as
 * comparable blocks: prose, code, and MDX components. Heading ids are the ones Docusaurus 3 gives
 * (`@docusaurus/mdx-loader`, `lib/remark/headings`): the `mdx1Compat.headingIds` preprocessing,
 * then an explicit id from a trailing comment (`{/* #id *\/}` in MDX, `<!-- #id -->`), else the
 * classic `{#id}` suffix, else one `createSlugger()` per file over the heading text, visited in
 * document order (explicit ids do not pass through the slugger, as in Docusaurus).
 */
import {
  createSlugger,
  escapeMarkdownHeadingIds,
  parseMarkdownHeadingId,
  type Slugger,
} from '@docusaurus/utils';
import type { Heading, Nodes, PhrasingContent, Root, RootContent } from 'mdast';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { splitFrontMatter } from '../docs-headings/front-matter';

export interface Section {
  id: string;
  title: string;
  depth: number;
  /** ids of the ancestors, outermost first */
  path: string[];
  /** the section's own content (not its subsections) as blocks */
  blocks: Block[];
  line: number;
}

export type Block =
  | { kind: 'text'; text: string; line: number }
  | { kind: 'code'; lang?: string; value: string; line: number }
  | {
      kind: 'component';
      name: string;
      props: Record<string, string>;
      source: string;
      line: number;
    };

type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;

/** `#my-id` → `my-id`; comments whose first word does not start with `#` carry no id. */
function commentContentId(comment: string): string | undefined {
  const first = comment.trim().split(' ')[0] ?? '';
  return first.startsWith('#') && first.length > 1 ? first.slice(1) : undefined;
}

function commentId(heading: Heading): string | undefined {
  const last = heading.children.at(-1);
  if (last?.type === 'mdxTextExpression') {
    // Only an expression that is exactly one comment names an id, as in Docusaurus.
    const program = last.data?.estree;
    const comments = program?.comments ?? [];
    const only = comments[0];
    if (program?.body.length === 0 && comments.length === 1 && only !== undefined) {
      return commentContentId(only.value);
    }
  }
  if (last?.type === 'html') {
    const comment = /^<!--(?<comment>[\s\S]*)-->$/.exec(last.value)?.groups?.comment;
    if (comment !== undefined) return commentContentId(comment);
  }
  return undefined;
}

/** The heading's text as Docusaurus slugs it: raw HTML and JSX children left out. */
function headingText(children: readonly PhrasingContent[], heading: Heading): string {
  const textNodes = children.filter((node) => node.type !== 'html');
  return toString(textNodes.length > 0 ? textNodes : heading);
}

function headingIdAndTitle(heading: Heading, slugger: Slugger): { id: string; title: string } {
  const explicit = commentId(heading);
  if (explicit !== undefined) {
    return { id: explicit, title: headingText(heading.children.slice(0, -1), heading).trim() };
  }
  const text = headingText(heading.children, heading);
  const classic = parseMarkdownHeadingId(text, 'classic');
  if (classic.id !== undefined) return { id: classic.id, title: classic.text.trim() };
  return { id: slugger.slug(text), title: text.trim() };
}

function parse(source: string, mdx: boolean): Root {
  const processor = unified().use(remarkParse).use(remarkGfm);
  return mdx ? processor.use(remarkMdx).parse(source) : processor.parse(source);
}

function sliceOf(node: Nodes, source: string): string {
  return source.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);
}

function lineOf(node: Nodes): number {
  return node.position?.start.line ?? 0;
}

/** A backtick fence longer than any backtick run inside `value`, so the span reads back whole. */
function inlineCode(value: string): string {
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return value.includes('`') ? `${fence} ${value} ${fence}` : `${fence}${value}${fence}`;
}

function jsxProps(element: JsxElement, source: string): Record<string, string> {
  const props: Record<string, string> = {};
  element.attributes.forEach((attribute, index) => {
    if (attribute.type === 'mdxJsxExpressionAttribute') {
      props[`{...${String(index)}}`] = `{${attribute.value}}`;
    } else if (attribute.value === null || attribute.value === undefined) {
      props[attribute.name] = 'true';
    } else if (typeof attribute.value === 'string') {
      props[attribute.name] = attribute.value;
    } else {
      // Expressions are compared by their source text, braces kept to tell them from strings.
      props[attribute.name] = `{${attribute.value.value}}`;
    }
  });
  const first = element.children.at(0);
  const last = element.children.at(-1);
  if (first !== undefined && last !== undefined) {
    // Content between the tags belongs to the component's block (whitespace-insensitive).
    const inner = source.slice(first.position?.start.offset ?? 0, last.position?.end.offset ?? 0);
    props.children = inner.replace(/\s+/g, ' ').trim();
  }
  return props;
}

function componentBlock(element: JsxElement, source: string): Block {
  return {
    kind: 'component',
    name: element.name ?? '',
    props: jsxProps(element, source),
    source: sliceOf(element, source),
    line: lineOf(element),
  };
}

/** Renders inline content as plain prose: markup dropped, code spans kept in backticks. */
function phrasing(nodes: readonly PhrasingContent[], source: string, components: Block[]): string {
  return nodes
    .map((node): string => {
      switch (node.type) {
        case 'text':
          return node.value;
        case 'inlineCode':
          return inlineCode(node.value);
        case 'break':
          return '\n';
        case 'image':
          return node.alt ?? '';
        case 'html':
        case 'footnoteReference':
        case 'imageReference':
          return '';
        case 'mdxTextExpression':
          // `{' '}` and comments: at most a space in the prose.
          return ' ';
        case 'mdxJsxTextElement':
          // Capitalised names are components (compared by props); lower case ones are HTML
          // elements such as <kbd>, whose content is prose.
          if (/^[A-Z]/.test(node.name ?? '') || node.name === null) {
            components.push(componentBlock(node, source));
            return '';
          }
          return phrasing(node.children, source, components);
        default:
          return 'children' in node ? phrasing(node.children, source, components) : '';
      }
    })
    .join('');
}

function textBlocks(
  nodes: readonly PhrasingContent[],
  line: number,
  source: string,
  blocks: Block[],
): void {
  const components: Block[] = [];
  const text = phrasing(nodes, source, components);
  if (text.trim() !== '') blocks.push({ kind: 'text', text, line });
  blocks.push(...components);
}

function contentBlocks(node: RootContent, source: string, blocks: Block[]): void {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      textBlocks(node.children, lineOf(node), source, blocks);
      return;
    case 'code':
      blocks.push({
        kind: 'code',
        ...(node.lang === null || node.lang === undefined ? {} : { lang: node.lang }),
        value: node.value,
        line: lineOf(node),
      });
      return;
    case 'table':
      // Each cell is its own piece of prose; a row joined up would read as one run-on sentence.
      for (const row of node.children) {
        for (const cell of row.children) textBlocks(cell.children, lineOf(cell), source, blocks);
      }
      return;
    case 'mdxJsxFlowElement':
      blocks.push(componentBlock(node, source));
      return;
    case 'html':
      if (!node.value.trimStart().startsWith('<!--')) {
        blocks.push({
          kind: 'component',
          name: 'html',
          props: { html: node.value.replace(/\s+/g, ' ').trim() },
          source: node.value,
          line: lineOf(node),
        });
      }
      return;
    case 'list':
    case 'listItem':
    case 'blockquote':
    case 'footnoteDefinition':
      for (const child of node.children) {
        contentBlocks(child, source, blocks);
      }
      return;
    default:
      // Imports, expressions, definitions and thematic breaks carry no wording.
      return;
  }
}

export function parseSections(source: string, options: { mdx: boolean }): Section[] {
  // Front matter lines are blanked, not cut, so line numbers stay the file's.
  const text = escapeMarkdownHeadingIds(splitFrontMatter(source).body);
  const tree = parse(text, options.mdx);

  // Ids are assigned to every heading in document order, nested ones included, because they all
  // advance the slugger's duplicate counter.
  const slugger = createSlugger();
  const headings = new Map<Heading, { id: string; title: string }>();
  visit(tree, 'heading', (heading: Heading) => {
    headings.set(heading, headingIdAndTitle(heading, slugger));
  });

  const sections: Section[] = [{ id: '', title: '', depth: 0, path: [], blocks: [], line: 1 }];
  const ancestors: Section[] = [];
  for (const node of tree.children) {
    const heading = node.type === 'heading' ? headings.get(node) : undefined;
    if (node.type !== 'heading' || heading === undefined) {
      const current = sections.at(-1);
      if (current !== undefined) contentBlocks(node, text, current.blocks);
      continue;
    }
    while ((ancestors.at(-1)?.depth ?? 0) >= node.depth) ancestors.pop();
    const section: Section = {
      ...heading,
      depth: node.depth,
      path: ancestors.map((ancestor) => ancestor.id),
      blocks: [],
      line: lineOf(node),
    };
    sections.push(section);
    ancestors.push(section);
  }
  return sections;
}
