/**
 * `npm run errata:schema`: the committed JSON Schemas (static/schemas/) compared with a fresh
 * generation from the zod schemas and, unless only checking, rewritten where they differ.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic';
import { generateSchemaFiles } from './json-schema';

export interface SchemaFileChange {
  /** Relative to the site folder, e.g. static/schemas/erratum.schema.json. */
  path: string;
  /** `stale` when only checking; `written` otherwise. */
  state: 'stale' | 'written';
}

/** The files that differ from a fresh generation (none when all are up to date). */
export async function syncSchemaFiles(
  siteDir: string,
  { check }: { check: boolean },
): Promise<SchemaFileChange[]> {
  const changes: SchemaFileChange[] = [];
  for (const file of await generateSchemaFiles(siteDir)) {
    const target = path.join(siteDir, file.path);
    const current = await readFile(target, 'utf8').catch(() => undefined);
    if (current === file.content) continue;
    if (!check) {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFileAtomic(target, file.content);
    }
    changes.push({ path: file.path, state: check ? 'stale' : 'written' });
  }
  return changes;
}
