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
import type {
  Code,
  Image,
  List,
  ListItem,
  Paragraph,
  PhrasingContent,
  Root,
  RootContent,
} from 'mdast';
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
import { flowchartSteps, type FlowchartSteps } from '../../lib/diagrams/flowchart-steps';

export interface Options {
  /** The site folder (with docs/diagrams/). Required. */
  siteDir: string;
}

/** The class of the block around a diagram's images (the PDF and the tests look for it). */
export const DIAGRAM_CLASS = 'mermaid-diagram';

/** The class of a decision chart's steps, shown instead of its drawing on narrow screens. */
export const STEPS_CLASS = 'mermaid-steps';

const text = (value: string): PhrasingContent => ({ type: 'text', value });
const paragraph = (...children: PhrasingContent[]): Paragraph => ({ type: 'paragraph', children });

/**
 * A decision chart as steps (src/lib/diagrams/flowchart-steps): at a phone's width the drawing's
 * labels shrink to about 5 px; the site's CSS shows these steps there instead of it.
 */
function stepsBlock(chart: FlowchartSteps): RootContent {
  const steps: List = {
    type: 'list',
    ordered: true,
    spread: false,
    children: chart.steps.map((step): ListItem => ({
      type: 'listItem',
      spread: false,
      children: [
        paragraph(text(step.question)),
        {
          type: 'list',
          ordered: false,
          spread: false,
          children: step.answers.map((answer): ListItem => ({
            type: 'listItem',
            spread: false,
            children: [
              paragraph(
                { type: 'strong', children: [text(`${answer.label}:`)] },
                text(
                  ` ${'step' in answer.next ? `go to step ${answer.next.step}.` : answer.next.outcome.join(' ')}`,
                ),
              ),
            ],
          })),
        },
      ],
    })),
  };
  const intro = paragraph(
    { type: 'strong', children: [text('The chart as steps.')] },
    text(chart.start === undefined ? '' : ` ${chart.start}:`),
  );
  // An mdast node of its own type becomes a <div> with its children (mdast-util-to-hast's unknown-node handler).
  return {
    type: 'mermaidSteps',
    data: { hName: 'div', hProperties: { className: [STEPS_CLASS] } },
    children: [intro, steps],
  } as unknown as RootContent;
}

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
      const steps = flowchartSteps(node.value);
      if (steps === undefined) {
        parent.children.splice(index, 1, block);
      } else {
        block.data = {
          hName: 'div',
          hProperties: { className: [DIAGRAM_CLASS, `${DIAGRAM_CLASS}--with-steps`] },
        };
        parent.children.splice(index, 1, block, stepsBlock(steps));
      }
    });
  };
}
