/**
 * The plain rendering of the guide: a bare Docusaurus site (../bare-site.ts) whose docs/guide/
 * holds every guide page converted by convert.ts, under the same file names, so the bare site
 * serves them at /docs/guide/… next to its own docs. The second baseline of bench:site and of
 * the DOM budget test (ARCHITECTURE.md, benchmarks).
 */
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../../errors';
import { buildSite } from '../../site-build';
import { createBareSite, type BareSite } from '../bare-site';
import { plainPage, type PlainPage } from './convert';
import { loadGuideData } from './data';

/** The guide pages' source files, e.g. `applications.mdx`. */
export async function guideSourceFiles(projectDir: string): Promise<string[]> {
  const entries = await readdir(path.join(projectDir, 'docs', 'guide'));
  return entries.filter((name) => /\.mdx?$/.test(name)).sort();
}

/** Converts every guide page of `projectDir` and writes it into `siteDir`'s docs/guide/. */
export async function writePlainGuide(projectDir: string, siteDir: string): Promise<PlainPage[]> {
  const data = await loadGuideData(projectDir);
  const files = await guideSourceFiles(projectDir);
  const guideFiles = new Set(files);
  const target = path.join(siteDir, 'docs', 'guide');
  const pages: PlainPage[] = [];
  for (const file of files) {
    const page = await plainPage(data, file, guideFiles);
    for (const asset of page.assets) {
      await mkdir(path.dirname(path.join(target, asset.to)), { recursive: true });
      await copyFile(asset.from, path.join(target, asset.to));
    }
    await mkdir(target, { recursive: true });
    await writeFile(path.join(target, file), page.markdown);
    pages.push(page);
  }
  return pages;
}

/** A bare site with the plain guide written in; `remove()` deletes it. */
export async function createPlainSite(
  projectDir: string,
): Promise<BareSite & { pages: PlainPage[] }> {
  const site = await createBareSite(projectDir);
  try {
    return { ...site, pages: await writePlainGuide(projectDir, site.dir) };
  } catch (error) {
    await site.remove();
    throw error;
  }
}

/**
 * Builds the plain rendering into `outDir` (a bare site made for it, removed afterwards); the
 * build's output ends the error when Docusaurus fails.
 */
export async function buildPlainSite(projectDir: string, outDir: string): Promise<PlainPage[]> {
  const site = await createPlainSite(projectDir);
  try {
    const result = await buildSite({ siteDir: site.dir, outDir });
    if (!result.ok)
      throw new ConfigurationError(
        `the plain guide site did not build:\n${result.output.slice(-3000)}`,
      );
    return site.pages;
  } finally {
    await site.remove();
  }
}
