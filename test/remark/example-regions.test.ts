import path from 'node:path';
import remarkParse from 'remark-parse';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { describe, expect, test } from 'vitest';
import * as exported from '../../src/remark/example-regions';
import { extractRegion, findRegions } from '../../src/remark/example-regions/regions';

const examplesDir = path.resolve(import.meta.dirname, '../fixtures/example-regions/examples');

async function render(markdown: string, fileUrl?: (file: string) => string): Promise<string> {
  const file = await unified()
    .use(remarkParse)
    .use(exported.default, { examplesDir, ...(fileUrl ? { fileUrl } : {}) })
    .use(remarkStringify)
    .process({ value: markdown, path: 'docs/guide/page.md' });
  return String(file);
}

describe('example regions', () => {
  test('the plugin is the default export', () => {
    expect(Object.keys(exported).sort()).toEqual(['default']);
  });

  test('a region is the lines between its markers, without nested markers, dedented', async () => {
    const source = await import('node:fs/promises').then((fs) =>
      fs.readFile(path.join(examplesDir, 'demo.c'), 'utf8'),
    );
    expect(extractRegion(source, 'whole-function').code).toBe(
      'static int child(void)\n{\n    return 0;\n}',
    );
    expect(extractRegion(source, 'indented')).toMatchObject({
      code: 'if (child() != 0) {\n    _exit(1);\n}',
      startLine: 16,
      endLine: 18,
    });
  });

  test('an unclosed, unopened or repeated region is an error naming the file and line', () => {
    expect(() => findRegions('/* ANCHOR: a */\nx\n', 'x.c')).toThrow(
      'x.c:1: region "a" is never closed',
    );
    expect(() => findRegions('x\n/* ANCHOR_END: a */\n', 'x.c')).toThrow(
      'x.c:2: ANCHOR_END: a has no ANCHOR: a',
    );
    expect(() =>
      findRegions('/* ANCHOR: a */\n/* ANCHOR_END: a */\n/* ANCHOR: a */\n', 'x.c'),
    ).toThrow('x.c:3: region "a" is opened a second time');
  });

  test('a code block naming a region is filled with it, titled with the file and lines', async () => {
    const output = await render('```c example="demo#indented"\n```\n');
    expect(output).toBe(
      '```c title="examples/demo.c (lines 16–18)"\nif (child() != 0) {\n    _exit(1);\n}\n```\n',
    );
  });

  test('a Python example names its extension and is read with its # markers', async () => {
    const output = await render('```python example="demo.py#greet"\n```\n');
    expect(output).toBe(
      '```python title="examples/demo.py (lines 3–4)"\ndef greet():\n    return "hello"\n```\n',
    );
  });

  test('other code block options are kept, and a link to the whole file follows when configured', async () => {
    const output = await render(
      '```c example="demo#inner" showLineNumbers\n```\n',
      (file) => `https://example.org/blob/main/${file}`,
    );
    expect(output).toContain(
      '```c title="examples/demo.c (lines 8–8)" showLineNumbers\nreturn 0;\n```',
    );
    expect(output).toContain(
      'From [`examples/demo.c`](https://example.org/blob/main/examples/demo.c), built and run by the test suite.',
    );
  });

  test('a missing region fails with the Markdown file and line, listing the regions there are', async () => {
    await expect(render('Text.\n\n```c example="demo#nope"\n```\n')).rejects.toThrow(
      /examples\/demo\.c has no region "nope"; its regions are: inner, whole-function, indented/,
    );
    await expect(render('Text.\n\n```c example="demo#nope"\n```\n')).rejects.toMatchObject({
      file: 'docs/guide/page.md',
      line: 3,
    });
  });

  test('a missing file fails the build', async () => {
    await expect(render('```c example="no-such-example#x"\n```\n')).rejects.toThrow(
      'Example file examples/no-such-example.c does not exist',
    );
  });

  test('a source in one sub-folder can be embedded; a path that climbs cannot', async () => {
    expect(await render('```c example="module/part#rule"\n```\n')).toBe(
      '```c title="examples/module/part.c (lines 3–3)"\nstatic int rule(void) { return 1; }\n```\n',
    );
    await expect(render('```c example="../secret#x"\n```\n')).rejects.toThrow(
      'Example "../secret" is not an example id',
    );
  });

  test('code blocks without an example attribute are left alone', async () => {
    expect(await render('```c\nint x;\n```\n')).toBe('```c\nint x;\n```\n');
  });
});
