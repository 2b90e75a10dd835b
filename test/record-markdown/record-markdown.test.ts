import { toHtml } from 'hast-util-to-html';
import { describe, expect, test } from 'vitest';
import { renderRecordMarkdown } from '../../src/lib/record-markdown';

const html = (markdown: string): string => toHtml(renderRecordMarkdown(markdown));

describe('record Markdown is rendered as inert data', () => {
  test('ordinary Markdown keeps its structure', () => {
    expect(html('Call `C_Initialize` *once*.\n\n- one\n- two')).toBe(
      '<p>Call <code>C_Initialize</code> <em>once</em>.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>',
    );
  });

  test('raw HTML, script tags and event handlers never reach the tree', () => {
    const out = html(
      '<script>alert(1)</script>\n\n<img src=x onerror="alert(2)"> text <b onclick="x()">b</b>',
    );
    expect(out).not.toMatch(/<script|onerror|onclick|<img|<b/i);
    expect(out).toContain('text');
  });

  test('javascript: and data: links lose their target, http links keep it', () => {
    const out = html(
      '[a](javascript:alert(1)) [b](data:text/html,<script>x</script>) [c](https://example.org/)',
    );
    expect(out).not.toMatch(/javascript:|data:/);
    expect(out).toContain('<a href="https://example.org/">c</a>');
  });

  test('MDX syntax stays text: expressions and import lines are not code', () => {
    const out = html("import x from 'y'\n\n{alert(1)} and {props.secret}");
    expect(out).toContain("import x from 'y'");
    expect(out).toContain('{alert(1)} and {props.secret}');
  });

  test('images are dropped, so a record cannot make readers load remote content', () => {
    expect(html('![tracker](https://example.org/pixel.png)')).not.toContain('<img');
  });
});
