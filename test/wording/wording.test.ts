import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { collectDocsHeadings } from '../../src/lib/docs-headings';
import {
  compareKeywords,
  diffDocuments,
  findKeywords,
  parseSections,
  splitSentences,
  type Section,
} from '../../src/lib/wording';

const siteDir = path.resolve(import.meta.dirname, '../..');
const fixturesDir = path.resolve(import.meta.dirname, '../fixtures/wording');

function ids(sections: readonly Section[]): string[] {
  return sections.slice(1).map((section) => section.id);
}

function keys(text: string): string[] {
  return splitSentences(text, 1).map((sentence) => sentence.key);
}

describe('diffDocuments on fixture pairs', () => {
  const cases = readdirSync(fixturesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  test('finds the fixture pairs', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'added-removed-sections',
        'lowercase-should-to-must',
        'mdx-component-props',
        'moved-and-changed',
        'renamed-section',
        'rewrap-only',
        'should-to-must',
        'must-not-to-may',
      ]),
    );
  });

  test.each(cases)('%s', (name) => {
    const dir = path.join(fixturesDir, name);
    // A pair named base.mdx/head.mdx is parsed as MDX, base.md/head.md as CommonMark.
    const mdx = existsSync(path.join(dir, 'base.mdx'));
    const extension = mdx ? 'mdx' : 'md';
    const base = readFileSync(path.join(dir, `base.${extension}`), 'utf8');
    const head = readFileSync(path.join(dir, `head.${extension}`), 'utf8');
    const expected: unknown = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8'));
    expect(diffDocuments(base, head, { mdx })).toEqual(expected);
  });
});

describe('diffDocuments', () => {
  test('ignores extra spaces and re-wrapping', () => {
    const base = '## A {#a}\n\nA module MUST detect a fork. It then resets its state.\n';
    const head = '## A {#a}\n\nA  module   MUST\ndetect a fork.   It then\nresets its state.\n';
    expect(diffDocuments(base, head, { mdx: false })).toEqual([]);
  });

  test('reports an unrelated replacement as a removal and an addition', () => {
    const base = '## A {#a}\n\nThe child calls exec at once.\n';
    const head = '## A {#a}\n\nModules differ widely here.\n';
    const [change] = diffDocuments(base, head, { mdx: false });
    expect(change?.sentences.map((sentence) => sentence.kind)).toEqual(['removed', 'added']);
  });

  test('reports a changed code block as a change named code', () => {
    const base = '## A {#a}\n\n```c\nfork();\n```\n';
    const head = '## A {#a}\n\n```c\nvfork();\n```\n';
    expect(diffDocuments(base, head, { mdx: false })).toEqual([
      {
        kind: 'changed',
        id: 'a',
        title: 'A',
        sentences: [],
        components: [
          {
            kind: 'changed',
            name: 'code',
            before: { lang: 'c', value: 'fork();' },
            after: { lang: 'c', value: 'vfork();' },
          },
        ],
      },
    ]);
  });

  test('reports a retitled section that keeps its explicit id as changed', () => {
    const base = '## Old title {#same}\n\nText.\n';
    const head = '## New title {#same}\n\nText.\n';
    expect(diffDocuments(base, head, { mdx: false })).toEqual([
      {
        kind: 'changed',
        id: 'same',
        title: 'New title',
        beforeTitle: 'Old title',
        sentences: [],
        components: [],
      },
    ]);
  });
});

