/**
 * Reads every page of the docs instances and lists its headings with their Docusaurus ids, without
 * building the site. Used by the errata checks (does an `anchor` exist?) and the wording review.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { splitFrontMatter } from './front-matter';
import { extractHeadings, type DocHeading, type SourceFormat } from './heading-ids';
import { docLocation } from './routes';

/** One docs plugin instance, as configured in docusaurus.config.ts. */
export interface DocsInstance {
  /** The instance's folder, relative to the site folder (`docs`). */
  path: string;
  /** Its `routeBasePath` (`/`). */
  routeBasePath: string;
}

/**
 * The public docs instance of docusaurus.config.ts (the preset's `docs`). The `dogfood` instance
 * holds test pages only, so errata may not point into it; pass it explicitly where wanted.
 */
export const SITE_DOCS_INSTANCES: readonly DocsInstance[] = [{ path: 'docs', routeBasePath: '/' }];

export interface DocPageHeadings {
  /** The source file, relative to the site folder, POSIX separators (`docs/guide/index.md`). */
  file: string;
  /** The Docusaurus doc id (`guide/index`). */
  docId: string;
  /** The page's route relative to the site's `baseUrl` (`/guide/`). */
  route: string;
  headings: DocHeading[];
}

// plugin-content-docs defaults: include `**/*.{md,mdx}`; exclude partials (`_x.md`, `_x/`) and tests.
function isExcluded(relative: string): boolean {
  return relative.split('/').some((segment) => segment.startsWith('_') || segment === '__tests__');
}

async function listSources(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.mdx?$/.test(entry.name))
    .map((entry) =>
      path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
    )
    .filter((relative) => !isExcluded(relative))
    .sort();
}

/** The headings of one source text; `source` is relative to its docs folder. */
export function pageHeadings(
  text: string,
  source: string,
  instance: DocsInstance,
): DocPageHeadings {
  const { frontMatter, body } = splitFrontMatter(text);
  const format: SourceFormat = source.endsWith('.mdx') ? 'mdx' : 'md';
  return {
    file: path.posix.join(instance.path, source),
    ...docLocation(source, frontMatter, instance.routeBasePath),
    headings: extractHeadings(body, format),
  };
}

/** Every page of the given instances, sorted by file. */
export async function collectDocsHeadings(
  siteDir: string,
  instances: readonly DocsInstance[] = SITE_DOCS_INSTANCES,
): Promise<DocPageHeadings[]> {
  const pages: DocPageHeadings[] = [];
  for (const instance of instances) {
    const root = path.join(siteDir, instance.path);
    for (const source of await listSources(root)) {
      const text = await readFile(path.join(root, source), 'utf8');
      pages.push(pageHeadings(text, source, instance));
    }
  }
  return pages;
}

/** Every `route#id` a link can point at, e.g. `/guide/#the-rule-the-revision-is-built-on`. */
export function anchorTargets(pages: readonly DocPageHeadings[]): Set<string> {
  return new Set(
    pages.flatMap((page) => page.headings.map((heading) => `${page.route}#${heading.id}`)),
  );
}
