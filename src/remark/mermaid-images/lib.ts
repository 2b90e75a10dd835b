/**
 * remark plugin: shows each ```mermaid block as the two images `npm run diagrams` drew of it
 * (src/lib/diagrams), one per colour scheme, in a `.mermaid-diagram` block; the site's CSS shows
 * the one that matches the page's theme.
 *
 * It runs before Docusaurus's image plugin, which then bundles the images with the page like any
 * Markdown image. A block without drawn files, or without an `accTitle` for the images' text
 * alternative, fails the build at its line.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Code, Image, Paragraph, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import {
  COLOUR_SCHEMES,
  DIAGRAMS_DIR,
  diagramFileName,
  diagramKey,
  mermaidVersion,
  textAlternative,
} from '../../lib/diagrams';

export interface Options {
  /** The site folder (with docs/diagrams/). Required. */
  siteDir: string;
}

/** The class of the block around a diagram's images (the PDF and the tests look for it). */
export const DIAGRAM_CLASS = 'mermaid-diagram';

export default function remarkMermaidImages(options: Options): (tree: Root, file: VFile) => void {
  if (!path.isAbsolute(options.siteDir)) {
    throw new Error(`remarkMermaidImages: siteDir must be absolute; got ${options.siteDir}`);
  }
  let version: string | undefined;
  return (tree: Root, file: VFile) => {
    visit(tree, 'code', (node: Code, index, parent) => {
      if (node.lang !== 'mermaid' || parent === undefined || index === undefined) return;
      version ??= mermaidVersion(options.siteDir);
      const alt = textAlternative(node.value);
      if (alt === undefined) {
        file.fail(
          'A Mermaid diagram needs an `accTitle: …` line (and ideally `accDescr: …`): the images show it with that text alternative',
          node,
        );
      }
      const key = diagramKey(node.value, version);
      const images: Image[] = COLOUR_SCHEMES.map((scheme) => {
        const name = diagramFileName(key, scheme);
        if (!existsSync(path.join(options.siteDir, DIAGRAMS_DIR, name))) {
          file.fail(
            `This Mermaid diagram is not drawn for Mermaid ${version} (no ${DIAGRAMS_DIR}/${name}); run npm run diagrams`,
            node,
          );
        }
        // The fragment tells the site's CSS which scheme an image is for.
        return {
          type: 'image',
          url: `@site/${DIAGRAMS_DIR.split(path.sep).join('/')}/${name}#${scheme}`,
          alt,
        };
      });
      const block: Paragraph = {
        type: 'paragraph',
        data: { hName: 'div', hProperties: { className: [DIAGRAM_CLASS] } },
        children: images,
      };
      parent.children.splice(index, 1, block);
    });
  };
}
