import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { generateSchemaFiles, HUMAN_OWNED_FIELDS, SCHEMA_FILES } from '../../src/lib/errata';
import { PROJECT_DIR } from './fixture-site';

describe('the JSON Schemas under static/schemas/', () => {
  test('each committed file equals a fresh generation from the zod schemas (npm run errata:schema)', async () => {
    const files = await generateSchemaFiles(PROJECT_DIR);
    expect(files.map((file) => file.path).sort()).toEqual(Object.values(SCHEMA_FILES).sort());
    for (const file of files) {
      const committed = await readFile(path.join(PROJECT_DIR, file.path), 'utf8').catch(() => '');
      expect(committed, `${file.path} is out of date: run npm run errata:schema`).toBe(
        file.content,
      );
    }
  });

  test('the erratum schema refuses unknown fields and requires the human-owned core', async () => {
    const [erratum] = await generateSchemaFiles(PROJECT_DIR);
    const schema = JSON.parse(erratum?.content ?? '{}') as {
      additionalProperties: boolean;
      required: string[];
      properties: Record<string, unknown>;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual([...HUMAN_OWNED_FIELDS, 'threads']);
    expect(schema.required).toEqual(
      HUMAN_OWNED_FIELDS.filter((field) => !['proposed', 'evidence', 'resolution'].includes(field)),
    );
  });
});
