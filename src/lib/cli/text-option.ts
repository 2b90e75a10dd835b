/**
 * Option values that may name a file: `--original @notes.txt` reads notes.txt (UTF-8, exactly as
 * it is), `@@text` is the literal `@text`, anything else is the text itself.
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from './usage-error';

export async function textOption(
  value: string | undefined,
  option: string,
): Promise<string | undefined> {
  if (value === undefined || !value.startsWith('@')) return value;
  if (value.startsWith('@@')) return value.slice(1);
  const file = value.slice(1);
  const bytes = await readFile(file).catch((error: unknown) => {
    throw new UsageError(`${option} ${value}: cannot read ${file} (${(error as Error).message})`);
  });
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${option} ${value}: ${file} is not UTF-8 text; save it as UTF-8`);
  }
}
