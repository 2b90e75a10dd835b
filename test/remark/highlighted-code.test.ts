import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { Root } from 'mdast';
import { describe, expect, test } from 'vitest';
import * as exported from '../../src/remark/highlighted-code';

/** The `highlightedHtml` the plugin gives each code block, in document order. */
async function highlighted(markdown: string): Promise<(string | undefined)[]> {
  const processor = unified()
    .use(remarkParse)
    .use(exported.default, { additionalLanguages: ['bash'] });
  const tree = (await processor.run(processor.parse(markdown))) as Root;
  return tree.children
    .filter((node) => node.type === 'code')
    .map((node) => node.data?.hProperties?.highlightedHtml as string | undefined);
}

describe('remarkHighlightedCode', () => {
  test('exports the plugin and the highlighter', () => {
    expect(Object.keys(exported).sort()).toEqual(['default', 'highlightToHtml']);
  });

  test('gives a C block its lines as token-classed HTML, one div per line ending in its newline', async () => {
    const [html] = await highlighted('```c\nstatic int x = 1;\n\nreturn x;\n```\n');
    expect(html).toBe(
      '<div class="token-line"><span class="token keyword">static</span> ' +
        '<span class="token keyword">int</span> x <span class="token operator">=</span> ' +
        '<span class="token number">1</span><span class="token punctuation">;</span>\n</div>' +
        '<div class="token-line">\n</div>' +
        '<div class="token-line"><span class="token keyword">return</span> x' +
        '<span class="token punctuation">;</span>\n</div>',
    );
  });

  test('keeps the text of the lines exactly, escaped for HTML', async () => {
    const code = 'if (a < b && c > "d") {}\n  x &= 1;';
    const [html] = await highlighted(`\`\`\`c\n${code}\n\`\`\`\n`);
    const text = (html ?? '')
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    expect(text).toBe(`${code}\n`);
    expect(html).not.toMatch(/<(?!\/?(?:div|span)[ >])/);
  });

  test('highlights the additional languages it was given (bash, and sh through it)', async () => {
    const [bash, sh] = await highlighted('```bash\necho "$HOME"\n```\n\n```sh\nls\n```\n');
    expect(bash).toContain('<span class="token builtin class-name">echo</span>');
    expect(sh).toContain('class="token-line"');
  });

  test('renders a block without a language as plain lines', async () => {
    const [html] = await highlighted('```\na <b>\n```\n');
    expect(html).toBe('<div class="token-line">a &lt;b&gt;\n</div>');
  });

  test('leaves to Docusaurus what it cannot render the same way', async () => {
    const blocks = await highlighted(
      [
        '```c showLineNumbers\nint a;\n```',
        '```c\n// highlight-next-line\nint a;\n```',
        '```klingon\nqapla\n```',
        '```mermaid\ngraph TD; a-->b\n```',
      ].join('\n\n'),
    );
    expect(blocks).toEqual([undefined, undefined, undefined, undefined]);
  });

  test('passes the HTML to the code element as a property, for the theme to use', async () => {
    const file = await unified()
      .use(remarkParse)
      .use(exported.default)
      .use(remarkRehype)
      .use(rehypeStringify)
      .process('```c\nint a;\n```\n');
    expect(String(file)).toMatch(
      /<code class="language-c" highlightedHtml="<div class=&#x22;token-line/,
    );
  });
});
