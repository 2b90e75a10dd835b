/**
 * The page readers' tree (src/lib/archive/html-tree.ts) is the tree htmlparser2's parseDocument
 * builds with domhandler, made of plain objects: same nodes, same text and comment merging, same
 * implied end tags, with parents and next siblings linked.
 */
import { ElementType, parseDocument } from 'htmlparser2';
import { describe, expect, test } from 'vitest';
import { documentOrder, parseHtml, readableText, walk } from '../../src/lib/archive/html-dom';
import type { HtmlDocument, HtmlNode } from '../../src/lib/archive/html-tree';

interface Shape {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  data?: string;
  children?: Shape[];
}

type DomhandlerNode = ReturnType<typeof parseDocument>['children'][number];

function domhandlerShape(node: DomhandlerNode): Shape {
  if ('children' in node && 'name' in node) {
    const { type, name, attribs } = node;
    return { type, name, attribs: { ...attribs }, children: node.children.map(domhandlerShape) };
  }
  if (node.type === ElementType.Directive) {
    return { type: node.type, name: node.name, data: node.data };
  }
  if ('data' in node) return { type: node.type, data: node.data };
  throw new Error(`unexpected node ${node.type}`);
}

function ourShape(node: HtmlNode): Shape {
  if (node.type === 'text' || node.type === 'comment') return { type: node.type, data: node.data };
  if (node.type === 'directive') {
    return { type: node.type, name: node.name, data: node.data };
  }
  const { type, name, attribs } = node;
  return { type, name, attribs: { ...attribs }, children: node.children.map(ourShape) };
}

/** Every node's parent is the node whose children hold it, and `next` is the following sibling. */
function expectLinked(parent: HtmlDocument | Extract<HtmlNode, { children: unknown }>): void {
  parent.children.forEach((child, index) => {
    expect(child.parent).toBe(parent);
    expect(child.next).toBe(parent.children[index + 1] ?? null);
    if ('children' in child) expectLinked(child);
  });
}

const PAGES: Record<string, string> = {
  'MHonArc comments and a page': `<!-- MHonArc v2.6.19+ -->
<!--X-Subject: A &amp; B -->
<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html><head><title>A &amp; B</title><style>p { color: red }</style></head>
<body><!--X-Body-of-Message--><pre>one &lt;two&gt; &#233; three</pre><!--X-Body-of-Message-End--></body></html>`,
  'implied end tags and unclosed elements': '<ul><li>one<li>two</ul><p>a<p>b<table><tr><td>c',
  'void elements and attributes in any case':
    '<P CLASS="x">a<BR>b<IMG SRC=x.png ALT="&quot;y&quot;">c<HR></p><A HREF="msg00001.html">d</a>',
  'text split by entities and comments': 'a &amp; b<!-- c -->d &lt; e<!---->f',
  'scripts, CDATA and stray end tags':
    '<script>if (a < b) x();</script></div><![CDATA[z]]>text</b>',
  'a comment never closed': '<p>text<!-- open to the end',
};

describe('the tree is the one domhandler builds', () => {
  for (const [name, html] of Object.entries(PAGES)) {
    test(name, () => {
      const ours = parseHtml(html);
      const theirs = parseDocument(html, { decodeEntities: true, lowerCaseTags: true });
      expect(ours.children.map(ourShape)).toEqual(theirs.children.map(domhandlerShape));
      expectLinked(ours);
    });
  }
});

describe('documentOrder', () => {
  test('lists the nodes as walk visits them, each with the index just past its subtree', () => {
    const doc = parseHtml('<div><p>a<b>b</b></p><!--c--></div>d<ul><li>e</ul>');
    const visited: HtmlNode[] = [];
    walk(doc, (node) => {
      visited.push(node);
      return true;
    });
    const order = documentOrder(doc);
    expect(order.nodes).toEqual(visited);
    const described = order.nodes.map((node, index) => {
      const label = node.type === 'text' || node.type === 'comment' ? node.data : node.type;
      return `${label === 'tag' && 'name' in node ? node.name : label}:${index}-${order.ends[index]}`;
    });
    expect(described).toEqual([
      'div:0-6',
      'p:1-5',
      'a:2-3',
      'b:3-5',
      'b:4-5',
      'c:5-6',
      'd:6-7',
      'ul:7-10',
      'li:8-10',
      'e:9-10',
    ]);
  });
});

describe('readableText', () => {
  test('lines lose their trailing blanks; empty lines are kept single and never at the ends', () => {
    const doc = parseHtml(
      '<pre>\n\n  first  \t\n\n\n\n second\n \t \n</pre><p>para</p><br><br><br>last',
    );
    expect(readableText(doc.children)).toBe('  first\n\n second\n\npara\n\nlast');
  });

  test('a blockquote is quoted line by line, its empty lines as a bare ">"', () => {
    const doc = parseHtml('<blockquote><p>one</p><p>two</p></blockquote>after');
    expect(readableText(doc.children)).toBe('> one\n>\n> two\nafter');
  });

  test('takes linear time on a long run of blanks inside a line', () => {
    // A regular expression for trailing blanks retries such a run from each of its characters:
    // about 1 s for two runs of 40,000 blanks, so about half a minute for 200,000 each.
    const run = ' '.repeat(200_000);
    const started = performance.now();
    const text = readableText(parseHtml(`<pre>a${run}b${run}\n</pre>`).children);
    expect(text).toBe(`a${run}b`);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
