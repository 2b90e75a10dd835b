/**
 * JSON pointers (RFC 6901): plain (`/labels/0/name`, as Ajv reports where a value failed) and in
 * their URI-fragment form, as `$ref` writes them in OpenAPI and JSON Schema
 * (`#/components/schemas/issue`). Only local references (within the same document).
 */
import { InvalidInputError } from '../errors';
import { isJsonObject, type Json } from './types';

/**
 * One reference token unescaped. RFC 6901 §4: `~1` is `/` and `~0` is `~`, decoded in that
 * order so that `~01` stays the literal `~1`.
 */
export function unescapeToken(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** The reference tokens of a local `$ref` (`#/…`), unescaped. */
export function pointerTokens(ref: string): string[] {
  if (!ref.startsWith('#/'))
    throw new InvalidInputError(`unsupported $ref ${ref} (only local refs)`);
  return ref.slice(2).split('/').map(unescapeToken);
}

/** The value a local `$ref` points at in `document`, or undefined when a step is missing. */
export function findPointer(document: Json, ref: string): Json | undefined {
  let node: Json | undefined = document;
  for (const token of pointerTokens(ref)) {
    node = isJsonObject(node) ? node[token] : Array.isArray(node) ? node[Number(token)] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** The value a local `$ref` points at in `document`; throws when a step of the path is missing. */
export function resolvePointer(document: Json, ref: string): Json {
  const node = findPointer(document, ref);
  if (node === undefined) throw new InvalidInputError(`$ref ${ref} does not resolve`);
  return node;
}
