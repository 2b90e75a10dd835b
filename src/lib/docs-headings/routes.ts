/**
 * Doc ids and routes as `@docusaurus/plugin-content-docs` computes them (`lib/docs.js`,
 * `lib/slug.js`, `lib/numberPrefix.js`): number prefixes (`01-intro`) are stripped, `id` and `slug`
 * front matter override, and `index`, `README` or a file named like its folder is the folder's page.
 */
import path from 'node:path';
import { normalizeUrl, resolvePathname } from '@docusaurus/utils';
import type { FrontMatter } from './front-matter';

// plugin-content-docs numberPrefix.js: date- and version-like prefixes (2021-11-, 7.0-) are kept.
const IGNORED_PREFIX = /^\d+[-_.]\d+/;
const NUMBER_PREFIX = /^(?<numberPrefix>\d+)\s*[-_.]+\s*(?<suffix>[^-_.\s].*)$/;

function stripNumberPrefix(name: string): string {
  if (IGNORED_PREFIX.test(name)) return name;
  return NUMBER_PREFIX.exec(name)?.groups?.suffix ?? name;
}

function stripPathNumberPrefixes(dir: string): string {
  return dir.split('/').map(stripNumberPrefix).join('/');
}

export interface DocLocation {
  /** The Docusaurus doc id, e.g. `guide/index` (what sidebars and `@site` doc links use). */
  docId: string;
  /** The page's route relative to the site's `baseUrl`, e.g. `/guide/` (what a reader visits). */
  route: string;
}

/**
 * @param source the file's path relative to the docs folder, POSIX separators (`guide/index.md`)
 * @param routeBasePath the docs instance's `routeBasePath` (`/` for docs, `dogfood` for dogfood)
 */
export function docLocation(
  source: string,
  frontMatter: FrontMatter,
  routeBasePath: string,
): DocLocation {
  const fileName = path.posix.basename(source, path.posix.extname(source));
  const sourceDirName = path.posix.dirname(source);
  const baseId = frontMatter.id ?? stripNumberPrefix(fileName);
  const dirNameIdPrefix =
    sourceDirName === '.' ? undefined : stripPathNumberPrefixes(sourceDirName);
  const docId = [dirNameIdPrefix, baseId].filter((part) => part !== undefined).join('/');

  const dirNameSlug =
    sourceDirName === '.' ? '/' : `/${stripPathNumberPrefixes(sourceDirName).replace(/\/?$/, '/')}`;
  const folder = sourceDirName.split('/').reverse()[0]?.toLowerCase();
  const isCategoryIndex = ['index', 'readme', folder].includes(fileName.toLowerCase());
  let slug: string;
  if (frontMatter.slug?.startsWith('/') === true) slug = frontMatter.slug;
  else if (frontMatter.slug === undefined && isCategoryIndex) slug = dirNameSlug;
  else slug = resolvePathname(frontMatter.slug ?? baseId, dirNameSlug);

  return { docId, route: normalizeUrl(['/', routeBasePath, slug]) };
}
