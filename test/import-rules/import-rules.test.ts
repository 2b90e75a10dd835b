import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkImportRules, readImportGraph } from '../../src/lib/import-rules';
import { writeTree } from '../support/file-tree';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PRODUCTION = ['src', 'scripts'];

describe('the import rules of ARCHITECTURE.md', () => {
  it('hold for the repository: no library imports the CLI module, nothing run imports test/, no cycle', () => {
    const edges = readImportGraph(ROOT, [...PRODUCTION, 'test/support']);
    // The graph is read for real: the CLIs import the libraries.
    expect(
      edges.some((edge) => edge.from.startsWith('scripts/') && edge.to.startsWith('src/lib/')),
    ).toBe(true);
    expect(checkImportRules(edges)).toEqual([]);
  });

  const scratch = mkdtempSync(path.join(os.tmpdir(), 'import-rules-'));
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  function tree(files: Record<string, string>): string {
    const root = mkdtempSync(path.join(scratch, 'tree-'));
    writeTree(root, files);
    return root;
  }

  it('names a library that imports the CLI module, with file and line', () => {
    const root = tree({
      'src/lib/cli/index.ts': 'export const x = 1;\n',
      'src/lib/errata/load.ts': "// loads\nimport { x } from '../cli';\nexport const y = x;\n",
    });
    expect(checkImportRules(readImportGraph(root, PRODUCTION))).toEqual([
      expect.objectContaining({
        file: 'src/lib/errata/load.ts',
        line: 2,
        rule: 'library-imports-cli',
      }),
    ]);
  });

  it('names production code that imports test support, but lets the benchmarks use it', () => {
    const root = tree({
      'test/support/github/index.ts': 'export const fake = 1;\n',
      'scripts/errata.ts': "import { fake } from '../test/support/github';\nvoid fake;\n",
      'scripts/bench-sync.ts': "import { fake } from '../test/support/github';\nvoid fake;\n",
      'src/lib/bench/sync/run.ts': "export { fake } from '../../../../test/support/github';\n",
    });
    const findings = checkImportRules(readImportGraph(root, [...PRODUCTION, 'test/support']));
    expect(findings.map((finding) => [finding.file, finding.rule])).toEqual([
      ['scripts/errata.ts', 'production-imports-test'],
    ]);
  });

  it('names a cycle through dynamic imports and re-exports', () => {
    const root = tree({
      'src/lib/a/index.ts': "export * from './one';\n",
      'src/lib/a/one.ts': "export const one = () => import('../b');\n",
      'src/lib/b/index.ts': "import { one } from '../a';\nexport const b = one;\n",
    });
    const findings = checkImportRules(readImportGraph(root, PRODUCTION));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.rule).toBe('import-cycle');
    expect(findings[0]?.message).toContain('src/lib/a/one.ts');
    expect(findings[0]?.message).toContain('src/lib/b/index.ts');
  });
});
