/**
 * examples/runtimes/results.json: categorical facts about process-creation calls and runtimes
 * (which atfork handlers ran, which exit-time code ran, what a call returned), one record per
 * case and module configuration. The facts are the same on every run; `npm run runtimes`
 * checks that and rewrites the file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import * as prettier from 'prettier';

import { EXAMPLES_DIR } from '../examples/build';
import { describeHazard } from '../examples/results-text';
import type { FactValue } from './fact-value';
import type { RuntimeHazard } from './python-hazard';

export const RUNTIMES_DIR = path.join(EXAMPLES_DIR, 'runtimes');
export const RUNTIMES_JSON = path.join(RUNTIMES_DIR, 'results.json');
/** Relative to the site directory, for the traceability check and the pages. */
export const RUNTIMES_RESULTS_FILE = path.join('examples', 'runtimes', 'results.json');

export type { FactValue } from './fact-value';

export interface RuntimeFact {
  /** `<example>/<variant>`, e.g. `exit-in-child/_exit`. */
  case: string;
  /** Module configuration id, or `none` when no module is loaded. */
  module: string;
  /** Debian package versions of what the case loaded (empty for `none`). */
  packages: Record<string, string>;
  /** What the program printed on its RUNTIME-FACT line, minus `case`. */
  facts: Record<string, FactValue>;
  /** How many runs showed exactly these facts. */
  runs: number;
  /** Hazard cases only: every run's hang and crash counts, pooled with 95% intervals. Data,
   * not facts: `--check` and the tests never compare them. */
  hazard?: RuntimeHazard;
}

export interface RuntimesFile {
  schema: 1;
  /** Commands that regenerate the file. */
  command: string;
  machine: { glibc: string; kernel: string; arch: string };
  results: RuntimeFact[];
}

export function findFact(
  file: RuntimesFile,
  caseId: string,
  module: string,
): RuntimeFact | undefined {
  return file.results.find((r) => r.case === caseId && r.module === module);
}

export async function writeRuntimes(file: RuntimesFile, target = RUNTIMES_JSON): Promise<void> {
  const options = (await prettier.resolveConfig(target)) ?? {};
  await writeFile(
    target,
    await prettier.format(JSON.stringify(file), { ...options, parser: 'json', filepath: target }),
  );
}

export async function readRuntimes(file = RUNTIMES_JSON): Promise<RuntimesFile> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as RuntimesFile;
  } catch (error) {
    throw new Error(
      `cannot read ${file} (${(error as Error).message}); run \`npm run runtimes\` to create it`,
    );
  }
}

/** Parses a program's `RUNTIME-FACT {json}` line. */
export function parseFactLine(
  stdout: string,
  program: string,
): { case: string; facts: Record<string, FactValue> } {
  const line = stdout.split('\n').find((l) => l.startsWith('RUNTIME-FACT '));
  if (!line) throw new Error(`${program} printed no RUNTIME-FACT line:\n${stdout}`);
  const parsed = JSON.parse(line.slice('RUNTIME-FACT '.length)) as Record<string, FactValue>;
  const { case: caseId, ...facts } = parsed;
  if (typeof caseId !== 'string') throw new Error(`${program}: RUNTIME-FACT line has no "case"`);
  return { case: caseId, facts };
}

/** Facts that differ between two files, case by case (`--check`, and the tests). */
export function compareRuntimes(committed: RuntimesFile, fresh: RuntimesFile): string[] {
  const differences: string[] = [];
  for (const old of committed.results) {
    const now = findFact(fresh, old.case, old.module);
    if (!now) {
      differences.push(`${old.case} on ${old.module}: not measured`);
      continue;
    }
    for (const [key, value] of Object.entries(old.facts))
      if (now.facts[key] !== value)
        differences.push(
          `${old.case} on ${old.module}: ${key} was ${String(value)}, now ${String(now.facts[key])}`,
        );
  }
  return differences;
}

/** A hazard case's pooled counts in words, e.g. "hazard-observed: 21 of 100 (…) hung or crashed". */
export function describeRuntimeHazard(hazard: RuntimeHazard): string {
  const { pooled } = hazard;
  return `${hazard.outcome}: ${describeHazard({ ...pooled, pooled, crashSignals: hazard.crashSignals })}, a worker inside the module at ${pooled.forksInside} of ${pooled.forksObserved} forks`;
}

export function runtimesToText(file: RuntimesFile): string {
  return file.results
    .map(
      (r) =>
        `${r.case} on ${r.module}: ${Object.entries(r.facts)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(' ')}${r.hazard ? ` (${describeRuntimeHazard(r.hazard)})` : ''}\n`,
    )
    .join('');
}

export function runtimesToMarkdown(file: RuntimesFile): string {
  const rows = file.results.map(
    (r) =>
      `| \`${r.case}\` | ${r.module} | ${Object.entries(r.facts)
        .map(([k, v]) => `${k}: ${String(v)}`)
        .join('; ')} |`,
  );
  return ['| Case | Module | Facts |', '| --- | --- | --- |', ...rows, ''].join('\n');
}
