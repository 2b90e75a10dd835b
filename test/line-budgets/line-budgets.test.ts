import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  checkLineBudgets,
  countLines,
  formatLineBudgets,
  LINE_BUDGETS,
} from '../../src/lib/line-budgets';
import { ConfigurationError } from '../../src/lib/errors';
import { runScript } from '../support/script';
import { writeTree } from '../support/file-tree';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'line-budgets-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** A repository whose scripts/ holds files of the given line counts. */
function repository(files: Record<string, number>): string {
  const root = mkdtempSync(path.join(scratch, 'repo-'));
  const texts = Object.entries(files).map(([file, lines]) => [file, 'x\n'.repeat(lines)] as const);
  writeTree(root, Object.fromEntries(texts));
  return root;
}

describe('line budgets', () => {
  test('count lines as wc -l does, plus a last line without its line break', () => {
    const lines = (text: string) => countLines(Buffer.from(text));
    expect([lines(''), lines('a'), lines('a\n'), lines('a\nb'), lines('a\n\n')]).toEqual([
      0, 1, 1, 2, 2,
    ]);
  });

  test('add up every file under the folder, whatever its type, longest first', async () => {
    const root = repository({ 'scripts/a.ts': 3, 'scripts/sub/b.ts': 5, 'scripts/setup.sh': 4 });
    const [result] = await checkLineBudgets(root, [{ folder: 'scripts', under: 13 }]);
    expect(result).toMatchObject({ folder: 'scripts', lines: 12, within: true });
    expect(result?.files).toEqual([
      { file: 'scripts/sub/b.ts', lines: 5 },
      { file: 'scripts/setup.sh', lines: 4 },
      { file: 'scripts/a.ts', lines: 3 },
    ]);
  });

  test('are kept only below the budget, and a folder over it names its longest files', async () => {
    const root = repository({ 'scripts/a.ts': 7, 'scripts/b.ts': 5 });
    const results = await checkLineBudgets(root, [{ folder: 'scripts', under: 12 }]);
    expect(results[0]?.within).toBe(false);
    expect(formatLineBudgets(results)).toBe(
      'scripts/: 12 lines in 2 files (budget: under 12): 1 over. Move logic into src/lib/; the longest files:\n' +
        '  scripts/a.ts: 7\n' +
        '  scripts/b.ts: 5\n',
    );
  });

  test('name a budgeted folder that is missing', async () => {
    const root = repository({ 'src/a.ts': 1 });
    const checking = checkLineBudgets(root, [{ folder: 'scripts', under: 10 }]);
    await expect(checking).rejects.toBeInstanceOf(ConfigurationError);
    await expect(checking).rejects.toThrow(`scripts/ has a line budget but is not in ${root}`);
  });

  test('hold scripts/ under 1,800 lines', () => {
    expect(LINE_BUDGETS).toContainEqual({ folder: 'scripts', under: 1800 });
  });

  test('npm run lint:sizes exits 1 on a folder over its budget and 0 on the repository', async () => {
    const over = repository({ 'scripts/a.ts': 1800 });
    const failing = await runScript('lint-sizes', over, []);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain(
      'scripts/: 1,800 lines in 1 file (budget: under 1,800): 1 over',
    );
    const passing = await runScript('lint-sizes', path.resolve(import.meta.dirname, '../..'), []);
    expect(passing.code).toBe(0);
    expect(passing.stdout).toMatch(
      /^scripts\/: [\d,]+ lines in \d+ files \(budget: under 1,800\): ok\n$/,
    );
  });
});
