import { createRequire } from 'node:module';
import { evaluate } from '@mdx-js/mdx';
import React, { type ReactElement, type ReactNode } from 'react';
import * as runtime from 'react/jsx-runtime';
import remarkGfm from 'remark-gfm';
import type { PluggableList } from 'unified';
import { describe, expect, test } from 'vitest';
import * as exported from '../../src/remark/server-rendered';
import remarkServerRendered from '../../src/remark/server-rendered';

// react-dom ships no types of its own and the project has no @types/react-dom.
const { renderToStaticMarkup } = createRequire(import.meta.url)('react-dom/server') as {
  renderToStaticMarkup: (element: ReactElement) => string;
};

/** A page with every kind of block: static ones, and ones that hold something interactive. */
const PAGE = `# Title

A paragraph with a [link](/guide/x), \`code\`, *emphasis* and <Claim id="C-1" />{' '}
a literal.

A paragraph with {['an', 'expression'].join(' ')}.

- a tight list
- of [plain](https://example.org) items

| table | cell |
| ----- | ---- |
| 1     | 2    |

> A quote.
>
> Of two paragraphs.

A paragraph holding <Counter />.

- an item
- holding <Counter />

\`\`\`c
int main(void) { return 0; }
\`\`\`

<details>
<summary>More</summary>

Inside a component.

</details>
`;

/** Stand-ins: Claim renders text from props; Counter stands for anything with state. */
const components = {
  Claim: ({ id }: { id: string }): ReactNode => `claim ${id}`,
  Counter: (): ReactNode => React.createElement('button', null, '0'),
};

/** The page's HTML as the server renders it, and the blocks the plugin wrapped. */
async function serverRender(withPlugin: boolean): Promise<{ html: string; wrapped: string[] }> {
  const wrapped: string[] = [];
  const ServerRendered = ({ children }: { children: ReactNode }): ReactNode => {
    if (React.isValidElement(children)) wrapped.push(String(children.type));
    return children;
  };
  const remarkPlugins: PluggableList = [remarkGfm];
  if (withPlugin) remarkPlugins.push([remarkServerRendered, { staticComponents: ['Claim'] }]);
  const { default: Content } = await evaluate(PAGE, { ...runtime, remarkPlugins });
  const html = renderToStaticMarkup(
    React.createElement(Content, { components: { ...components, ServerRendered } }),
  );
  return { html, wrapped };
}

describe('remarkServerRendered', () => {
  test('exports the plugin and the static-content check', () => {
    expect(Object.keys(exported).sort()).toEqual(['default', 'isStaticContent']);
  });

  test('the server renders the same HTML with and without it', async () => {
    const [plain, marked] = await Promise.all([serverRender(false), serverRender(true)]);
    expect(marked.html).toBe(plain.html);
    expect(marked.html).toContain('claim C-1');
  });

  test('wraps the outermost static blocks and nothing that holds an interactive part', async () => {
    const { wrapped } = await serverRender(true);
    // The first paragraph (a static component and a literal inside), the tight list, the
    // table, the quote (as one block), and the paragraph inside <details>; not the paragraph
    // with a computed expression, the paragraph or list holding <Counter />, the code block or
    // the heading.
    expect(wrapped).toEqual(['p', 'ul', 'table', 'blockquote', 'p']);
  });

  test('leaves a tight list tight: no wrapper inside a list item', async () => {
    const { html } = await serverRender(true);
    expect(html).toContain('<li>an item</li>');
  });
});
