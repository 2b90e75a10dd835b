/**
 * Docusaurus reports broken links and anchors by the route of the page that holds them. Authors
 * edit files, not routes, so this module reads the report and names the source file of each page.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export type BrokenLinkKind = 'link' | 'anchor' | 'markdown-link';

export interface BrokenLink {
  kind: BrokenLinkKind;
  /** Route of the page that holds the link, e.g. `/guide/`. */
  route?: string;
  /** Source file relative to the site folder, when known, e.g. `docs/guide/index.md`. */
  file?: string;
  /** Line in the source file, when Docusaurus reports it. */
  line?: number;
  /** What the link points at. */
  target: string;
}

/** Parses the broken link, broken anchor and broken Markdown link reports of a Docusaurus build. */
export function parseBrokenLinkReport(output: string): BrokenLink[] {
  const found: BrokenLink[] = [];
  let kind: 'link' | 'anchor' | undefined;
  let route: string | undefined;
  for (const line of output.split('\n')) {
    if (/found broken links/i.test(line)) kind = 'link';
    else if (/found broken anchors/i.test(line)) kind = 'anchor';
    const page = /source page path = (\S+?):?$/.exec(line.trim());
    if (page) route = page[1];
    const target = /^->\s*linking to (\S+)/.exec(line.trim());
    if (target?.[1] !== undefined && kind && route !== undefined) {
      found.push({ kind, route, target: target[1].replace(/\s*\(resolved as:.*$/, '') });
    }
    const markdown =
      /Markdown link with URL `([^`]+)` in source file "([^"]+)"(?: \((?:line )?(\d+)(?::\d+)?\))? couldn't be resolved/.exec(
        line,
      );
    if (markdown?.[1] !== undefined && markdown[2] !== undefined) {
      found.push({
        kind: 'markdown-link',
        target: markdown[1],
        file: markdown[2],
        ...(markdown[3] === undefined ? {} : { line: Number(markdown[3]) }),
      });
    }
  }
  // Docusaurus prints some errors twice (as cause and as error): keep each finding once.
  const seen = new Set<string>();
  return found.filter((link) => {
    const key = JSON.stringify(link);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Route → source file, from the docs metadata that Docusaurus writes under `.docusaurus/`. */
export async function readRouteSources(siteDir: string): Promise<Map<string, string>> {
  const generated = path.join(siteDir, '.docusaurus');
  const sources = new Map<string, string>();
  const visit = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await visit(full);
      else if (entry.name.endsWith('.json') && !entry.name.startsWith('__')) {
        const data = JSON.parse(await readFile(full, 'utf8')) as {
          permalink?: unknown;
          source?: unknown;
        };
        if (typeof data.permalink === 'string' && typeof data.source === 'string') {
          sources.set(data.permalink, data.source.replace(/^@site\//, ''));
        }
      }
    }
  };
  await visit(generated);
  return sources;
}

/** Fills in the source file of each route-based finding. */
export function attachSources(
  links: BrokenLink[],
  sources: Map<string, string>,
  baseUrl = '/',
): BrokenLink[] {
  return links.map((link) => {
    if (link.file !== undefined || link.route === undefined) return link;
    const withoutBase = link.route.startsWith(baseUrl)
      ? `/${link.route.slice(baseUrl.length)}`
      : link.route;
    const file =
      sources.get(link.route) ?? sources.get(withoutBase) ?? pageSourceGuess(withoutBase);
    return file === undefined ? link : { ...link, file };
  });
}

/** Pages of `src/pages/` have no metadata file; their route is their file name. */
function pageSourceGuess(route: string): string | undefined {
  if (route === '/') return 'src/pages/index.tsx';
  return undefined;
}

/** One line per finding: `docs/x.md: broken link to /nowhere (page /x)`. */
export function formatBrokenLink(link: BrokenLink): string {
  const where = link.file ?? link.route ?? '(unknown page)';
  const line = link.line === undefined ? '' : `:${link.line}`;
  const what = {
    link: 'broken link',
    anchor: 'broken anchor',
    'markdown-link': 'broken Markdown link',
  }[link.kind];
  const page = link.route !== undefined && link.file !== undefined ? ` (page ${link.route})` : '';
  return `${where}${line}: ${what} to ${link.target}${page}`;
}
