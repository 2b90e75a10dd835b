/**
 * remark plugin: marks the page's static blocks so the browser adopts them without hydrating.
 *
 * A paragraph, list, table or block quote whose content has nothing that reacts to the reader
 * (no code block with buttons, no `<details>`, no component with state, no expression but a
 * literal) is
 * wrapped in `<ServerRendered>` (src/components/ServerRendered): the same HTML on the server,
 * and on the first load in the browser React adopts the block without calling a component for
 * anything inside it. The outermost such block is wrapped; a block that holds something
 * interactive is not, but its static blocks further down are (in a block quote or a
 * component's content; not in a list item, see CONTAINERS).
 *
 * It runs after Docusaurus's own remark plugins (images and links are already transformed),
 * last of the page's plugins. Components named in `staticComponents` render plain HTML from
 * their props and may sit inside a wrapped block.
 */
import type { Parent, Root, RootContent } from 'mdast';
import type { MdxJsxFlowElement, MdxTextExpression } from 'mdast-util-mdx';
import { SKIP, visit } from 'unist-util-visit';

export interface Options {
  /**
   * MDX components (by element name) that render static HTML from their props, e.g. `Claim`;
   * `img` (Docusaurus's image transform) is always allowed. Default none.
   */
  staticComponents?: readonly string[];
  /** The component that adopts a block; it must be in the MDX scope. Default `ServerRendered`. */
  component?: string;
}

/** Blocks worth wrapping: each is one element whose whole content can be adopted. */
const BLOCKS = new Set<string>(['paragraph', 'list', 'table', 'blockquote']);

/**
 * Where a wrapper may stand. Not in a list item: a tight list shows its items' paragraphs
 * without `<p>`, which a wrapper around the paragraph would undo.
 */
const CONTAINERS = new Set<string>(['root', 'blockquote', 'mdxJsxFlowElement']);

/** Node types that render as plain HTML with nothing to hydrate. */
const PLAIN = new Set<string>([
  'text',
  'emphasis',
  'strong',
  'delete',
  'inlineCode',
  'link',
  'break',
  'paragraph',
  'list',
  'listItem',
  'table',
  'tableRow',
  'tableCell',
  'blockquote',
  'thematicBreak',
  'footnoteReference',
]);

/**
 * An expression that can only render text: a literal such as the `{' '}` that keeps a space
 * after a component, or a comment. MDX gives each expression its parsed program.
 */
function isLiteralExpression(node: MdxTextExpression): boolean {
  const body = node.data?.estree?.body ?? [];
  return body.every(
    (statement) =>
      statement.type === 'ExpressionStatement' && statement.expression.type === 'Literal',
  );
}

/** Whether `node` and everything inside it render without anything for React to attach. */
export function isStaticContent(node: RootContent, components: ReadonlySet<string>): boolean {
  if (node.type === 'mdxTextExpression') return isLiteralExpression(node);
  if (node.type === 'mdxJsxTextElement' || node.type === 'mdxJsxFlowElement') {
    if (node.name === null || !components.has(node.name)) return false;
    // Attribute values that are expressions are data for the component, never children.
  } else if (!PLAIN.has(node.type)) {
    return false;
  }
  return (
    !('children' in node) || node.children.every((child) => isStaticContent(child, components))
  );
}

export default function remarkServerRendered(options: Options = {}): (tree: Root) => void {
  const components = new Set(['img', ...(options.staticComponents ?? [])]);
  const name = options.component ?? 'ServerRendered';
  return (tree) => {
    visit(tree, (node, index, parent: Parent | undefined) => {
      if (parent === undefined || index === undefined || node.type === 'root') return undefined;
      if (!CONTAINERS.has(parent.type) || !BLOCKS.has(node.type)) return undefined;
      if (!isStaticContent(node as RootContent, components)) return undefined;
      const wrapper: MdxJsxFlowElement = {
        type: 'mdxJsxFlowElement',
        name,
        attributes: [],
        children: [node as MdxJsxFlowElement['children'][number]],
        ...(node.position === undefined ? {} : { position: node.position }),
      };
      parent.children[index] = wrapper;
      return SKIP;
    });
  };
}
