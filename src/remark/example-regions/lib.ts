/**
 * remark plugin: fills a code block with a named region of a tested example file.
 *
 *     ```c example="fork-exec#fork-then-exec"
 *     ```
 *
 * becomes the lines of region `fork-then-exec` of `examples/fork-exec.c`, titled with the file's
 * path and followed by a link to the whole file. A missing file or region fails the build with
 * the Markdown file and line, so no page can show code that was not tested. A Python example
 * names its extension (`example="runtimes/python-load.py#load"`); markers sit in `#` comments.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Code, Paragraph, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { extractRegion, RegionError } from './regions';

export interface Options {
  /** Absolute path of the folder that holds the examples. Required. */
  examplesDir: string;
  /** Extension of example files. Default `.c`. */
  extension?: string;
  /**
   * URL of a whole example file, from its path relative to the project (e.g.
   * `examples/fork-exec.c`). Default: no link.
   */
  fileUrl?: (relativePath: string) => string;
  /** How the example folder is named in titles and links. Default `examples`. */
  displayDir?: string;
}

const ATTRIBUTE = /(?:^|\s)example="([^"#]+)#([^"]+)"/;

export default function remarkExampleRegions(options: Options): (tree: Root, file: VFile) => void {
  if (!path.isAbsolute(options.examplesDir)) {
    throw new Error(
      `remarkExampleRegions: examplesDir must be absolute, e.g. path.resolve('examples'); got ${options.examplesDir}`,
    );
  }
  const extension = options.extension ?? '.c';
  const displayDir = options.displayDir ?? 'examples';

  return (tree: Root, file: VFile) => {
    visit(tree, 'code', (node: Code, index, parent) => {
      const match = node.meta ? ATTRIBUTE.exec(node.meta) : null;
      if (!match || node.meta === null || node.meta === undefined) return;
      const [attribute, target = '', regionName = ''] = match;
      // The one other language the examples use; every other file takes the configured extension.
      const python = target.endsWith('.py');
      const stem = python ? target.slice(0, -'.py'.length) : target;
      const fileExtension = python ? '.py' : extension;
      // A file stem, optionally in one sub-folder (module/lifecycle); never a path that climbs.
      if (!/^(?:[A-Za-z0-9_-]+\/)?[A-Za-z0-9_-]+$/.test(stem)) {
        file.fail(
          `Example "${stem}" is not an example id; expected a file stem such as fork-exec or module/lifecycle`,
          node,
          'example-regions:bad-id',
        );
      }
      const relative = `${displayDir}/${stem}${fileExtension}`;
      let source: string;
      try {
        source = readFileSync(path.join(options.examplesDir, `${stem}${fileExtension}`), 'utf8');
      } catch {
        file.fail(
          `Example file ${relative} does not exist (embedded as example="${stem}#${regionName}")`,
          node,
          'example-regions:missing-file',
        );
      }
      try {
        const region = extractRegion(source, regionName, relative);
        node.value = region.code;
        const rest = node.meta.replace(attribute, '').trim();
        node.meta = [`title="${relative} (lines ${region.startLine}–${region.endLine})"`, rest]
          .filter(Boolean)
          .join(' ');
      } catch (error) {
        if (error instanceof RegionError)
          file.fail(error.message, node, 'example-regions:missing-region');
        throw error;
      }
      if (options.fileUrl && parent && index !== undefined) {
        const link: Paragraph = {
          type: 'paragraph',
          data: { hProperties: { className: ['example-source'] } },
          children: [
            { type: 'text', value: 'From ' },
            {
              type: 'link',
              url: options.fileUrl(relative),
              children: [{ type: 'inlineCode', value: relative }],
            },
            { type: 'text', value: ', built and run by the test suite.' },
          ],
        };
        parent.children.splice(index + 1, 0, link);
        return index + 2;
      }
      return undefined;
    });
  };
}
