import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createSlugger } from '@docusaurus/utils';
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, test } from 'vitest';
import * as exported from '../../src/remark/errata-notices';

const siteDir = path.resolve(import.meta.dirname, '../fixtures/errata/site');

/** Stands in for Docusaurus's own heading-id plugin, which runs before ours in the site. */
function headingIds() {
  return (tree: Root): void => {
    const slugger = createSlugger();
    visit(tree, 'heading', (node) => {
      node.data = {
        ...node.data,
        hProperties: { ...node.data?.hProperties, id: slugger.slug(toString(node)) },
      };
    });
  };
}

async function render(file: string): Promise<string> {
  const processed = await unified()
    .use(remarkParse)
    .use(headingIds)
    .use(exported.default, { siteDir })
    .use(remarkRehype)
    .use(rehypeStringify)
    .process({
      value: await readFile(path.join(siteDir, file), 'utf8'),
      path: path.join(siteDir, file),
    });
  return String(processed);
}

describe('remarkErrataNotices', () => {
  test('the plugin is the default export', () => {
    expect(Object.keys(exported).sort()).toEqual(['default']);
  });

  test('puts one notice per erratum, of every status, right under the heading it names', async () => {
    const html = await render('docs/guide/index.md');
    const notices = [
      ...html.matchAll(
        /<aside class="erratum-notice erratum-notice--([a-z-]+)" aria-label="Erratum (E-\d{4})">/g,
      ),
    ];
    expect(notices.map((match) => `${match[2]}:${match[1]}`)).toEqual([
      'E-0001:reported',
      'E-0002:under-review',
      'E-0003:accepted',
      'E-0004:rejected',
      'E-0005:held-for-revision',
      'E-0006:resolved',
    ]);
    // Under the first "The rule" heading, before its text, not under the repeated one.
    expect(html.indexOf('<h2 id="the-rule">')).toBeLessThan(html.indexOf('<aside'));
    expect(html.lastIndexOf('</aside>')).toBeLessThan(html.indexOf('<p>Text.</p>'));
  });

  test('each notice says id, status and title, gives the summary as text and links its page and the report route', async () => {
    const html = await render('docs/guide/index.md');
    expect(html).toContain('<strong>Erratum E-0004</strong> (rejected):');
    expect(html).toContain('A demo summary for the fixture record.');
    expect(html).toContain('<a href="/errata/E-0004">Read E-0004</a>');
    expect(html).toContain('<a href="/errata#report">Report an erratum</a>');
  });

  test('pages no erratum names are left unchanged', async () => {
    const html = await render('docs/02-more/03-notes.mdx');
    expect(html).toContain('<h1');
    expect(html).not.toContain('erratum-notice');
  });
});
