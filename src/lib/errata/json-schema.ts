/**
 * JSON Schemas generated from the zod schemas (zod 4 `z.toJSONSchema`), committed under
 * static/schemas/ so editors (yaml-language-server) validate and complete records as they are typed,
 * and served by the site at /schemas/…. Cross-field rules are not in them; `errata validate` is.
 * Draft-07 because it is the draft editors support most widely.
 */
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
import * as z from 'zod';
import { SCHEMA_FILES } from './paths';
import { IgnoredList, InboxProposal } from './inbox-schema';
import { Erratum } from './schema';

export interface GeneratedFile {
  /** Relative to the site folder. */
  path: string;
  content: string;
}

function toSchema(schema: z.ZodType): object {
  return z.toJSONSchema(schema, { target: 'draft-07', unrepresentable: 'any', io: 'input' });
}

/** The schema files with their content, formatted as the project's Prettier would. */
export async function generateSchemaFiles(siteDir: string): Promise<GeneratedFile[]> {
  const entries: [string, z.ZodType][] = [
    [SCHEMA_FILES.erratum, Erratum],
    [SCHEMA_FILES.proposal, InboxProposal],
    [SCHEMA_FILES.ignored, IgnoredList],
  ];
  return Promise.all(
    entries.map(async ([file, schema]) => {
      const filepath = path.join(siteDir, file);
      const config = (await resolveConfig(filepath)) ?? {};
      const content = await format(JSON.stringify(toSchema(schema)), {
        ...config,
        filepath,
      });
      return { path: file, content };
    }),
  );
}
