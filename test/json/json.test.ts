/**
 * The one JSON utility (src/lib/json): pointers, deep key order, and Prettier's layout, on the
 * committed OpenAPI subset (written by npm run github:openapi) and on small documents.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { InvalidInputError } from '../../src/lib/errors';
import {
  findPointer,
  formatJson,
  pointerTokens,
  resolvePointer,
  sortKeysDeep,
  unescapeToken,
  type Json,
} from '../../src/lib/json';

const SUBSET = path.join(__dirname, '..', 'fixtures', 'github', 'openapi-subset.json');
const subsetText = readFileSync(SUBSET, 'utf8');

describe('formatJson with sortKeysDeep', () => {
  test('writes the committed OpenAPI subset byte for byte as it was generated', () => {
    const value = JSON.parse(subsetText) as Json;
    expect(`${formatJson(sortKeysDeep(value))}\n`).toBe(subsetText);
  });

  test('keeps short arrays on one line and breaks long ones, numbers filling rows', () => {
    const numbers = Array.from({ length: 40 }, (_, index) => index * 1000);
    const text = formatJson({ short: [1, 'a', null], long: numbers, empty: {}, none: [] });
    const lines = text.split('\n');
    expect(lines[1]).toBe('  "short": [1, "a", null],');
    expect(lines[2]).toBe('  "long": [');
    // Several numbers per row, and no row past the print width of 100.
    expect(lines[3]?.split(',').length).toBeGreaterThan(2);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(100);
    expect(text.endsWith('  "empty": {},\n  "none": []\n}')).toBe(true);
    expect(JSON.parse(text)).toEqual({ short: [1, 'a', null], long: numbers, empty: {}, none: [] });
  });

  test('leaves out a key whose value is undefined, as JSON.stringify does', () => {
    const value = { kept: 1, dropped: undefined, last: { inner: undefined } };
    const text = formatJson(value as unknown as Json);
    expect(text).toBe('{\n  "kept": 1,\n  "last": {}\n}');
    expect(text).toBe(JSON.stringify(value, null, 2));
  });
});

describe('sortKeysDeep', () => {
  const reactions = { url: 'u', '-1': 0, '+1': 2, nested: [{ b: 1, a: 2 }] };

  test('code-unit order puts +1 before -1, at every depth, arrays in place', () => {
    const sorted = sortKeysDeep(reactions);
    expect(Object.keys(sorted)).toEqual(['+1', '-1', 'nested', 'url']);
    expect(Object.keys(sorted.nested[0] ?? {})).toEqual(['a', 'b']);
  });

  test('leaves the value it was given unchanged', () => {
    sortKeysDeep(reactions);
    expect(Object.keys(reactions)).toEqual(['url', '-1', '+1', 'nested']);
  });
});

describe('JSON pointers', () => {
  const document: Json = {
    components: { schemas: { 'a/b': { type: 'string' }, 'm~n': [10, 20] } },
  };

  test('unescape ~1 to / and ~0 to ~ (RFC 6901 §4)', () => {
    expect(pointerTokens('#/components/schemas/a~1b')).toEqual(['components', 'schemas', 'a/b']);
    expect(pointerTokens('#/x/~01')).toEqual(['x', '~1']);
  });

  test('resolve through objects and array indices', () => {
    expect(resolvePointer(document, '#/components/schemas/a~1b')).toEqual({ type: 'string' });
    expect(resolvePointer(document, '#/components/schemas/m~0n/1')).toBe(20);
  });

  test('unescape a plain pointer token by token, as Ajv reports instance paths', () => {
    expect('/labels/0/a~1b'.split('/').slice(1).map(unescapeToken)).toEqual(['labels', '0', 'a/b']);
  });

  test('find nothing where a path leads nowhere, without throwing', () => {
    expect(findPointer(document, '#/components/schemas/none/type')).toBeUndefined();
    expect(findPointer(document, '#/components/schemas/a~1b/type')).toBe('string');
  });

  test('refuse remote references and paths that lead nowhere', () => {
    expect(() => resolvePointer(document, 'other.json#/x')).toThrow(InvalidInputError);
    expect(() => resolvePointer(document, '#/components/missing')).toThrow(/does not resolve/);
  });
});
