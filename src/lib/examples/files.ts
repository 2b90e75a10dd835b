/** Reading and writing examples/results.json and examples/results.md (Prettier-formatted). */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import * as prettier from 'prettier';

import { EXAMPLES_DIR } from './build';
import { RESULTS_SCHEMA_VERSION, type ResultsFile } from './results';
import { toMarkdown } from './results-text';

export const RESULTS_JSON = path.join(EXAMPLES_DIR, 'results.json');
export const RESULTS_MD = path.join(EXAMPLES_DIR, 'results.md');

async function formatted(file: string, text: string, parser: string): Promise<string> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...options, parser, filepath: file });
}

export async function writeResults(file: ResultsFile): Promise<void> {
  await writeFile(RESULTS_JSON, await formatted(RESULTS_JSON, JSON.stringify(file), 'json'));
  await writeFile(RESULTS_MD, await formatted(RESULTS_MD, toMarkdown(file), 'markdown'));
}

export async function readResults(file = RESULTS_JSON): Promise<ResultsFile> {
  let parsed: ResultsFile;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as ResultsFile;
  } catch (error) {
    throw new Error(
      `cannot read ${file} (${(error as Error).message}); run \`npm run examples\` to create it`,
    );
  }
  if (parsed.schemaVersion !== RESULTS_SCHEMA_VERSION)
    throw new Error(
      `${file}: schemaVersion is ${String(parsed.schemaVersion)}, this code reads ${RESULTS_SCHEMA_VERSION}; run \`npm run examples\` to write it again`,
    );
  return parsed;
}
