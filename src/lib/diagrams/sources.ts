/** The ```mermaid blocks of the site's content, and the drawn files they need. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Code } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { COLOUR_SCHEMES, DIAGRAMS_DIR, diagramFileName, diagramKey } from './index';

/** The content folders whose pages may hold diagrams: the guide and the browser-test pages. */
export const CONTENT_DIRS = ['docs', 'dogfood'] as const;

export interface DiagramSource {
  /** Page, relative to the site, POSIX separators. */
  file: string;
  line: number;
  source: string;
  key: string;
}

async function pages(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.mdx?$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

export async function findDiagrams(siteDir: string, version: string): Promise<DiagramSource[]> {
  const found: DiagramSource[] = [];
  for (const dir of CONTENT_DIRS) {
    for (const page of await pages(path.join(siteDir, dir))) {
      const tree = unified()
        .use(remarkParse)
        .parse(await readFile(page, 'utf8'));
      visit(tree, 'code', (node: Code) => {
        if (node.lang !== 'mermaid') return;
        found.push({
          file: path.relative(siteDir, page).split(path.sep).join('/'),
          line: node.position?.start.line ?? 0,
          source: node.value,
          key: diagramKey(node.value, version),
        });
      });
    }
  }
  return found;
}

export interface DiagramFiles {
  /** Diagrams with a colour scheme not drawn yet. */
  missing: DiagramSource[];
  /** Files in docs/diagrams/ that no block needs any more. */
  orphans: string[];
}

export async function compareDiagramFiles(
  siteDir: string,
  diagrams: readonly DiagramSource[],
): Promise<DiagramFiles> {
  let present: string[] = [];
  try {
    present = (await readdir(path.join(siteDir, DIAGRAMS_DIR))).filter((name) =>
      name.endsWith('.svg'),
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const needed = new Set(
    diagrams.flatMap((diagram) =>
      COLOUR_SCHEMES.map((scheme) => diagramFileName(diagram.key, scheme)),
    ),
  );
  const have = new Set(present);
  return {
    missing: diagrams.filter((diagram) =>
      COLOUR_SCHEMES.some((scheme) => !have.has(diagramFileName(diagram.key, scheme))),
    ),
    orphans: present.filter((name) => !needed.has(name)).sort(),
  };
}