describe('parseSections heading ids', () => {
  test('honours explicit ids in .md and .mdx', () => {
    const md = '## First {#one}\n\n## Second <!-- #two -->\n\n## Third\n';
    expect(ids(parseSections(md, { mdx: false }))).toEqual(['one', 'two', 'third']);
    const mdx = '## First {/* #one */}\n\n## Second {#two}\n\n## Third {/* not an id */}\n';
    // A comment that names no id stays in the heading text Docusaurus slugs (its getHeadingText
    // leaves only html/jsx nodes out), so the comment's words end up in the id.
    expect(ids(parseSections(mdx, { mdx: true }))).toEqual(['one', 'two', 'third--not-an-id-']);
  });

  test('drops the explicit id from the title', () => {
    const sections = parseSections('## First `x` {/* #one */}\n', { mdx: true });
    expect(sections[1]).toMatchObject({ id: 'one', title: 'First x' });
  });

  test('numbers duplicates in document order; explicit ids do not count', () => {
    const md = '# Setup\n\n## Setup\n\n## Setup {#setup}\n\n## Setup\n';
    expect(ids(parseSections(md, { mdx: false }))).toEqual([
      'setup',
      'setup-1',
      'setup',
      'setup-2',
    ]);
  });

  test('slugs punctuation and non-ASCII as GitHub does', () => {
    const md = "## What's new? (v3.2)\n\n## Überblick & Ärger\n\n## `C_Initialize()` again\n";
    expect(ids(parseSections(md, { mdx: false }))).toEqual([
      'whats-new-v32',
      'überblick--ärger',
      'c_initialize-again',
    ]);
  });

  test('gives depth, ancestor path, line and own blocks', () => {
    const md = [
      '---',
      'title: T',
      '---',
      'Intro.',
      '',
      '# Top',
      '',
      '## Child',
      '',
      'Text.',
      '',
      '```sh',
      'ls',
      '```',
      '',
      '### Grandchild',
      '',
      '## Sibling',
    ].join('\n');
    const sections = parseSections(md, { mdx: false });
    expect(
      sections.map(({ id, depth, path: ancestors, line }) => ({ id, depth, ancestors, line })),
    ).toEqual([
      { id: '', depth: 0, ancestors: [], line: 1 },
      { id: 'top', depth: 1, ancestors: [], line: 6 },
      { id: 'child', depth: 2, ancestors: ['top'], line: 8 },
      { id: 'grandchild', depth: 3, ancestors: ['top', 'child'], line: 16 },
      { id: 'sibling', depth: 2, ancestors: ['top'], line: 18 },
    ]);
    expect(sections[0]?.blocks).toEqual([{ kind: 'text', text: 'Intro.', line: 4 }]);
    expect(sections[2]?.blocks).toEqual([
      { kind: 'text', text: 'Text.', line: 10 },
      { kind: 'code', lang: 'sh', value: 'ls', line: 12 },
    ]);
  });

  test('turns JSX components into component blocks with their props', () => {
    const mdx =
      'Some text <Claim id="c1" /> here.\n\n<Note kind="warn" open count={2}>\nBody\n</Note>\n';
    const blocks = parseSections(mdx, { mdx: true })[0]?.blocks ?? [];
    expect(blocks.map((block) => (block.kind === 'component' ? block.props : block))).toEqual([
      { kind: 'text', text: 'Some text  here.', line: 1 },
      { id: 'c1' },
      { kind: 'warn', open: 'true', count: '{2}', children: 'Body' },
    ]);
  });

  test('gives every heading of docs/guide the id Docusaurus gives it', async () => {
    // The oracle is src/lib/docs-headings, which follows @docusaurus/mdx-loader's heading rules
    // (comment ids, classic {#id}, one createSlugger per file) with a separate implementation.
    const pages = (await collectDocsHeadings(siteDir)).filter((page) =>
      page.file.startsWith('docs/guide/'),
    );
    expect(pages.length).toBeGreaterThan(5);
    for (const page of pages) {
      const source = readFileSync(path.join(siteDir, page.file), 'utf8');
      const sections = parseSections(source, { mdx: page.file.endsWith('.mdx') });
      const mine = sections.slice(1).map(({ id, line }) => ({ id, line }));
      const oracle = page.headings.map(({ id, line }) => ({ id, line }));
      expect({ file: page.file, headings: mine }).toEqual({ file: page.file, headings: oracle });
    }
  });
});

