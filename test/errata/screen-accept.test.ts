/**
 * Screening a proposal is one command (issue #21): `screen accept <key>` with the human fields on
 * the command line, or `--edit` in $EDITOR, writes a record that passes validate — never a
 * placeholder — or writes nothing, keeps the proposal and says what is missing or wrong. An edit
 * that does not validate is kept, with findings placed in it.
 */
import { access, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { acceptProposal, validateErrata, type Erratum } from '../../src/lib/errata';
import { readTree } from '../support/file-tree';
import { runScript, type ScriptResult } from '../support/script';
import { createFixtureSite, type FixtureSite } from './fixture-site';

const KEY = 'github-example-usage-guide-9';
const PROPOSAL = `errata/inbox/${KEY}.yaml`;
const FAKE_EDITOR = `${process.execPath} ${path.join(import.meta.dirname, 'fake-editor.mjs')}`;

let site: FixtureSite;
beforeEach(async () => {
  site = await createFixtureSite();
});
afterEach(async () => {
  await site.remove();
});

const errataTree = () => readTree(path.join(site.dir, 'errata'));
const recordAt = async (file: string) => parse(await site.read(file)) as Erratum;

function errata(args: string[], env: Record<string, string> = {}): Promise<ScriptResult> {
  return runScript('errata', site.dir, args, env);
}

/** The edits a person makes in the prefilled record to complete it. */
const COMPLETING_EDITS: [string, string][] = [
  ["type: ''", 'type: editorial'],
  ['affects: []', "affects:\n  - document: ug-3.2-cn01\n    section: '2.6'"],
  ["anchor: ''", 'anchor: /guide/#kept-stable'],
  ["summary: ''", 'summary: |\n  The word sessions is misspelt.\n  It appears twice.'],
  ["original: ''", "original: 'Open a sesion: C_OpenSession.'"],
];

describe('screen accept with the fields on the command line (library)', () => {
  test('all fields given: a valid record with exactly that text, and the proposal is gone', async () => {
    const proposal = await site.read(PROPOSAL);
    const original = 'First line with "quotes" and a colon: here.\n  Indented second line.\n';
    const result = await acceptProposal(site.paths, KEY, {
      type: 'technical',
      affects: [{ document: 'ug-3.2-cn01', section: '2.6' }],
      anchor: '/guide/#c_initialize-in-the-child',
      summary: 'One line.',
      original,
      proposed: '# not a comment\n- not a list\n',
    });
    expect(result).toEqual({
      kind: 'accepted',
      id: 'E-0007',
      path: path.join(site.paths.errataDir, 'E-0007.yaml'),
    });
    const record = await recordAt('errata/E-0007.yaml');
    expect(record).toMatchObject({
      id: 'E-0007',
      title: 'Typo in the section on sessions',
      type: 'technical',
      status: 'reported',
      anchor: '/guide/#c_initialize-in-the-child',
      reported: { date: '2024-04-01', by: 'Grace Example', via: 'GitHub' },
      summary: 'One line.',
      history: [{ date: '2024-04-01', status: 'reported' }],
      threads: (parse(proposal) as { threads: unknown }).threads,
    });
    expect(record.original).toBe(original);
    expect(record.proposed).toBe('# not a comment\n- not a list\n');
    expect(await site.read('errata/E-0007.yaml')).not.toMatch(/TODO/);
    await expect(readFile(path.join(site.dir, PROPOSAL))).rejects.toThrow(/ENOENT/);
    expect((await validateErrata(site.paths)).findings).toEqual([]);
  });

  test('fields missing: each is named, nothing is written and the proposal stays as it was', async () => {
    const before = await errataTree();
    expect(await acceptProposal(site.paths, KEY, { summary: 'Only a summary.' })).toEqual({
      kind: 'incomplete',
      missing: ['type', 'affects', 'anchor', 'original'],
    });
    expect(await acceptProposal(site.paths, KEY, { summary: '   ', original: '' })).toEqual({
      kind: 'incomplete',
      missing: ['type', 'affects', 'anchor', 'summary', 'original'],
    });
    expect(await errataTree()).toEqual(before);
  });

  test('a record validate would reject is not written: the findings name the fields', async () => {
    const before = await errataTree();
    const result = await acceptProposal(site.paths, KEY, {
      type: 'editorial',
      affects: [{ document: 'ug-3.2-cn01', section: '2.6' }],
      anchor: '/guide/#no-such-heading',
      summary: 'TODO',
      original: 'Write to someone@example.org about it.',
    });
    if (result.kind !== 'invalid') throw new Error(`expected invalid, got ${result.kind}`);
    expect(result.findings.map((f) => `${f.field ?? ''} ${f.rule}`).sort()).toEqual([
      'anchor anchor',
      'original email',
      'summary placeholder',
    ]);
    expect(result.findings.find((f) => f.rule === 'anchor')?.message).toContain(
      '/guide/#no-such-heading is not a heading of the docs',
    );
    expect(await errataTree()).toEqual(before);
  });

  test('a proposal whose thread a record already cites is refused, so no thread is cited twice', async () => {
    // E-0001 of the fixtures cites issue 7 of example/usage-guide.
    const duplicate = (await site.read(PROPOSAL)).replaceAll('9', '7');
    await writeFile(path.join(site.paths.inboxDir, 'github-example-usage-guide-7.yaml'), duplicate);
    const before = await errataTree();
    const result = await acceptProposal(site.paths, 'github-example-usage-guide-7', {
      type: 'editorial',
      affects: [{ document: 'ug-3.2-cn01', section: '2.6' }],
      anchor: '/guide/#kept-stable',
      summary: 'Again.',
      original: 'Again.',
    });
    expect(result).toMatchObject({
      kind: 'invalid',
      findings: [
        { rule: 'already-screened', message: expect.stringContaining('E-0001') as string },
      ],
    });
    expect(await errataTree()).toEqual(before);
  });
});

describe('npm run errata -- screen accept', () => {
  test('every field as an option, long text from a file: exit 0, the path, the exact text', async () => {
    const original = 'Quoted from the guide, over\ntwo lines, with trailing spaces   \n';
    await writeFile(path.join(site.dir, 'original.txt'), original);
    const run = await errata([
      'screen',
      'accept',
      KEY,
      '--type',
      'editorial',
      '--affects',
      'ug-3.2-cn01:2.6',
      '--anchor',
      '/guide/#kept-stable',
      '--summary',
      'The word sessions is misspelt.',
      '--original',
      '@original.txt',
      '--proposed',
      '@@sessions',
    ]);
    expect(run, run.stderr).toMatchObject({ code: 0, stdout: 'errata/E-0007.yaml\n' });
    const record = await recordAt('errata/E-0007.yaml');
    expect(record.original).toBe(original);
    expect(record.proposed).toBe('@sessions');
    expect(record.summary).toBe('The word sessions is misspelt.');
    expect((await validateErrata(site.paths)).findings).toEqual([]);
  });

  test('fields missing: exit 2, each missing field by name, nothing written, the inbox intact', async () => {
    const before = await errataTree();
    const run = await errata(['screen', 'accept', KEY, '--type', 'editorial']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        `error: ${PROPOSAL} was not accepted; still missing:`,
        '  affects (--affects <document>:<section>)',
        '  anchor (--anchor <route#heading-id>)',
        '  summary (--summary <text|@file>)',
        '  original (--original <text|@file>)',
        'Nothing was written; the proposal is kept. Give them, or use --edit.',
        '',
      ].join('\n'),
    );
    expect(await errataTree()).toEqual(before);
  });

  test('--edit: the prefilled record completed in $EDITOR becomes a valid record', async () => {
    const log = path.join(site.dir, 'editor.log');
    const run = await errata(['screen', 'accept', KEY, '--edit'], {
      EDITOR: FAKE_EDITOR,
      FAKE_EDITOR_LOG: log,
      FAKE_EDITOR_EDITS: JSON.stringify(COMPLETING_EDITS),
    });
    expect(run, run.stderr).toMatchObject({ code: 0, stdout: 'errata/E-0007.yaml\n' });
    const record = await recordAt('errata/E-0007.yaml');
    expect(record).toMatchObject({
      id: 'E-0007',
      type: 'editorial',
      affects: [{ document: 'ug-3.2-cn01', section: '2.6' }],
      anchor: '/guide/#kept-stable',
      summary: 'The word sessions is misspelt.\nIt appears twice.\n',
      original: 'Open a sesion: C_OpenSession.',
    });
    // Left empty in the editor: there is no replacement text, and no empty field is written.
    expect(record).not.toHaveProperty('proposed');
    const text = await site.read('errata/E-0007.yaml');
    expect(text.split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../static/schemas/erratum.schema.json',
    );
    expect(text).not.toContain('Screening');
    await expect(readFile(path.join(site.dir, PROPOSAL))).rejects.toThrow(/ENOENT/);
    // Written: the editor's copy, a file of its own outside the checkout, is removed.
    const [copy, ...more] = (await readFile(log, 'utf8')).trim().split('\n');
    expect(more).toEqual([]);
    expect(path.isAbsolute(copy ?? '')).toBe(true);
    expect(path.relative(site.dir, copy ?? '').startsWith('..')).toBe(true);
    await expect(access(copy ?? '')).rejects.toThrow(/ENOENT/);
    expect((await validateErrata(site.paths)).findings).toEqual([]);
  });

  test('--edit that does not validate: findings at file:line:column, nothing written, the edit kept and resumable', async () => {
    const before = await errataTree();
    const run = await errata(['screen', 'accept', KEY, '--edit', '--anchor', '/guide/#the-rule'], {
      EDITOR: FAKE_EDITOR,
      FAKE_EDITOR_EDITS: JSON.stringify([
        ["type: ''", 'type: cosmetic'],
        ['anchor: /guide/#the-rule', 'anchor: /guide/#no-such-heading'],
        ["summary: ''", 'summary: TODO'],
        ['    issue: 9', '    issue: 10'],
      ]),
    });
    expect(run.code).toBe(2);
    expect(await errataTree()).toEqual(before);
    const kept = /^Your edit is kept in (\S+);/m.exec(run.stderr)?.[1];
    if (kept === undefined) throw new Error(`no kept file in:\n${run.stderr}`);
    expect(path.basename(kept)).toBe(`${KEY}.yaml`);
    const edited = await readFile(kept, 'utf8');
    expect(edited).toContain('type: cosmetic\n');
    const lines = edited.split('\n');
    const place = (text: string, column: number) =>
      `${kept}:${lines.findIndex((line) => line.startsWith(text)) + 1}:${column}`;
    expect(run.stderr).toContain(`${place('type: cosmetic', 7)}: type: "cosmetic" is not a type`);
    expect(run.stderr).toContain(`${place('affects: []', 10)}: affects: name at least one`);
    expect(run.stderr).toContain(`${place("original: ''", 11)}: original: the original text`);
    expect(run.stderr).toContain(`${place('anchor:', 9)}: anchor: /guide/#no-such-heading is not`);
    expect(run.stderr).toContain(`${place('summary: TODO', 10)}: summary: TODO left here`);
    expect(run.stderr).toContain(`${place('threads:', 1)}: threads: threads are the citations`);
    expect(run.stderr).toContain('Nothing was written; the proposal is kept.');
    expect(run.stderr).toContain(
      `continue with: npm run errata -- screen accept ${KEY} --edit --resume ${kept}`,
    );

    const resumed = await errata(['screen', 'accept', KEY, '--edit', '--resume', kept], {
      EDITOR: FAKE_EDITOR,
      FAKE_EDITOR_EDITS: JSON.stringify([
        ['type: cosmetic', 'type: editorial'],
        ['affects: []', "affects:\n  - document: ug-3.2-cn01\n    section: '2.6'"],
        ['anchor: /guide/#no-such-heading', 'anchor: /guide/#the-rule'],
        ['summary: TODO', 'summary: Misspelt.'],
        ["original: ''", 'original: Sesion.'],
        ['    issue: 10', '    issue: 9'],
      ]),
    });
    expect(resumed, resumed.stderr).toMatchObject({ code: 0, stdout: 'errata/E-0007.yaml\n' });
    expect(await recordAt('errata/E-0007.yaml')).toMatchObject({
      type: 'editorial',
      anchor: '/guide/#the-rule',
      summary: 'Misspelt.',
    });
    // The resumed run worked on a copy; the kept edit is left where it was printed.
    expect(await readFile(kept, 'utf8')).toBe(edited);
  });

  test('--edit when the editor fails: nothing written, the edit kept; without $EDITOR: exit 2 before anything', async () => {
    const before = await errataTree();
    const failed = await errata(['screen', 'accept', KEY, '--edit'], {
      EDITOR: FAKE_EDITOR,
      FAKE_EDITOR_EDITS: JSON.stringify(COMPLETING_EDITS),
      FAKE_EDITOR_EXIT: '3',
    });
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('exited with status 3');
    expect(failed.stderr).toMatch(/Your edit is kept in \S+/);
    expect(await errataTree()).toEqual(before);

    const noEditor = await errata(['screen', 'accept', KEY, '--edit'], { EDITOR: '' });
    expect(noEditor.code).toBe(2);
    expect(noEditor.stderr).toContain('--edit needs an editor in $EDITOR');
    expect(await errataTree()).toEqual(before);
  });

  test('--help documents the fields, the @file convention and --edit', async () => {
    const help = await errata(['screen', '--help']);
    expect(help.code).toBe(0);
    for (const option of [
      '--summary',
      '--original',
      '--proposed',
      '--anchor',
      '--edit',
      '--resume',
    ]) {
      expect(help.stdout).toContain(`  ${option} `);
    }
    expect(help.stdout).toContain('A value @path is read from that file');
  });
});
