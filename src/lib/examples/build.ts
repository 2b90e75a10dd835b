/** Builds the C examples with the Makefile in examples/ and checks it against the catalog. */
import { existsSync } from 'node:fs';
import path from 'node:path';

import { PATTERNS } from './catalog';
import { runChecked } from './proc';

/** The repository's examples/ folder: found from the working directory upwards (npm scripts and
 * vitest run at the repository root), so it works whether this runs as ESM or CommonJS. */
export function findExamplesDir(start = process.cwd()): string {
  for (let dir = path.resolve(start); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'examples');
    if (existsSync(path.join(candidate, 'Makefile')) && existsSync(path.join(dir, 'package.json')))
      return candidate;
  }
  // Not inside the repository: `make -C` then fails with a message naming this folder.
  return path.resolve(start, 'examples');
}

export const EXAMPLES_DIR = findExamplesDir();

/**
 * A path inside the project as a project-relative one, so results and reports carry no
 * machine's folders; a path outside it (a system module) stays as it is.
 */
export function projectPath(file: string): string {
  const relative = path.relative(path.dirname(EXAMPLES_DIR), file);
  return relative.startsWith('..') || path.isAbsolute(relative)
    ? file
    : relative.split(path.sep).join('/');
}

export interface BuildOutput {
  examplesDir: string;
  /** Plain builds (-Wall -Wextra -Werror -pthread): every example and p11ex-keygen. */
  binDir: string;
  /** ASan + UBSan builds of the single-threaded examples. */
  sanitizerDir: string;
  /** Example ids with a sanitizer build, as the Makefile lists them. */
  sanitizerExamples: string[];
}

/** Reads the Makefile's EXAMPLES_TABLE (`name:condition` words). */
export async function listMakefileExamples(
  examplesDir = EXAMPLES_DIR,
): Promise<{ id: string; condition: string }[]> {
  const { stdout } = await runChecked('make', ['-s', '-C', examplesDir, 'list'], {
    timeoutMs: 30_000,
  });
  return stdout
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => {
      const [id = '', condition = ''] = word.split(':');
      return { id, condition };
    });
}

/** The Makefile list and the catalog must name the same examples with the same conditions. */
export async function checkCatalog(examplesDir = EXAMPLES_DIR): Promise<string[]> {
  const listed = await listMakefileExamples(examplesDir);
  const problems: string[] = [];
  for (const pattern of PATTERNS) {
    const entry = listed.find((e) => e.id === pattern.id);
    if (!entry) problems.push(`${pattern.id}: in catalog.ts but not in examples/Makefile`);
    else if (entry.condition !== pattern.condition)
      problems.push(
        `${pattern.id}: Makefile says ${entry.condition}, catalog.ts says ${pattern.condition}`,
      );
    if (!existsSync(path.join(examplesDir, `${pattern.id}.c`)))
      problems.push(`${pattern.id}: examples/${pattern.id}.c is missing`);
  }
  for (const entry of listed)
    if (!PATTERNS.some((p) => p.id === entry.id))
      problems.push(`${entry.id}: in examples/Makefile but not in catalog.ts`);
  return problems;
}

export async function buildExamples(examplesDir = EXAMPLES_DIR): Promise<BuildOutput> {
  const problems = await checkCatalog(examplesDir);
  if (problems.length > 0) throw new Error(`example catalog out of step:\n${problems.join('\n')}`);
  await runChecked('make', ['-s', '-C', examplesDir, '-j2', 'all'], { timeoutMs: 300_000 });
  const listed = await listMakefileExamples(examplesDir);
  return {
    examplesDir,
    binDir: path.join(examplesDir, 'build'),
    sanitizerDir: path.join(examplesDir, 'build', 'san'),
    sanitizerExamples: listed.filter((e) => e.condition === 'single').map((e) => e.id),
  };
}