describe('splitSentences', () => {
  test('splits at full stops followed by a capital, with line numbers', () => {
    expect(splitSentences('One thing. Another\nthing! A third?', 7)).toEqual([
      { text: 'One thing.', key: 'One thing.', line: 7 },
      { text: 'Another\nthing!', key: 'Another thing!', line: 7 },
      { text: 'A third?', key: 'A third?', line: 8 },
    ]);
  });

  test('does not split at abbreviations, versions or section numbers', () => {
    expect(
      keys(
        'Use a helper, e.g. Fork servers, i.e. Daemons, cf. Section 2. See §2.5.2 and v3.2 now.',
      ),
    ).toEqual([
      'Use a helper, e.g. Fork servers, i.e. Daemons, cf. Section 2.',
      'See §2.5.2 and v3.2 now.',
    ]);
    expect(keys('Files, sockets, etc. are the module\'s. Then "e.g." Fits.')).toEqual([
      "Files, sockets, etc. are the module's.",
      'Then "e.g." Fits.',
    ]);
  });

  test('ends a sentence after etc. when a new one starts', () => {
    expect(keys('Locks, files, etc. The child has them all.')).toEqual([
      'Locks, files, etc.',
      'The child has them all.',
    ]);
  });

  test('does not split inside inline code', () => {
    expect(keys('Call `C_Initialize(). Then C_Login()` first. Done.')).toEqual([
      'Call `C_Initialize(). Then C_Login()` first.',
      'Done.',
    ]);
    expect(keys('Call C_Initialize() first. It returns CKR_OK.')).toEqual([
      'Call C_Initialize() first.',
      'It returns CKR_OK.',
    ]);
  });

  test('treats list items and blank lines as boundaries', () => {
    expect(splitSentences('Steps:\n- fork the child\n- exec\n\nthen wait', 3)).toEqual([
      { text: 'Steps:', key: 'Steps:', line: 3 },
      { text: 'fork the child', key: 'fork the child', line: 4 },
      { text: 'exec', key: 'exec', line: 5 },
      { text: 'then wait', key: 'then wait', line: 7 },
    ]);
  });
});

describe('findKeywords', () => {
  test('counts MUST NOT once, not as MUST and NOT', () => {
    expect(findKeywords('A module MUST NOT hang.')).toEqual([
      { keyword: 'MUST NOT', form: 'bcp14', strength: 3, index: 9 },
    ]);
  });

  test('finds every keyword, longest first', () => {
    const found = findKeywords(
      'It SHALL NOT, SHOULD NOT, is NOT RECOMMENDED, REQUIRED, RECOMMENDED, OPTIONAL, MAY, SHALL.',
    );
    expect(found.map((use) => [use.keyword, use.strength])).toEqual([
      ['SHALL NOT', 3],
      ['SHOULD NOT', 2],
      ['NOT RECOMMENDED', 2],
      ['REQUIRED', 3],
      ['RECOMMENDED', 2],
      ['OPTIONAL', 1],
      ['MAY', 1],
      ['SHALL', 3],
    ]);
  });

  test('ignores inline code', () => {
    expect(findKeywords('Set `MUST` and ``a ` MAY`` then.')).toEqual([]);
  });

  test('finds lower-case look-alikes, across line breaks', () => {
    expect(
      findKeywords('It must\nnot hang; it should retry and may log. Mustard is fine.').map(
        (use) => [use.keyword, use.form],
      ),
    ).toEqual([
      ['must not', 'lowercase'],
      ['should', 'lowercase'],
      ['may', 'lowercase'],
    ]);
  });
});

describe('compareKeywords', () => {
  test('ranks keywords by strength', () => {
    expect(compareKeywords('It MUST NOT.', 'It MAY.').kind).toBe('weakened');
    expect(compareKeywords('It MAY.', 'It SHALL.').kind).toBe('strengthened');
    expect(compareKeywords('It should.', 'It SHOULD.').kind).toBe('unchanged');
    expect(compareKeywords('It helps.', 'It MUST.')).toEqual({
      kind: 'added',
      before: [],
      after: ['MUST'],
    });
    expect(compareKeywords('It is REQUIRED.', 'It helps.')).toEqual({
      kind: 'removed',
      before: ['REQUIRED'],
      after: [],
    });
  });
});
