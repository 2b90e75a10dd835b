/**
 * Loads a state file a sync writes as JSON because it grows with what the sync has read (the mail
 * state keeps every message of its threads): JSON.parse reads such a file about a hundred times
 * faster than the YAML parser. Errors read as they do for YAML files, with file, line and field.
 * Only a file that fails is read again, as YAML (JSON is YAML), for the places of its findings.
 */
import type { z } from 'zod';
import type { Finding } from '../findings';
import { fileExists } from './file-exists';
import { checkParsedYaml, notValidError } from './load';
import { MAX_FILE_BYTES, parseYamlText, readTextFile } from './read-yaml';

/**
 * Where JSON.parse stopped, when its message says (`at position 12`); else where the YAML reader
 * finds an error, when it finds one (YAML accepts some text JSON does not, a trailing comma).
 */
function placeOfError(text: string, file: string, error: unknown): Pick<Finding, 'line' | 'col'> {
  const position = /at position (\d+)/.exec(String(error))?.[1];
  if (position === undefined) {
    const yaml = parseYamlText(text, file);
    const found = yaml.ok ? undefined : yaml.findings[0];
    return found?.line === undefined ? {} : { line: found.line, col: found.col ?? 1 };
  }
  const before = text.slice(0, Number(position)).split('\n');
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}

function checkJsonText<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
): { ok: true; value: z.output<S> } | { ok: false; findings: Finding[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // V8 may quote the text around the error, newlines and all: the place says it better.
    const reason = (error as Error).message.replace(/, (\.\.\.)?".*" is not valid JSON$/s, '');
    const message = `not valid JSON: ${reason}`;
    return {
      ok: false,
      findings: [{ file, ...placeOfError(text, file, error), rule: 'json-syntax', message }],
    };
  }
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  const parsed = parseYamlText(text, file);
  return parsed.ok ? checkParsedYaml(parsed.parsed, file, schema) : parsed;
}

/**
 * Like loadOptionalYaml, for JSON: undefined when the file does not exist; its value and text when
 * it loads; otherwise a ConfigurationError listing the findings, saying `fix` what to do about it.
 */
export async function loadOptionalJson<S extends z.ZodType>(
  path: string,
  file: string,
  schema: S,
  options: { maxBytes?: number; fix: string },
): Promise<{ value: z.output<S>; text: string } | undefined> {
  if (!(await fileExists(path))) return undefined;
  const read = await readTextFile(path, file, options.maxBytes ?? MAX_FILE_BYTES);
  if (!read.ok) throw notValidError(file, options.fix, read.findings);
  const loaded = checkJsonText(read.text, file, schema);
  if (!loaded.ok) throw notValidError(file, options.fix, loaded.findings);
  return { value: loaded.value, text: read.text };
}
