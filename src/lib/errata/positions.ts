/**
 * From a field path (as zod reports it) to a place in the YAML source: the node at that path, or,
 * for a missing field, the nearest enclosing node. Positions come from yaml's node ranges and a
 * LineCounter, so messages point at the line a person has to edit.
 */
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
  type Scalar,
} from 'yaml';

export interface Place {
  line: number;
  col: number;
}

function child(node: unknown, key: PropertyKey): { value?: Node; keyNode?: Node } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
    if (pair === undefined) return undefined;
    return {
      ...(isPair(pair) && pair.value !== null ? { value: pair.value as Node } : {}),
      ...(isScalar(pair.key) ? { keyNode: pair.key } : {}),
    };
  }
  if (isSeq(node) && typeof key === 'number') {
    const item = node.items[key];
    return item === undefined || item === null ? undefined : { value: item as Node };
  }
  return undefined;
}

/**
 * The place of `path` in `doc`. `atKey` points at the key of the last segment instead of its value
 * (for an unknown field, the key is what is wrong).
 */
export function placeOf(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
  atKey = false,
): Place {
  let node: unknown = doc.contents;
  let best: Node | undefined = doc.contents ?? undefined;
  for (let i = 0; i < path.length; i += 1) {
    const segment = path[i];
    if (segment === undefined) break;
    const found = child(node, segment);
    if (found === undefined) break;
    const last = i === path.length - 1;
    const target = last && atKey ? (found.keyNode ?? found.value) : (found.value ?? found.keyNode);
    if (target === undefined) break;
    best = target;
    node = found.value;
  }
  const offset = best?.range?.[0] ?? 0;
  const { line, col } = lineCounter.linePos(offset);
  return { line, col };
}

/** Calls `visit` for every scalar value (and key) of the document, with its field path. */
export function walkScalars(
  doc: Document,
  onScalar: (scalar: Scalar, path: PropertyKey[]) => void,
): void {
  const walk = (node: unknown, path: PropertyKey[]): void => {
    if (isScalar(node)) onScalar(node, path);
    else if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        walk(pair.key, [...path, key]);
        walk(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        walk(item, [...path, index]);
      });
    }
  };
  walk(doc.contents, []);
}
