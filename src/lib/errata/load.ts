/**
 * Loads a YAML file against a zod schema: every problem becomes a finding with file, line, column
 * and field. Cross-field and cross-file rules are `rules.ts`'s job.
 */
import type { z } from 'zod';
import { ConfigurationError } from '../errors';
import { fieldPath, formatFindingText, type Finding } from '../findings';
import { fileExists } from './file-exists';
import { placeOf } from './positions';
import { readYamlFile, type ParsedYaml } from './read-yaml';

export type Loaded<T> =
  | { ok: true; value: T; parsed: ParsedYaml; findings: [] }
  | { ok: false; value?: undefined; parsed?: ParsedYaml; findings: Finding[] };

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function shapeKeys(schema: z.ZodType, path: readonly PropertyKey[], value?: unknown): string[] {
  // Walks object/array/optional/union wrappers far enough to list the allowed keys at `path`.
  let current: unknown = schema;
  for (const segment of [...path, undefined]) {
    for (;;) {
      const def = (current as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
      if (def === undefined) return [];
      if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default')
        current = def.innerType;
      else if (def.type === 'pipe') current = def.in;
      else break;
    }
    const def = (current as { _zod: { def: Record<string, unknown> } })._zod.def;
    if (segment === undefined) {
      if (def.type === 'object') return Object.keys(def.shape as object);
      if (def.type === 'union') {
        // A thread: list the keys of the kind it declares, not of every kind.
        const options = def.options as z.ZodType[];
        const kind = (value as { kind?: unknown } | undefined)?.kind;
        const matching = options.filter((option) => {
          const shape = (option as unknown as { shape?: Record<string, z.ZodType | undefined> })
            .shape;
          return shape?.kind?.safeParse(kind).success === true;
        });
        const chosen = matching.length > 0 ? matching : options;
        return [...new Set(chosen.flatMap((option) => shapeKeys(option, [])))];
      }
      return [];
    }
    if (def.type === 'object') current = (def.shape as Record<string, unknown>)[String(segment)];
    else if (def.type === 'array') current = def.element;
    else return [];
  }
  return [];
}

/** Turns zod issues into findings placed in the YAML source. */
export function issuesToFindings(
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
  parsed: ParsedYaml,
  file: string,
  schema: z.ZodType,
): Finding[] {
  const findings: Finding[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const allowed = shapeKeys(schema, issue.path, valueAt(data, issue.path));
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        findings.push({
          file,
          ...placeOf(parsed.doc, parsed.lineCounter, path, true),
          field: fieldPath(path),
          rule: 'unknown-field',
          message: `unknown field ${JSON.stringify(key)}; expected one of: ${allowed.join(', ')}`,
        });
      }
      continue;
    }
    const missing =
      issue.code === 'invalid_type' &&
      issue.path.length > 0 &&
      valueAt(data, issue.path) === undefined &&
      typeof valueAt(data, issue.path.slice(0, -1)) === 'object';
    findings.push({
      file,
      ...placeOf(parsed.doc, parsed.lineCounter, issue.path),
      field: fieldPath(issue.path),
      rule: missing ? 'missing-field' : 'schema',
      message: missing
        ? `missing required field ${JSON.stringify(String(issue.path.at(-1)))} (${issue.message})`
        : issue.message,
    });
  }
  return findings;
}

export async function loadYamlRecord<S extends z.ZodType>(
  path: string,
  file: string,
  schema: S,
  options: { maxBytes?: number } = {},
): Promise<Loaded<z.output<S>>> {
  const read = await readYamlFile(path, file, options.maxBytes);
  if (!read.ok) return { ok: false, findings: read.findings };
  return checkParsedYaml(read.parsed, file, schema);
}

/** A parsed YAML document against a zod schema (what `loadYamlRecord` does after reading). */
export function checkParsedYaml<S extends z.ZodType>(
  parsed: ParsedYaml,
  file: string,
  schema: S,
): Loaded<z.output<S>> {
  const data: unknown = parsed.doc.toJS({ maxAliasCount: 0 });
  if (data === null || data === undefined || typeof data !== 'object' || Array.isArray(data)) {
    return {
      ok: false,
      parsed,
      findings: [
        {
          file,
          line: 1,
          col: 1,
          rule: 'schema',
          message: 'expected a mapping of fields (key: value)',
        },
      ],
    };
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    return {
      ok: false,
      parsed,
      findings: issuesToFindings(result.error.issues, data, parsed, file, schema),
    };
  }
  return { ok: true, value: result.data, parsed, findings: [] };
}

/** The error for a file that does not load: what it is, what to do (`fix`), and its findings. */
export function notValidError(
  what: string,
  fix: string,
  findings: readonly Finding[],
): ConfigurationError {
  return new ConfigurationError(
    `${what} is not valid; ${fix}:\n${findings.map(formatFindingText).join('\n')}`,
  );
}

/**
 * A configuration or state file the syncs may or may not have yet: undefined when it does not
 * exist; the value (and its parsed document, for placing later errors) when it loads; otherwise a
 * ConfigurationError that lists the findings with file and line, saying `fix` what to do about it.
 */
export async function loadOptionalYaml<S extends z.ZodType>(
  path: string,
  file: string,
  schema: S,
  options: { maxBytes?: number; fix: string },
): Promise<{ value: z.output<S>; parsed: ParsedYaml } | undefined> {
  if (!(await fileExists(path))) return undefined;
  const loaded = await loadYamlRecord(path, file, schema, options);
  if (!loaded.ok) throw notValidError(file, options.fix, loaded.findings);
  return { value: loaded.value, parsed: loaded.parsed };
}
