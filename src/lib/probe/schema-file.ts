/**
 * `npm run probe -- schema`: the committed JSON Schema of probe reports, compared with a fresh
 * generation from the zod schema and, unless only checking, rewritten when it differs.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateProbeSchema, PROBE_SCHEMA_FILE } from './json-schema';

export type SchemaFileState = 'up-to-date' | 'out-of-date' | 'written';

export async function syncProbeSchemaFile(
  siteDir: string,
  { check }: { check: boolean },
): Promise<SchemaFileState> {
  const content = await generateProbeSchema(siteDir);
  const file = path.join(siteDir, PROBE_SCHEMA_FILE);
  const current = await readFile(file, 'utf8').catch(() => undefined);
  if (current === content) return 'up-to-date';
  if (check) return 'out-of-date';
  await writeFile(file, content);
  return 'written';
}
