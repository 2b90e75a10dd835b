/**
 * What a bare site can show of the guide's links and diagrams.
 *
 * Links: external ones and links between guide pages stay (the plain site has every guide page
 * under the same file names); a link to anything else of the project (errata pages, downloads,
 * other docs) becomes its text, or the bare site's strict link check would fail its build.
 *
 * Diagrams: a ```mermaid block becomes one image, the light drawing `npm run diagrams` made of
 * it. A bare site without the Mermaid theme would print the diagram's source as a code block, a
 * text no reader of the project sees; a diagram's plain form is the picture itself. The project's
 * second (dark) drawing and its steps for narrow screens are what the project adds.
 */
import path from 'node:path';
import type { Code, Image, Link, Parent, Root } from 'mdast';
import { visit, SKIP } from 'unist-util-visit';
import {
  DIAGRAMS_DIR,
  diagramFileName,
  diagramKey,
  mermaidVersion,
  textAlternative,
} from '../../diagrams';
import { InvalidInputError } from '../../errors';

/** A file the plain page needs next to it: `from` absolute, `to` relative to the page's folder. */
export interface Asset {
  from: string;
  to: string;
}

const GUIDE_PAGE = /^(?:\.\/)?[A-Za-z0-9_-]+\.mdx?(?:#.*)?$/;

function keepsLink(url: string, guideFiles: ReadonlySet<string>): boolean {
  if (/^(?:https?:|mailto:)/.test(url) || url.startsWith('#')) return true;
  if (!GUIDE_PAGE.test(url)) return false;
  const file = url.replace(/^\.\//, '').replace(/#.*$/, '');
  return guideFiles.has(file);
}

/** `guideFiles`: the file names of docs/guide/ pages, e.g. `applications.mdx`. */
export function plainLinks(tree: Root, guideFiles: ReadonlySet<string>): void {
  visit(tree, 'link', (node: Link, index, parent: Parent | undefined) => {
    if (parent === undefined || index === undefined || keepsLink(node.url, guideFiles)) return;
    parent.children.splice(index, 1, ...node.children);
    return [SKIP, index];
  });
}

/** Replaces each mermaid block by its light drawing; returns the images to copy. */
export function diagramImages(tree: Root, siteDir: string, page: string): Asset[] {
  const assets: Asset[] = [];
  visit(tree, 'code', (node: Code, index, parent: Parent | undefined) => {
    if (node.lang !== 'mermaid' || parent === undefined || index === undefined) return undefined;
    const name = diagramFileName(diagramKey(node.value, mermaidVersion(siteDir)), 'light');
    const alt = textAlternative(node.value);
    if (alt === undefined)
      throw new InvalidInputError(`${page}:${node.position?.start.line ?? 0}: no accTitle`);
    const to = `img/${name}`;
    assets.push({ from: path.join(siteDir, DIAGRAMS_DIR, name), to });
    const image: Image = { type: 'image', url: `./${to}`, alt };
    parent.children.splice(index, 1, { type: 'paragraph', children: [image] });
    return [SKIP, index + 1];
  });
  return assets;
}
