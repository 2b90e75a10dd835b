/**
 * What bench:site measures: pairs of pages (this site's and the bare site's; for a guide page
 * also its plain rendering) and the order in which Lighthouse visits them in each run.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadSiteConfig } from '../../../config';
import { InvalidInputError } from '../../errors';
import { sitemapPaths } from '../../sitemap';
import { BARE_DOCS_PAGE } from '../budgets';
import { FORM_FACTORS, type FormFactor } from '../lighthouse';
import { plainPathOf } from '../plain-pages/paths';

/** The two sites bench:site builds and times. */
export type SiteName = 'project' | 'bare';
export const SITES: readonly SiteName[] = ['project', 'bare'];

/**
 * The sites Lighthouse visits: the two, and the plain site (src/lib/bench/plain-pages), a bare
 * site rendering each guide page's Markdown with the components as plain text.
 */
export type Target = SiteName | 'plain';
export const TARGETS: readonly Target[] = ['project', 'bare', 'plain'];

/** A page of this site and the pages it is compared with (site paths). */
export interface PagePair {
  key: 'home' | 'guide' | 'errata';
  label: string;
  project: string;
  bare: string;
  /** The same page's plain rendering (guide pages only). */
  plain?: string;
}

/** The bare site's docs page every guide page is compared with. */
export const BARE_DOCS_PATH = BARE_DOCS_PAGE.page;

/** Home, every guide page (with its plain rendering unless `plain` is false), errata index. */
export function pagePlan(guidePages: readonly string[], plain = true): PagePair[] {
  return [
    { key: 'home', label: 'home', project: '', bare: '' },
    ...guidePages.map((page) => ({
      key: 'guide' as const,
      label: `/${page}`,
      project: page,
      bare: BARE_DOCS_PATH,
      ...(plain ? { plain: plainPathOf(page) } : {}),
    })),
    { key: 'errata', label: 'errata index', project: 'errata/', bare: 'blog' },
  ];
}

/** The guide pages of a build's sitemap, as site paths. */
export async function guidePagesOf(buildDir: string): Promise<string[]> {
  const site = loadSiteConfig();
  const xml = await readFile(path.join(buildDir, 'sitemap.xml'), 'utf8');
  return sitemapPaths(xml, `${site.url}${site.baseUrl}`).filter((page) => page.startsWith('guide'));
}

/** The guide pages to measure: `requested` (comma-separated, as --pages gives it) or all. */
export function chooseGuidePages(available: readonly string[], requested?: string): string[] {
  const chosen =
    requested === undefined
      ? [...available]
      : requested.split(',').map((page) => page.trim().replace(/^\//, ''));
  const unknown = chosen.filter((page) => !available.includes(page));
  if (unknown.length > 0 || chosen.length === 0)
    throw new InvalidInputError(
      `--pages ${requested ?? ''}: not guide pages of the sitemap: ${unknown.join(', ') || '(none given)'}; e.g. --pages guide/applications,guide/`,
    );
  return chosen;
}

/** One Lighthouse visit: a page of one site in one form factor. */
export interface Visit {
  formFactor: FormFactor;
  site: Target;
  sitePath: string;
}

/** Each distinct page of `site` once: the guide pages share the bare docs page. */
function distinctPaths(pages: readonly PagePair[], site: Target): string[] {
  return [...new Set(pages.flatMap((page) => page[site] ?? []))];
}

/**
 * The visits of one run in one form factor: the bare pages spaced evenly among the project's
 * (the shared bare docs page among the guide pages), and each guide page's plain rendering right
 * after it, so drift in machine load hits every site alike.
 */
function visitsOf(pages: readonly PagePair[], formFactor: FormFactor): Visit[] {
  const visit = (site: Target) => (sitePath: string) => ({ formFactor, site, sitePath });
  const project = distinctPaths(pages, 'project').map(visit('project'));
  const bare = distinctPaths(pages, 'bare').map(visit('bare'));
  const spacing = Math.max(1, Math.floor(project.length / Math.max(1, bare.length)));
  const mixed: Visit[] = [];
  project.forEach((own, index) => {
    const shared = bare[Math.floor(index / spacing)];
    if (index % spacing === 0 && shared !== undefined) mixed.push(shared);
    mixed.push(own);
    const plain = pages.find((page) => page.project === own.sitePath)?.plain;
    if (plain !== undefined) mixed.push(visit('plain')(plain));
  });
  for (const rest of bare.slice(Math.ceil(project.length / spacing))) mixed.push(rest);
  return mixed;
}

/** The visits of one run: every distinct page once per form factor, mobile first. */
export function visitOrder(pages: readonly PagePair[]): Visit[] {
  return FORM_FACTORS.flatMap((formFactor) => visitsOf(pages, formFactor));
}
