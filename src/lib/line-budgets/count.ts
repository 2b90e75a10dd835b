/**
 * Counts the lines of every file under a folder, as `wc -l` does, plus a last line that lacks its
 * line break: a file that does not end in one still shows that line in an editor.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../errors';
import type { LineBudget } from './budgets';

export interface FileLines {
  /** Relative to the repository root, with `/`. */
  file: string;
  lines: number;
}

export interface BudgetResult extends LineBudget {
  lines: number;
  within: boolean;
  /** Every file under the folder, the longest first (then by name). */
  files: FileLines[];
}

export function countLines(bytes: Buffer): number {
  let lines = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines += 1;
  const last = bytes.at(-1);
  return last === undefined || last === 10 ? lines : lines + 1;
}

async function filesUnder(root: string, folder: string): Promise<FileLines[]> {
  const entries = await readdir(path.join(root, folder), {
    recursive: true,
    withFileTypes: true,
  }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new ConfigurationError(`${folder}/ has a line budget but is not in ${root}`);
  });
  return Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const absolute = path.join(entry.parentPath, entry.name);
        const file = path.relative(root, absolute).split(path.sep).join('/');
        return { file, lines: countLines(await readFile(absolute)) };
      }),
  );
}

/** Each budget against the folder as it is under `root`; a missing folder is a set-up error. */
export async function checkLineBudgets(
  root: string,
  budgets: readonly LineBudget[],
): Promise<BudgetResult[]> {
  return Promise.all(
    budgets.map(async (budget) => {
      const files = (await filesUnder(root, budget.folder)).sort(
        (a, b) => b.lines - a.lines || (a.file < b.file ? -1 : 1),
      );
      const lines = files.reduce((sum, file) => sum + file.lines, 0);
      return { ...budget, lines, within: lines < budget.under, files };
    }),
  );
}
