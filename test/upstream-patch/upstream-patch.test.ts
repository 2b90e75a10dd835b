/**
 * `upstream-patch` on the project's synthetic Usage Guide folder (test/fixtures/usage-guide-src):
 * the patch `git apply` accepts, every byte outside the section body and the new revision row
 * unchanged, the TC's conventions in the converted text, the patched folder built by Debian's
 * pandoc with the TC's HTML flags (minus `+mark`, which pandoc 2.17 lacks) without warnings, and
 * the CLI's exit codes for bad input.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { convert } from 'pandoc-wasm';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';

import { UPSTREAM_DOCUMENTS, type UpstreamDocument } from '../../src/config';
import { DOCUMENT_IDS } from '../../src/lib/errata/schema';
import { PROPOSED_TEXT_FILE } from '../../src/lib/recommendations';
import {
  addRevisionRow,
  buildUpstreamPatch,
  convertProposedText,
  tcDate,
  unifiedDiff,
} from '../../src/lib/upstream-patch';
import { findSection, listHeadings, openLocalSource } from '../../src/lib/usage-guide-source';
import { PROJECT_DIR, runScript } from '../support/script';

const FIXTURE = path.join(PROJECT_DIR, 'test', 'fixtures', 'usage-guide-src');
const DOCUMENT = UPSTREAM_DOCUMENTS['ug-3.2-cn01'] as UpstreamDocument;
const DATE = new Date('2026-12-06T00:00:00Z');

/**
 * The TC's `make html` (working/doc/ug/Makefile) as pandoc defaults: markdown-implicit_figures+mark,
 * standalone, a table of contents to depth 6, numbered sections, their TOC title. Only
 * `--highlight-style code.theme` is left out: the theme file is theirs and the fixture holds none.
 * pandoc 3 (pandoc-wasm, the pandoc project's WebAssembly build) runs these flags as they are;
 * Debian 12's pandoc 2.17 lacks the `mark` extension.
 */
const TC_HTML_OPTIONS = {
  from: 'markdown-implicit_figures+mark',
  to: 'html',
  standalone: true,
  'table-of-contents': true,
  'toc-depth': 6,
  'number-sections': true,
  variables: { 'toc-title': 'Table of Contents' },
};

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

let proposedPage = '';
beforeAll(async () => {
  proposedPage = await readFile(path.join(PROJECT_DIR, PROPOSED_TEXT_FILE), 'utf8');
});

/** A git repository holding a copy of the fixture at the TC's path, working/doc/ug. */
async function checkout(): Promise<{ root: string; folder: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'tc-checkout-'));
  temps.push(root);
  const folder = path.join(root, 'working', 'doc', 'ug');
  await mkdir(folder, { recursive: true });
  await cp(FIXTURE, folder, { recursive: true });
  execFileSync('git', ['init', '-q'], { cwd: root });
  return { root, folder };
}

async function patchOf(folder: string) {
  return buildUpstreamPatch({
    source: openLocalSource(folder),
    document: DOCUMENT,
    proposedPage,
    date: DATE,
    editor: 'Ada Example',
  });
}

describe('the upstream mapping in the site configuration', () => {
  test('is keyed by document ids the errata records use', () => {
    for (const id of Object.keys(UPSTREAM_DOCUMENTS)) expect(DOCUMENT_IDS).toContain(id);
  });
});

