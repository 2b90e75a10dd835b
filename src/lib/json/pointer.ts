/**
 * JSON pointers (RFC 6901) in their URI-fragment form, as `$ref` writes them in OpenAPI and JSON
 * Schema: `#/components/schemas/issue`. Only local references (within the same document).
 */
import { InvalidInputError } from '../errors';
import { isJsonObject, type Json } from './types';

/**
 * The reference tokens of a local pointer, unescaped. RFC 6901 §4: `~1` is `/` and `~0` is `~`,
 * decoded in that order so that `~01` stays the literal `~1`.
 */
export function pointerTokens(ref: string): string[] {
  if (!ref.startsWith('#/'))
    throw new InvalidInputError(`unsupported $ref ${ref} (only local refs)`);
  return ref
    .slice(2)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** The value `ref` points at in `document`; throws when a step of the path is missing. */
export function resolvePointer(document: Json, ref: string): Json {
  let node: Json | undefined = document;
  for (const token of pointerTokens(ref)) {
    node = isJsonObject(node) ? node[token] : Array.isArray(node) ? node[Number(token)] : undefined;
    if (node === undefined) throw new InvalidInputError(`$ref ${ref} does not resolve`);
  }
  return node;
}
