/**
 * The tree helpers the page readers share, over the plain-object tree of ./html-tree.ts.
 */
import type { HtmlComment, HtmlDocument, HtmlElement, HtmlNode, HtmlText } from './html-tree';

export { parseHtml } from './html-tree';
export type { HtmlDocument, HtmlElement, HtmlNode } from './html-tree';

export function isElement(node: HtmlNode): node is HtmlElement {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

export function isText(node: HtmlNode): node is HtmlText {
  return node.type === 'text';
}

export function isComment(node: HtmlNode): node is HtmlComment {
  return node.type === 'comment';
}

function childrenOf(node: HtmlNode | HtmlDocument): readonly HtmlNode[] {
  return node.type === 'root' || isElement(node) ? node.children : [];
}

/** Visits nodes in document order; returning false from `visit` skips a node's children. */
export function walk(
  root: HtmlNode | HtmlDocument,
  visit: (node: HtmlNode) => boolean | undefined,
): void {
  const stack: HtmlNode[] = [...childrenOf(root)].reverse();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (visit(node) === false) continue;
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i -= 1) {
      const child = children[i];
      if (child !== undefined) stack.push(child);
    }
  }
}

/**
 * Every node of a document in document order, with the index just past each node's subtree: a
 * reader that looks for several things scans this once per thing instead of walking the tree
 * again, and skips a subtree by jumping to its end.
 */
export interface DocumentOrder {
  nodes: HtmlNode[];
  ends: number[];
}

export function documentOrder(doc: HtmlDocument): DocumentOrder {
  const nodes: HtmlNode[] = [];
  const ends: number[] = [];
  // A number on the stack closes the subtree of the node at that index.
  const stack: (HtmlNode | number)[] = [...doc.children].reverse();
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item === 'number') {
      ends[item] = nodes.length;
      continue;
    }
    const index = nodes.length;
    nodes.push(item);
    ends.push(index + 1);
    if (!isElement(item) || item.children.length === 0) continue;
    stack.push(index);
    for (let i = item.children.length - 1; i >= 0; i -= 1) {
      const child = item.children[i];
      if (child !== undefined) stack.push(child);
    }
  }
  return { nodes, ends };
}

export function findAll(
  root: HtmlNode | HtmlDocument,
  test: (element: HtmlElement) => boolean,
): HtmlElement[] {
  const found: HtmlElement[] = [];
  walk(root, (node) => {
    if (isElement(node) && test(node)) found.push(node);
  });
  return found;
}

/** The text of a subtree, entities decoded, white space as written. */
export function textOf(root: HtmlNode | HtmlDocument): string {
  let text = '';
  walk(root, (node) => {
    if (isText(node)) text += node.data;
  });
  return text;
}

const BLOCK = new Set([
  'address',
  'blockquote',
  'dd',
  'div',
  'dl',
  'dt',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'li',
  'ol',
  'p',
  'pre',
  'table',
  'tr',
  'ul',
]);

/** Appends the text of `node` to `out`, as readableText lays it out. */
function render(node: HtmlNode, inPre: boolean, out: string[]): void {
  if (isText(node)) {
    out.push(inPre ? node.data : node.data.replace(/[ \t\r\n\f]+/g, ' '));
    return;
  }
  if (node.type !== 'tag') return;
  const name = node.name;
  if (name === 'br') {
    out.push('\n');
    return;
  }
  const block = BLOCK.has(name);
  if (block) out.push('\n');
  if (name === 'blockquote') {
    const inner = readableText(node.children);
    const quoted = inner
      .split('\n')
      .map((line) => (line === '' ? '>' : `> ${line}`))
      .join('\n');
    out.push(quoted, '\n');
    return;
  }
  for (const child of node.children) render(child, inPre || name === 'pre', out);
  if (block) out.push('\n');
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/**
 * The lines of `text` without the spaces and tabs that end them, without empty lines at either
 * end, and with at most one empty line in a row. One linear pass: a page's text can be long, and
 * a regular expression for trailing blanks backtracks over every run of blanks inside a line.
 */
function tidyLines(text: string): string {
  const lines: string[] = [];
  let emptyBefore = false;
  for (let start = 0; start <= text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    let last = end;
    while (last > start && isBlank(text.charCodeAt(last - 1))) last -= 1;
    if (last === start) emptyBefore = true;
    else {
      if (emptyBefore && lines.length > 0) lines.push('');
      emptyBefore = false;
      lines.push(text.slice(start, last));
    }
    start = end + 1;
  }
  return lines.join('\n');
}

/**
 * Readable plain text of nodes, the way a mail reader shows an HTML part: block elements on their
 * own lines, `<br>` a line break, `<pre>` kept as is, `<blockquote>` prefixed with `> ` per line so
 * quoted text reads the same whether it came as plain text or as HTML. Scripts and styles are
 * dropped (they are never text a person wrote).
 */
export function readableText(nodes: readonly HtmlNode[]): string {
  const out: string[] = [];
  for (const node of nodes) render(node, false, out);
  return tidyLines(out.join(''));
}