describe('converting the proposed text to the TC conventions', () => {
  test('drops the section heading and puts the subsections one level below the section', () => {
    const markdown = convertProposedText(proposedPage, { targetLevel: 3 });
    const headings = listHeadings(markdown);
    expect(headings.length).toBeGreaterThan(0);
    expect(headings.every((h) => h.level === 4)).toBe(true);
    expect(headings.every((h) => h.id !== undefined)).toBe(true);
    expect(markdown).not.toMatch(/Applications and processes/);
  });

  test('sets function names in bold, keeps return values in code, leaves no HTML', () => {
    const markdown = convertProposedText(proposedPage, { targetLevel: 3 });
    expect(markdown).toMatch(/\*\*C_Initialize\*\*/);
    expect(markdown).not.toMatch(/`C_Initialize`/);
    expect(markdown).toMatch(/`CKR_CRYPTOKI_ALREADY_INITIALIZED`/);
    expect(markdown).not.toMatch(/<!--|<[A-Za-z]/);
  });

  test('turns links into the site into plain prose and keeps external links', () => {
    const page = proposedPage.replace(
      '### Long-lived children {#long-lived-children}\n',
      '### Long-lived children {#long-lived-children}\n\nSee [the decision chart](/guide/decision-chart) and [also](https://example.org/guide/x).\n',
    );
    const markdown = convertProposedText(page, {
      targetLevel: 3,
      siteUrl: 'https://example.org/',
    });
    expect(markdown).toMatch(/See the decision chart and also\./);
    expect(markdown).toMatch(/\[`fork\(\)`\]\(https:\/\/pubs\.opengroup\.org\//);
  });

  test('refuses JSX, which the TC sources cannot take', () => {
    const page = proposedPage.replace(
      '### Long-lived children {#long-lived-children}\n',
      '### Long-lived children {#long-lived-children}\n\n<Claim id="x" />\n',
    );
    expect(() => convertProposedText(page, { targetLevel: 3 })).toThrow(/HTML or JSX/);
  });
});

describe('the revision row', () => {
  test('is the next working draft, dated the TC way, padded to the columns', () => {
    const text =
      '| Revision | Date        |\n|----------|-------------|\n| WD09     | 01 Jan 2025 |\n';
    const inserted = addRevisionRow(text, 'R.md', { date: DATE, editor: 'E', summary: 'x' });
    expect(inserted.row.revision).toBe('WD10');
    expect(tcDate(DATE)).toBe('06 Dec 2026');
    expect(inserted.text.split('\n')[3]).toBe('| WD10     | 06 Dec 2026 | E | x |');
  });
});

describe('the patch on the synthetic Usage Guide folder', () => {
  test('git apply accepts it, and only the section body and one row change', async () => {
    const { root, folder } = await checkout();
    const result = await patchOf(folder);
    const before = await readFile(path.join(folder, 'General_Overview.md'), 'utf8');
    const historyBefore = await readFile(path.join(folder, 'Revision_History.md'), 'utf8');
    const patchFile = path.join(root, 'change.patch');
    await writeFile(patchFile, result.patch);
    execFileSync('git', ['apply', '--check', patchFile], { cwd: root });
    execFileSync('git', ['apply', patchFile], { cwd: root });

    const after = await readFile(path.join(folder, 'General_Overview.md'), 'utf8');
    const oldSection = findSection(before, 'before', DOCUMENT);
    const newSection = findSection(after, 'after', DOCUMENT);
    expect(after.slice(0, newSection.bodyStart)).toBe(before.slice(0, oldSection.bodyStart));
    expect(after.slice(newSection.bodyEnd)).toBe(before.slice(oldSection.bodyEnd));
    expect(newSection.body.trim()).toBe(result.markdown.trim());

    const history = await readFile(path.join(folder, 'Revision_History.md'), 'utf8');
    const added = history.split('\n').filter((line) => !historyBefore.split('\n').includes(line));
    expect(added).toEqual([
      `| WD03     | 06 Dec 2026 | Ada Example     | ${DOCUMENT.revisionSummary} |`,
    ]);
    expect(history.replace(`${added[0] ?? ''}\n`, '')).toBe(historyBefore);
  });

  test('pandoc 3 builds the patched folder without warnings, headings and lists intact', async () => {
    const { root, folder } = await checkout();
    const result = await patchOf(folder);
    await writeFile(path.join(root, 'change.patch'), result.patch);
    execFileSync('git', ['apply', 'change.patch'], { cwd: root });
    const chapters = (await readFile(path.join(folder, 'files.txt'), 'utf8')).trim().split('\n');
    const files: Record<string, string> = {};
    for (const name of chapters) files[name] = await readFile(path.join(folder, name), 'utf8');
    const run = await convert({ ...TC_HTML_OPTIONS, 'input-files': chapters }, null, files);
    // pandoc's command line prints WARNING and ERROR by default; INFO (no `lang`) it keeps quiet.
    expect(run.warnings.filter((warning) => warning.verbosity !== 'INFO')).toEqual([]);
    expect(run.stderr).toBe('');
    const html = run.stdout;
    for (const heading of listHeadings(result.markdown)) {
      // Numbered under §2.2.2 of the synthetic guide, with the id the converter kept.
      expect(html).toMatch(
        new RegExp(`<h4\\s+data-number="2\\.2\\.2\\.\\d+"\\s+id="${heading.id ?? ''}"`),
      );
    }
    // Every numbered list of the text is an ordered list in HTML (the TOC and the fixture use <ul>).
    const lists = (result.markdown.match(/^1\. /gm) ?? []).length;
    expect(lists).toBe(3);
    expect((html.match(/<ol\b/g) ?? []).length).toBe(lists);
    expect(html).toMatch(/<strong>C_Initialize<\/strong>/);
  });

  test('a folder that already holds the text gives an empty patch', async () => {
    const { root, folder } = await checkout();
    await writeFile(path.join(root, 'change.patch'), (await patchOf(folder)).patch);
    execFileSync('git', ['apply', 'change.patch'], { cwd: root });
    expect((await patchOf(folder)).patch).toBe('');
  });

  test('a diff of a file without a final newline says so', () => {
    expect(unifiedDiff('f', 'a\nb', 'a\nc')).toBe(
      'diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n',
    );
  });
});

describe('npm run guide -- upstream-patch', () => {
  test('prints the patch, the markdown or a JSON summary', async () => {
    const patch = await runScript('guide', PROJECT_DIR, [
      'upstream-patch',
      '--source',
      FIXTURE,
      '--date',
      '2026-12-06',
    ]);
    expect(patch.code).toBe(0);
    expect(patch.stdout).toMatch(/^diff --git a\/working\/doc\/ug\/General_Overview\.md/);
    const json = await runScript('guide', PROJECT_DIR, [
      'upstream-patch',
      '--source',
      FIXTURE,
      '--format',
      'json',
    ]);
    expect(json.code).toBe(0);
    const summary = JSON.parse(json.stdout) as { document: string; revision: { revision: string } };
    expect(summary.document).toBe('ug-3.2-cn01');
    expect(summary.revision.revision).toBe('WD03');
  });

  test('bad input exits 2 with one clear error and writes nothing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tc-bad-'));
    temps.push(dir);
    await cp(FIXTURE, dir, { recursive: true });
    const chapter = path.join(dir, 'General_Overview.md');
    const text = await readFile(chapter, 'utf8');
    await writeFile(chapter, `${text}\n### Applications and processes\n\nTwice.\n`);
    const result = await runScript('guide', PROJECT_DIR, ['upstream-patch', '--source', dir]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /error: .*General_Overview\.md: heading "### Applications and processes" appears 2 times/,
    );
    expect(await readFile(chapter, 'utf8')).toBe(
      `${text}\n### Applications and processes\n\nTwice.\n`,
    );
  });
});
