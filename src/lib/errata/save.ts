/**
 * Deterministic YAML for records. Saving updates the previously loaded document in place — only
 * nodes whose value changed are replaced — so comments, the `$schema` line and the author's scalar
 * styles survive, and re-saving an unchanged record changes no byte. New nodes get one style:
 * multi-line text as a literal block (`|`), everything else plain unless quoting is needed. The
 * output is what Prettier would print (single quotes, no folding), so `prettier --check` agrees.
 */
import {
  Document,
  isMap,
  isScalar,
  isSeq,
  Scalar,
  visit,
  type Node,
  type ToStringOptions,
} from 'yaml';
import type { z } from 'zod';
import { canonicalOrder, isPlainObject } from './canonical';

/** Matches the project's Prettier configuration (.prettierrc.json: singleQuote, no prose wrap). */
export const YAML_OUTPUT_OPTIONS: ToStringOptions = {
  lineWidth: 0,
  minContentWidth: 0,
  singleQuote: true,
  indentSeq: true,
};

function styleNewNodes(node: Node): Node {
  visit(node, {
    Scalar(_key, scalar) {
      if (typeof scalar.value === 'string' && scalar.value.includes('\n'))
        scalar.type = Scalar.BLOCK_LITERAL;
    },
  });
  return node;
}

function create(doc: Document, value: unknown): Node {
  return styleNewNodes(doc.createNode(value));
}

function update(doc: Document, node: unknown, value: unknown): Node {
  if (isPlainObject(value) && isMap(node)) {
    node.items = Object.entries(value).map(([key, item]) => {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (pair === undefined) return doc.createPair(key, create(doc, item));
      pair.value = update(doc, pair.value, item);
      return pair;
    });
    return node;
  }
  if (Array.isArray(value) && isSeq(node)) {
    node.items = value.map((item: unknown, index) => update(doc, node.items[index], item));
    return node;
  }
  if (isScalar(node) && !isPlainObject(value) && !Array.isArray(value)) {
    if (node.value === value) return node;
    node.value = value;
    node.type =
      typeof value === 'string' && value.includes('\n') ? Scalar.BLOCK_LITERAL : undefined;
    return node;
  }
  return create(doc, value);
}

/**
 * Puts `comment` on the file's first line. yaml attaches a leading comment to the document, to its
 * root node or to the first key, depending on blank lines; whichever holds it is edited.
 */
function ensureFirstComment(doc: Document, comment: string): void {
  const root = doc.contents;
  const firstKey = isMap(root) ? (root.items[0]?.key as Node | undefined) : undefined;
  const holders: { get: () => string | null | undefined; set: (value: string) => void }[] = [
    { get: () => doc.commentBefore, set: (value) => (doc.commentBefore = value) },
  ];
  if (root !== null)
    holders.push({ get: () => root.commentBefore, set: (v) => (root.commentBefore = v) });
  if (isScalar(firstKey) || isMap(firstKey) || isSeq(firstKey))
    holders.push({ get: () => firstKey.commentBefore, set: (v) => (firstKey.commentBefore = v) });
  const holder = holders.find((h) => (h.get() ?? '') !== '') ?? holders[0];
  if (holder === undefined) return;
  const before = holder.get() ?? '';
  if (before.split('\n')[0]?.trim() === comment.trim()) return;
  const rest = before.split('\n').filter((line) => line.trim() !== comment.trim());
  holder.set([comment, ...rest].join('\n').replace(/\n+$/, ''));
}

/** The comment line that tells editors which JSON Schema applies (yaml-language-server). */
export function schemaComment(schemaPath: string): string {
  return ` yaml-language-server: $schema=${schemaPath}`;
}

export interface SerialiseOptions {
  /** The schema whose key order the output follows. */
  schema: z.ZodType;
  /** Relative path of the JSON Schema for the first-line comment. */
  schemaPath: string;
  /** The document as loaded, to keep its comments and styles. */
  previous?: Document.Parsed | undefined;
}

/** YAML text for `value`: stable key order, comments of `previous` kept, one final newline. */
export function serialiseYaml(value: unknown, options: SerialiseOptions): string {
  const ordered = canonicalOrder(options.schema, value);
  const doc: Document = options.previous?.clone() ?? new Document();
  doc.contents = update(doc, doc.contents, ordered);
  ensureFirstComment(doc, schemaComment(options.schemaPath));
  return doc.toString(YAML_OUTPUT_OPTIONS);
}
