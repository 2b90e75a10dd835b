/**
 * Which pages of a built site `npm run page-weight` measures: the ones named, else every page its
 * sitemap lists.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sitemapPaths } from '../sitemap';

export async function pagesToMeasure(
  /** A built site (see builtSite in src/lib/site-build). */
  buildDir: string,
  named: readonly string[],
  /** The site's public root (`url` + `baseUrl`), which the sitemap's addresses start with. */
  siteRoot: string,
): Promise<string[]> {
  if (named.length > 0) return named.map((page) => page.replace(/^\//, ''));
  return sitemapPaths(await readFile(path.join(buildDir, 'sitemap.xml'), 'utf8'), siteRoot);
}
