/**
 * The example list: examples/patterns.json is read by the Makefile and by the catalog, so the
 * two always name the same examples with the same thread conditions.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCatalog, EXAMPLES_DIR, listMakefileExamples, PATTERNS } from '../../src/lib/examples';

describe('the example list', () => {
  it('is the order and thread conditions of examples/patterns.json, as the catalog reads them', async () => {
    const listed = JSON.parse(
      await readFile(path.join(EXAMPLES_DIR, 'patterns.json'), 'utf8'),
    ) as string[];
    expect(PATTERNS.map((pattern) => `${pattern.id}:${pattern.condition}`)).toEqual(listed);
    for (const pattern of PATTERNS) {
      expect(pattern.title).not.toBe('');
      expect(pattern.conditionText).not.toBe('');
    }
  });

  it('is what `make list` prints, so the Makefile builds exactly the catalog', async () => {
    expect(await listMakefileExamples()).toEqual(
      PATTERNS.map((pattern) => ({ id: pattern.id, condition: pattern.condition })),
    );
    expect(await checkCatalog()).toEqual([]);
  });
});
