/**
 * The pages the sweep visits: every URL of the built sitemap, plus the pages that are built but
 * kept out of the sitemap on purpose (the noindex dogfood pages and the 404 page).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sitemapPaths } from '../../src/lib/sitemap';

/** Every built HTML page as a site path: `guide/index.html` → `guide/`, `a.html` → `a`. */
export async function builtPagePaths(buildDir: string): Promise<string[]> {
  const entries = await readdir(buildDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) =>
      path.relative(buildDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
    )
    .map((file) =>
      file === 'index.html' ? '' : file.replace(/(^|\/)index\.html$/, '$1').replace(/\.html$/, ''),
    )
    .sort();
}

export interface SweepPlan {
  /** Site paths to visit, sitemap first. */
  paths: string[];
  sitemap: string[];
  /** Built pages the sitemap leaves out on purpose. */
  unlisted: string[];
}

/** Pages kept out of the sitemap on purpose; anything else missing from it is a mistake. */
const UNLISTED_ON_PURPOSE = [/^dogfood(\/|$)/, /^404$/];

export async function planSweep(buildDir: string, siteUrl: string): Promise<SweepPlan> {
  const sitemap = sitemapPaths(await readFile(path.join(buildDir, 'sitemap.xml'), 'utf8'), siteUrl);
  const built = await builtPagePaths(buildDir);
  const listed = new Set(sitemap.map((entry) => entry.replace(/\/$/, '')));
  const unlisted = built.filter((page) => !listed.has(page.replace(/\/$/, '')));
  const unexpected = unlisted.filter(
    (page) => !UNLISTED_ON_PURPOSE.some((pattern) => pattern.test(page)),
  );
  if (unexpected.length > 0) {
    throw new Error(`built pages missing from the sitemap: ${unexpected.join(', ')}`);
  }
  return { paths: [...sitemap, ...unlisted], sitemap, unlisted };
}

/** The guide's pages in the built sitemap (`guide/`, `guide/applications`, …). */
export async function guidePages(buildDir: string, siteUrl: string): Promise<string[]> {
  const sitemap = sitemapPaths(await readFile(path.join(buildDir, 'sitemap.xml'), 'utf8'), siteUrl);
  return sitemap.filter((page) => page.startsWith('guide'));
}
