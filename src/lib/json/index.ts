/** One JSON utility: pointers, deterministic key order, Prettier's layout. */
export { formatJson } from './format';
export { findPointer, pointerTokens, resolvePointer, unescapeToken } from './pointer';
export { sortKeysDeep } from './sort-keys';
export { isJsonObject, type Json, type JsonObject } from './types';
