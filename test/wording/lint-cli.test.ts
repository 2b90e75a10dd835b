/**
 * `npm run lint:wording`: the guide is clean, a page with one planted problem per rule fails
 * with each one reported where it is, and the CLI's formats and exit codes hold.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_DIR, runScript } from '../support/script';

const PLANTED = path.join('test', 'fixtures', 'wording-lint', 'planted.mdx');

describe('npm run lint:wording', () => {
  it('finds the guide clean', async () => {
    const result = await runScript('lint-wording', PROJECT_DIR, []);
    expect(result.stdout).toMatch(/page\(s\) checked: wording clean\.\n$/);
    expect(result.code).toBe(0);
  });

  it('catches each planted problem, where it is', async () => {
    const result = await runScript('lint-wording', PROJECT_DIR, [PLANTED, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      checked: number;
      findings: { file: string; line: number; col: number; rule: string; message: string }[];
    };
    expect(report.checked).toBe(1);
    expect(
      report.findings.map(({ line, col, rule }) => `${String(line)}:${String(col)} ${rule}`),
    ).toEqual([
      '8:9 bcp14-keywords',
      '8:43 pkcs11-identifiers',
      '10:7 posix-links',
      '10:21 pkcs11-identifiers',
      // a digit count, a number word and a percentage, typed by hand
      '15:13 measured-figures',
      '15:36 measured-figures',
      '15:58 measured-figures',
    ]);
    expect(report.findings[1]?.message).toContain('did you mean `C_OpenSession`?');
    expect(
      report.findings.every((finding) => finding.file === 'test/fixtures/wording-lint/planted.mdx'),
    ).toBe(true);
  });

  it('prints workflow annotations with --format github', async () => {
    const result = await runScript('lint-wording', PROJECT_DIR, [PLANTED, '--format', 'github']);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      '::error file=test/fixtures/wording-lint/planted.mdx,line=8,col=9,endLine=8,endColumn=13,title=wording bcp14-keywords::Upper-case `MUST` is a BCP 14 keyword, which this non-normative guide does not use: write "must", or mark a quotation of the specification (quotation marks, block quote or a spec-quote comment)',
    );
    expect(lines.at(-1)).toBe('1 page(s) checked: 7 finding(s).');
  });

  it('documents every rule with --rules', async () => {
    const result = await runScript('lint-wording', PROJECT_DIR, ['--rules']);
    expect(result.code).toBe(0);
    for (const id of ['bcp14-keywords', 'pkcs11-identifiers', 'posix-links', 'measured-figures']) {
      expect(result.stdout).toContain(`pkcs11-wording:${id}: `);
    }
  });

  it('exits 2 on a path that does not exist or is not a page', async () => {
    const missing = await runScript('lint-wording', PROJECT_DIR, ['no-such-folder']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no-such-folder: no such file or folder');
    const notPage = await runScript('lint-wording', PROJECT_DIR, ['package.json']);
    expect(notPage.code).toBe(2);
    expect(notPage.stderr).toContain('package.json: not a .md or .mdx page');
  });
});
