import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, test } from 'vitest';
import * as exported from '../../src/remark/scrollable-tables';

async function render(markdown: string): Promise<string> {
  const file = await unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(exported.default)
    .use(remarkRehype)
    .use(rehypeStringify)
    .process(markdown);
  return String(file);
}

describe('remarkScrollableTables', () => {
  test('exports the plugin as its default export', () => {
    expect(Object.keys(exported).sort()).toEqual(['default']);
  });

  test('makes every table focusable so a keyboard can scroll it', async () => {
    const html = await render('| a | b |\n| - | - |\n| 1 | 2 |\n\ntext\n\n| c |\n| - |\n| 3 |\n');
    expect(html.match(/<table tabindex="0">/g)).toHaveLength(2);
  });

  test('leaves documents without tables unchanged', async () => {
    expect(await render('# Title\n\nA paragraph.\n')).toBe('<h1>Title</h1>\n<p>A paragraph.</p>');
  });
});
