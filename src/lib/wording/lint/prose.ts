/**
 * The prose of a page as the wording rules read it: one run of text per paragraph, heading or
 * table cell, in document order, with the section it belongs to (every heading starts one), the
 * link each piece sits in, and whether it is a quotation (a block quote, or marked with a
 * `spec-quote` comment). Code blocks and component props are not prose; inline code is, so that
 * `CKR_OK` and `fork()` written as code are still read.
 */
import type { Nodes, Parent, PhrasingContent, Root, RootContent } from 'mdast';
import { commentMarker } from 'mdast-comment-marker';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import { location } from 'vfile-location';

/** The comment that marks a quotation of the base specification: `<!-- spec-quote -->`. */
export const SPEC_QUOTE_MARKER = 'spec-quote';

export interface ProseSegment {
  /** Offsets of this piece in the run's text. */
  start: number;
  end: number;
  /** The node it came from: a text node or an inline code span. */
  node: Nodes;
  code: boolean;
  /** The URL of the link this piece is inside, if any. */
  link?: string;
}

export interface ProseRun {
  text: string;
  segments: ProseSegment[];
  /** 0 before the first heading, then one more at every heading (whatever its depth). */
  section: number;
  heading: boolean;
  quoted: boolean;
  /** The text a qualifier may sit in: the run's own, or for a table cell its whole row. */
  context: string;
}

type Container = Extract<Nodes, { type: 'paragraph' | 'heading' | 'tableCell' }>;

function isMarker(node: Nodes): boolean {
  if (
    node.type !== 'html' &&
    node.type !== 'mdxFlowExpression' &&
    node.type !== 'mdxTextExpression'
  )
    return false;
  return commentMarker(node)?.name === SPEC_QUOTE_MARKER;
}

function collect(
  children: readonly PhrasingContent[],
  run: ProseRun,
  link: string | undefined,
): void {
  for (const child of children) {
    if (child.type === 'text' || child.type === 'inlineCode') {
      const start = run.text.length;
      run.text += child.value;
      run.segments.push({
        start,
        end: run.text.length,
        node: child,
        code: child.type === 'inlineCode',
        ...(link === undefined ? {} : { link }),
      });
    } else if (child.type === 'break') {
      run.text += '\n';
    } else if (isMarker(child)) {
      run.quoted = true;
    } else if (child.type === 'link') {
      collect(child.children, run, child.url);
    } else if ('children' in child) {
      collect(child.children, run, link);
    }
  }
}

/** Every prose run of the tree, in document order. */
export function proseRuns(tree: Root): ProseRun[] {
  const runs: ProseRun[] = [];
  let section = 0;

  function visitChildren(parent: Parent, quoted: boolean): void {
    let markNext = false;
    for (const child of parent.children) {
      if (isMarker(child)) {
        markNext = true;
        continue;
      }
      visit(child, quoted || markNext);
      markNext = false;
    }
  }

  let row: string | undefined;

  function visit(node: RootContent, quoted: boolean): void {
    if (node.type === 'heading') section += 1;
    if (node.type === 'tableRow') {
      row = toString(node);
      visitChildren(node, quoted);
      row = undefined;
      return;
    }
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') {
      const container: Container = node;
      const run: ProseRun = {
        text: '',
        segments: [],
        section,
        heading: node.type === 'heading',
        quoted,
        context: '',
      };
      collect(container.children, run, undefined);
      run.context = row ?? run.text;
      if (run.segments.length > 0) runs.push(run);
      return;
    }
    if (node.type === 'code' || node.type === 'yaml' || node.type === 'html') return;
    if ('children' in node) visitChildren(node, quoted || node.type === 'blockquote');
  }

  visitChildren(tree, false);
  return runs;
}

/** The segment holding a text offset of the run. */
export function segmentAt(run: ProseRun, index: number): ProseSegment | undefined {
  return run.segments.find((segment) => index >= segment.start && index < segment.end);
}

/**
 * Where a stretch of the run's text is in the file. Inside a text node the position is exact
 * unless an escape or entity precedes it on the node; an inline code span is given whole.
 */
export function placeOf(
  run: ProseRun,
  start: number,
  end: number,
  file: VFile,
): { start: { line: number; column: number }; end: { line: number; column: number } } | undefined {
  const segment = segmentAt(run, start);
  const position = segment?.node.position;
  if (segment === undefined || position === undefined) return undefined;
  if (segment.code || position.start.offset === undefined) {
    return { start: position.start, end: position.end };
  }
  const lookup = location(file);
  const from = lookup.toPoint(position.start.offset + (start - segment.start));
  const to = lookup.toPoint(position.start.offset + (Math.min(end, segment.end) - segment.start));
  return from === undefined || to === undefined
    ? { start: position.start, end: position.end }
    : { start: from, end: to };
}
