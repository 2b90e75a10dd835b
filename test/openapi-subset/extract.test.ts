/**
 * The OpenAPI extraction of npm run github:openapi (src/lib/openapi-subset), on the committed
 * subset itself: it is an OpenAPI document holding exactly the listed operations and their
 * components, so extracting them from it again must give it back unchanged.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { ConfigurationError } from '../../src/lib/errors';
import type { JsonObject } from '../../src/lib/json';
import { extractOperations } from '../../src/lib/openapi-subset/extract';
import { OPERATIONS } from '../../src/lib/openapi-subset/operations';

const SUBSET = path.join(__dirname, '..', 'fixtures', 'github', 'openapi-subset.json');
const subset = JSON.parse(readFileSync(SUBSET, 'utf8')) as JsonObject;

test('extracting the listed operations from the committed subset gives it back', () => {
  const extract = extractOperations(subset, OPERATIONS);
  expect(extract.paths).toEqual(subset.paths);
  expect(extract.components).toEqual(subset.components);
  const kept = Object.values(subset.components as Record<string, object>);
  expect(extract.refs).toBe(
    kept.reduce((total, section) => total + Object.keys(section).length, 0),
  );
});

test('one operation keeps only the components it reaches', () => {
  const extract = extractOperations(subset, ['rate-limit/get']);
  expect(Object.keys(extract.paths)).toEqual(['/rate_limit']);
  const schemas = Object.keys((extract.components.schemas ?? {}) as object);
  expect(schemas).toContain('rate-limit-overview');
  expect(schemas).not.toContain('issue');
});

test('an operation the description lacks is named in the error', () => {
  expect(() => extractOperations(subset, ['issues/get', 'issues/no-such'])).toThrow(
    new ConfigurationError('operations not in the description: issues/no-such'),
  );
});
