import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { Root } from 'mdast';
import { describe, expect, test } from 'vitest';
import * as exported from '../../src/remark/highlighted-code';
import { decodeTokenLines } from '../../src/remark/highlighted-code/tokens';
import { tokensOfShownLines } from '../../src/theme/CodeBlock/Content/token-lines';
import { drawnAsPlain } from '../../src/plugins/prism-css';
import { darkCodeTheme, lightCodeTheme } from '../../src/prism-themes';

/** What the site's configuration passes: the tokens its two colour themes draw like plain text. */
const SITE_OPTIONS = {
  additionalLanguages: ['bash'],
  drawnAsPlain: drawnAsPlain([lightCodeTheme, darkCodeTheme]),
};

/** The options the tests run the plugin with unless they say otherwise. */
const BASH = { additionalLanguages: ['bash'] };

/** The code elements' properties the plugin sets, in document order. */
async function properties(
  markdown: string,
  options: exported.Options = BASH,
): Promise<Record<string, unknown>[]> {
  const processor = unified().use(remarkParse).use(exported.default, options);
  const tree = (await processor.run(processor.parse(markdown))) as Root;
  return tree.children
    .filter((node) => node.type === 'code')
    .map((node) => ({ ...node.data?.hProperties }));
}

/** The `highlightedHtml` the plugin gives each code block, in document order. */
async function highlighted(
  markdown: string,
  options: exported.Options = BASH,
): Promise<(string | undefined)[]> {
  return (await properties(markdown, options)).map(
    (block) => block.highlightedHtml as string | undefined,
  );
}

/** Each line as `types:text` tokens, for readable expectations. */
const describeLines = (lines: { types: string[]; content: string }[][]): string[][] =>
  lines.map((line) => line.map((token) => `${token.types.join(' ')}:${token.content}`));

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

  test("writes the tokens the site's themes draw like plain text as plain text, joined to their neighbours", async () => {
    const markdown = '```c\nstatic int x = f(a, 1);\n\nreturn x;\n```\n';
    const [html] = await highlighted(markdown, SITE_OPTIONS);
    expect(html).toBe(
      '<div class="token-line"><span class="token keyword">static</span> ' +
        '<span class="token keyword">int</span> x = <span class="token function">f</span>(a, ' +
        '<span class="token number">1</span>);\n</div>' +
        '<div class="token-line">\n</div>' +
        '<div class="token-line"><span class="token keyword">return</span> x;\n</div>',
    );
  });

  test('joins plain-looking tokens in the tokens it gives Docusaurus, keeping empty lines', async () => {
    const markdown = '```c showLineNumbers\nint a = (b);\n\nreturn a;\n```\n';
    const [block] = await properties(markdown, SITE_OPTIONS);
    expect(describeLines(decodeTokenLines(block?.highlightedTokens as string))).toEqual([
      ['keyword:int', 'plain: a = (b);'],
      ['plain:\n'],
      ['keyword:return', 'plain: a;'],
    ]);
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

  test('gives a block with a magic comment the tokens of every written line, and no HTML', async () => {
    const [block] = await properties('```c\n// highlight-next-line\nint a;\n\nreturn a;\n```\n');
    expect(block?.highlightedHtml).toBeUndefined();
    expect(describeLines(decodeTokenLines(block?.highlightedTokens as string))).toEqual([
      ['comment:// highlight-next-line'],
      ['keyword:int', 'plain: a', 'punctuation:;'],
      ['plain:\n'],
      ['keyword:return', 'plain: a', 'punctuation:;'],
    ]);
  });

  test('gives tokens to a block with showLineNumbers and to one with a highlighted range', async () => {
    const blocks = await properties(
      '```c showLineNumbers\nint a;\n```\n\n```c {1}\nint a;\n```\n\n```bash showLineNumbers=3\necho x\n```\n',
    );
    for (const block of blocks) {
      expect(block.highlightedHtml).toBeUndefined();
      expect(typeof block.highlightedTokens).toBe('string');
    }
    expect(describeLines(decodeTokenLines(blocks[0]?.highlightedTokens as string))).toEqual([
      ['keyword:int', 'plain: a', 'punctuation:;'],
    ]);
    expect(decodeTokenLines(blocks[2]?.highlightedTokens as string)[0]?.[0]?.types).toContain(
      'builtin',
    );
  });

  test('keeps a comment that spans lines a comment on each of its lines, whatever Docusaurus removes', async () => {
    const code = ['/* first', '// highlight-next-line', '   second */', 'int a;'].join('\n');
    const [block] = await properties(`\`\`\`c showLineNumbers\n${code}\n\`\`\`\n`);
    const written = decodeTokenLines(block?.highlightedTokens as string);
    expect(describeLines(written).slice(0, 3)).toEqual([
      ['comment:/* first'],
      ['comment:// highlight-next-line'],
      ['comment:   second */'],
    ]);
    // Docusaurus removes the magic-comment line (theme-common codeBlockUtils, parseLines).
    const shown = tokensOfShownLines(
      block?.highlightedTokens as string,
      '/* first\n   second */\nint a;',
    );
    expect(describeLines(shown ?? [])).toEqual([
      ['comment:/* first'],
      ['comment:   second */'],
      ['keyword:int', 'plain: a', 'punctuation:;'],
    ]);
  });

  test('matches each line Docusaurus shows to the written line of the same text, or gives up', async () => {
    const code = ['int a;', '// highlight-start', 'int a;', '// highlight-end', '', 'int b;'];
    const [block] = await properties(`\`\`\`c\n${code.join('\n')}\n\`\`\`\n`);
    const tokens = block?.highlightedTokens as string;
    const shown = tokensOfShownLines(tokens, 'int a;\nint a;\n\nint b;');
    expect(describeLines(shown ?? []).map((line) => line.join(''))).toEqual([
      'keyword:intplain: apunctuation:;',
      'keyword:intplain: apunctuation:;',
      'plain:\n',
      'keyword:intplain: bpunctuation:;',
    ]);
    expect(tokensOfShownLines(tokens, 'int a;\nint c;')).toBeUndefined();
  });

  test('leaves plain what has no grammar, and gives no tokens to blocks highlighted as HTML', async () => {
    const blocks = await properties(
      [
        '```c\nint a;\n```',
        '```klingon showLineNumbers\nqapla\n```',
        '```text showLineNumbers\nplain\n```',
        '```\n// highlight-next-line\nplain\n```',
        '```mermaid\ngraph TD; a-->b\n```',
      ].join('\n\n'),
    );
    expect(blocks.map((block) => Object.keys(block))).toEqual([
      ['highlightedHtml'],
      [],
      [],
      [],
      [],
    ]);
  });
});
