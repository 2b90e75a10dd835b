/**
 * The proposed replacement text (docs/guide/proposed-text.md, between its markers — the same
 * source as the site's page and its Markdown download) converted to the TC's pandoc Markdown
 * conventions, as the body of the section it replaces: a unified pipeline, one plugin per rule.
 *
 * The conventions, read from the TC's working/doc/ug/*.md: ATX headings whose level follows the
 * chapter, function names in bold (`**C_Initialize**`), return values and code in backticks,
 * `-` bullets and `1.` ordered lists, back-tick fences, `_` emphasis, `{#id}` heading attributes
 * (pandoc's header_attributes), and no HTML, MDX or JSX.
 */
import type { Heading, Link, Root, RootContent, Strong } from 'mdast';
import remarkParse from 'remark-parse';
import remarkStringify, { type Options as StringifyOptions } from 'remark-stringify';
import { unified, type Plugin } from 'unified';
import { SKIP, visit } from 'unist-util-visit';

import { ConfigurationError } from '../errors';
import { plainProposedText } from '../recommendations/proposed-text';

/** Cryptoki function names, which the TC sets in bold rather than as code. */
const FUNCTION_NAME = /^C_[A-Za-z]+$/;

/** Raised when the proposed text holds something the TC's sources cannot take. */
export class ConversionError extends ConfigurationError {
  override readonly name = 'ConversionError';
}

export interface ConvertOptions {
  /** Level of the TC heading whose body the text replaces (3 for `###`). */
  targetLevel: number;
  /**
   * The site's own public URL: links to it (and relative links) become plain prose, since the
   * text must stand alone in the TC's document. External links (POSIX, say) stay.
   */
  siteUrl?: string;
}

/**
 * Drops the proposed text's own section heading and moves every other heading so that the
 * section's subsections sit one level below `targetLevel`.
 */
const shiftHeadings: Plugin<[{ targetLevel: number }], Root> =
  ({ targetLevel }) =>
  (tree) => {
    const first = tree.children.findIndex((node) => node.type === 'heading');
    const top = tree.children[first] as Heading | undefined;
    if (top === undefined) throw new ConversionError('the proposed text has no section heading');
    tree.children.splice(first, 1);
    const shift = targetLevel - top.depth;
    visit(tree, 'heading', (node) => {
      const depth = node.depth + shift;
      if (depth <= targetLevel || depth > 6) {
        throw new ConversionError(
          `heading at line ${node.position?.start.line ?? '?'} would be at level ${depth}; expected ${targetLevel + 1}–6 below the section's level ${targetLevel}`,
        );
      }
      node.depth = depth as Heading['depth'];
    });
  };

/** `C_Initialize` in code becomes **C_Initialize**, the TC's way of naming a function. */
const boldFunctionNames: Plugin<[], Root> = () => (tree) => {
  visit(tree, 'inlineCode', (node, index, parent) => {
    if (parent === undefined || index === undefined || !FUNCTION_NAME.test(node.value)) return;
    const strong: Strong = { type: 'strong', children: [{ type: 'text', value: node.value }] };
    parent.children[index] = strong;
  });
};

/** Links into this site (relative, or under its URL) become their text: plain prose. */
const unlinkSitePages: Plugin<[{ siteUrl: string | undefined }], Root> =
  ({ siteUrl }) =>
  (tree) => {
    visit(tree, 'link', (node: Link, index, parent) => {
      if (parent === undefined || index === undefined) return;
      const external = /^[a-z][a-z\d+.-]*:/i.test(node.url);
      const ours = siteUrl !== undefined && node.url.startsWith(siteUrl);
      if (external && !ours) return;
      parent.children.splice(index, 1, ...node.children);
      return [SKIP, index];
    });
  };

/** HTML (and so MDX/JSX, which plain Markdown parses as HTML) has no place in the TC's sources. */
const refuseHtml: Plugin<[], Root> = () => (tree) => {
  visit(tree, 'html', (node) => {
    throw new ConversionError(
      `line ${node.position?.start.line ?? '?'}: HTML or JSX (${node.value.slice(0, 40)}) in the proposed text; the TC's pandoc Markdown takes none: write it as Markdown`,
    );
  });
};

type StrongHandler = NonNullable<NonNullable<StringifyOptions['handlers']>['strong']>;

/** The two calls of mdast-util-to-markdown's handler state this handler makes. */
interface PhrasingState {
  enter(construct: 'strong'): () => void;
  containerPhrasing(node: Strong, info: object): string;
}

/** `**C_Initialize**` without the `\_` escape remark would add: pandoc reads intraword `_` as text. */
function strongHandler(node: Strong, state: PhrasingState, info: object): string {
  const only = node.children[0];
  if (node.children.length === 1 && only?.type === 'text' && FUNCTION_NAME.test(only.value)) {
    return `**${only.value}**`;
  }
  // As mdast-util-to-markdown's own strong handler (lib/handle/strong.js), with `*` markers.
  const exit = state.enter('strong');
  const value = state.containerPhrasing(node, { ...info, before: '*', after: '*' });
  exit();
  return `**${value}**`;
}

const strong = ((node: Strong, _parent: unknown, state: PhrasingState, info: object) =>
  strongHandler(node, state, info)) as unknown as StrongHandler;

const STRINGIFY: StringifyOptions = {
  bullet: '-',
  emphasis: '_',
  strong: '*',
  fence: '`',
  fences: true,
  listItemIndent: 'one',
  rule: '-',
  handlers: { strong },
};

/** The proposed-text page (its whole text) as the body of the TC's section, ending in one newline. */
export function convertProposedText(pageText: string, options: ConvertOptions): string {
  const markdown = plainProposedText(pageText);
  const processor = unified()
    .use(remarkParse)
    .use(refuseHtml)
    .use(shiftHeadings, { targetLevel: options.targetLevel })
    .use(boldFunctionNames)
    .use(unlinkSitePages, { siteUrl: options.siteUrl })
    .use(remarkStringify, STRINGIFY);
  const tree = processor.runSync(processor.parse(markdown));
  const nodes: RootContent[] = tree.children;
  if (nodes.length === 0) throw new ConversionError('the proposed text has no body');
  return processor.stringify(tree);
}
