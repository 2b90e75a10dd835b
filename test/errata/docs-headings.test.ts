import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import * as docsHeadings from '../../src/lib/docs-headings';
import {
  SITE_DOCS_INSTANCES,
  anchorTargets,
  collectDocsHeadings,
  docLocation,
  pageHeadings,
} from '../../src/lib/docs-headings';
import { FIXTURE_SITE, PROJECT_DIR } from './fixture-site';

const docs = { path: 'docs', routeBasePath: '/' };

describe('docs-headings: heading ids as Docusaurus assigns them, without a build', () => {
  test('the library exports what the errata checks and the wording review use', () => {
    expect(Object.keys(docsHeadings).sort()).toEqual([
      'SITE_DOCS_INSTANCES',
      'anchorTargets',
      'collectDocsHeadings',
      'docLocation',
      'extractHeadings',
      'pageHeadings',
      'splitFrontMatter',
    ]);
  });

  test('each page lists its doc id, route and headings with depth, text, id and source line', async () => {
    const pages = await collectDocsHeadings(FIXTURE_SITE, [docs]);
    expect(pages.map((page) => [page.file, page.docId, page.route])).toEqual([
      ['docs/02-more/03-notes.mdx', 'more/notes', '/notes'],
      ['docs/guide/index.md', 'guide/index', '/guide/'],
    ]);
    expect(pages[1]?.headings).toEqual([
      { depth: 1, text: 'Fixture guide', id: 'fixture-guide', line: 5 },
      { depth: 2, text: 'The rule', id: 'the-rule', line: 7 },
      { depth: 2, text: 'The rule', id: 'the-rule-1', line: 11 },
      { depth: 2, text: 'Explicit id', id: 'kept-stable', line: 15 },
      { depth: 2, text: 'C_Initialize in the child', id: 'c_initialize-in-the-child', line: 17 },
    ]);
  });

  test('an MDX comment id is honoured and a heading inside a code block is not a heading', async () => {
    const [notes] = await collectDocsHeadings(FIXTURE_SITE, [docs]);
    expect(notes?.headings.map((heading) => heading.id)).toEqual(['notes', 'module-side']);
    expect(notes?.headings[1]?.text).toBe('Module side');
  });

  test('an MDX comment id works without spaces, and a comment on the next line is not an id', () => {
    const page = pageHeadings(
      '## Tight {/*#tight*/}\n\n## Loose\n{/* #not-an-id */}\n\n## Last\n',
      'a.mdx',
      docs,
    );
    expect(page.headings).toEqual([
      { depth: 2, text: 'Tight', id: 'tight', line: 1 },
      { depth: 2, text: 'Loose', id: 'loose', line: 3 },
      { depth: 2, text: 'Last', id: 'last', line: 6 },
    ]);
  });

  test('an explicit id does not take a slug, as in Docusaurus: a later same-text heading keeps its plain slug', () => {
    const page = pageHeadings('## Intro {#intro}\n\n## Intro\n\n## Intro\n', 'a.md', docs);
    expect(page.headings.map((heading) => heading.id)).toEqual(['intro', 'intro', 'intro-1']);
  });

  test('routes follow plugin-content-docs: index pages, number prefixes, slug and id front matter', () => {
    expect(docLocation('guide/index.md', {}, '/')).toEqual({
      docId: 'guide/index',
      route: '/guide/',
    });
    expect(docLocation('guide/guide.md', {}, '/')).toEqual({
      docId: 'guide/guide',
      route: '/guide/',
    });
    expect(docLocation('01-intro/02-setup.md', {}, '/')).toEqual({
      docId: 'intro/setup',
      route: '/intro/setup',
    });
    expect(docLocation('2021-11-notes.md', {}, '/')).toEqual({
      docId: '2021-11-notes',
      route: '/2021-11-notes',
    });
    expect(docLocation('a/b.md', { id: 'c' }, 'dogfood')).toEqual({
      docId: 'a/c',
      route: '/dogfood/a/c',
    });
    expect(docLocation('a/b.md', { slug: 'x' }, '/')).toEqual({ docId: 'a/b', route: '/a/x' });
    expect(docLocation('a/b.md', { slug: '/top' }, '/')).toEqual({ docId: 'a/b', route: '/top' });
  });

  test('front matter is skipped without shifting line numbers', () => {
    const page = pageHeadings('---\ntitle: T\nslug: /s\n---\n\n# Title\n', 'x.md', docs);
    expect(page.route).toBe('/s');
    expect(page.headings).toEqual([{ depth: 1, text: 'Title', id: 'title', line: 6 }]);
  });

  test('the real guide has the heading E-0001 points at', async () => {
    const targets = anchorTargets(await collectDocsHeadings(PROJECT_DIR));
    expect(targets.has('/guide/#the-rule-the-revision-is-built-on')).toBe(true);
  });

  test('the docs instance anchors are checked against is the one docusaurus.config.ts serves', async () => {
    const config = await readFile(path.join(PROJECT_DIR, 'docusaurus.config.ts'), 'utf8');
    for (const instance of SITE_DOCS_INSTANCES) {
      expect(config).toMatch(
        new RegExp(`path: '${instance.path}',\\s*routeBasePath: '${instance.routeBasePath}'`),
      );
    }
  });
});
