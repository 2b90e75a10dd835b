/**
 * The tree the page readers walk, built from htmlparser2's tokenizer and tree rules (implied end
 * tags, void elements, entity decoding) by a handler of our own that makes plain objects. The
 * readers need only names, attributes, text, comments, parents and next siblings; domhandler's
 * class instances (DOM aliases, indices, clone support) cost more to make than tokenizing the
 * page does, and a full sync makes thousands of pages' worth of them.
 *
 * The tree is the one domhandler 6 builds (htmlparser2's `parseDocument`): adjacent text chunks
 * merge into one node, adjacent comment chunks into one comment, `<script>` and `<style>` get
 * their own types, and `<!…>` declarations are kept as directives.
 */
import { Parser, type Handler } from 'htmlparser2';

interface Linked {
  parent: HtmlElement | HtmlDocument;
  next: HtmlNode | null;
}

export interface HtmlElement extends Linked {
  type: 'tag' | 'script' | 'style';
  name: string;
  attribs: Record<string, string>;
  children: HtmlNode[];
}

export interface HtmlText extends Linked {
  type: 'text';
  data: string;
}

export interface HtmlComment extends Linked {
  type: 'comment';
  data: string;
}

/** `<!DOCTYPE …>` and other declarations; no reader looks inside them. */
export interface HtmlDirective extends Linked {
  type: 'directive';
  name: string;
  data: string;
}

export type HtmlNode = HtmlElement | HtmlText | HtmlComment | HtmlDirective;

export interface HtmlDocument {
  type: 'root';
  children: HtmlNode[];
  parent: null;
  next: null;
}

function elementType(name: string): HtmlElement['type'] {
  if (name === 'script') return 'script';
  return name === 'style' ? 'style' : 'tag';
}

/** Builds the tree from the parser's events, in document order. */
class TreeBuilder implements Partial<Handler> {
  readonly root: HtmlDocument = { type: 'root', children: [], parent: null, next: null };
  private readonly open: (HtmlElement | HtmlDocument)[] = [this.root];
  /** The text or comment node the next chunk of the same kind joins, if any. */
  private last: HtmlText | HtmlComment | null = null;

  onopentag(name: string, attribs: Record<string, string>): void {
    const parent = this.top();
    const element: HtmlElement = {
      type: elementType(name),
      name,
      attribs,
      children: [],
      parent,
      next: null,
    };
    this.append(parent, element);
    this.open.push(element);
  }

  onclosetag(): void {
    this.last = null;
    if (this.open.length > 1) this.open.pop();
  }

  ontext(data: string): void {
    if (this.last?.type === 'text') {
      this.last.data += data;
      return;
    }
    const parent = this.top();
    const text: HtmlText = { type: 'text', data, parent, next: null };
    this.append(parent, text);
    this.last = text;
  }

  oncomment(data: string): void {
    if (this.last?.type === 'comment') {
      this.last.data += data;
      return;
    }
    const parent = this.top();
    const comment: HtmlComment = { type: 'comment', data, parent, next: null };
    this.append(parent, comment);
    this.last = comment;
  }

  oncommentend(): void {
    this.last = null;
  }

  onprocessinginstruction(name: string, data: string): void {
    const parent = this.top();
    this.append(parent, { type: 'directive', name, data, parent, next: null });
  }

  private top(): HtmlElement | HtmlDocument {
    return this.open[this.open.length - 1] ?? this.root;
  }

  private append(parent: HtmlElement | HtmlDocument, node: HtmlNode): void {
    const previous = parent.children[parent.children.length - 1];
    if (previous !== undefined) previous.next = node;
    parent.children.push(node);
    this.last = null;
  }
}

export function parseHtml(html: string): HtmlDocument {
  const builder = new TreeBuilder();
  new Parser(builder, { decodeEntities: true, lowerCaseTags: true }).end(html);
  return builder.root;
}
