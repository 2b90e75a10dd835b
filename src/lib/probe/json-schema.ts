/**
 * The probe report's JSON Schema, generated from the zod schema (one source of truth) and
 * committed as static/schemas/probe-report.schema.json: the site serves it, so a vendor can
 * validate a report with any JSON Schema tool before contributing it.
 */
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
import * as z from 'zod';
import { PROBE_SCHEMA_ID, probeReportSchema } from './schema';

export const PROBE_SCHEMA_FILE = path.join('static', 'schemas', 'probe-report.schema.json');

/** The schema file's content, formatted as the project's Prettier would. */
export async function generateProbeSchema(siteDir: string): Promise<string> {
  const schema = {
    ...z.toJSONSchema(probeReportSchema, {
      target: 'draft-07',
      unrepresentable: 'any',
      io: 'input',
    }),
    title: `PKCS #11 fork probe report (${PROBE_SCHEMA_ID})`,
  };
  const filepath = path.join(siteDir, PROBE_SCHEMA_FILE);
  return format(JSON.stringify(schema), { ...((await resolveConfig(filepath)) ?? {}), filepath });
}
