/**
 * What bench:site measures: pairs of pages (this site's and the bare site's) and the order in
 * which Lighthouse visits them in each run.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadSiteConfig } from '../../../config';
import { InvalidInputError } from '../../errors';
import { sitemapPaths } from '../../sitemap';
import { BARE_DOCS_PAGE } from '../budgets';
import { FORM_FACTORS, type FormFactor } from '../lighthouse';

export type SiteName = 'project' | 'bare';
export const SITES: readonly SiteName[] = ['project', 'bare'];

/** A page of this site and the bare site's page it is compared with (site paths). */
export interface PagePair {
  key: 'home' | 'guide' | 'errata';
  label: string;
  project: string;
  bare: string;
}

/** The bare site's docs page every guide page is compared with. */
export const BARE_DOCS_PATH = BARE_DOCS_PAGE.page;

/** Home, every guide page, errata index. */
export function pagePlan(guidePages: readonly string[]): PagePair[] {
  return [
    { key: 'home', label: 'home', project: '', bare: '' },
    ...guidePages.map((page) => ({
      key: 'guide' as const,
      label: `/${page}`,
      project: page,
      bare: BARE_DOCS_PATH,
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
  site: SiteName;
  sitePath: string;
}

/** Each distinct page once per form factor: the guide pages share the bare docs page. */
function distinctVisits(pages: readonly PagePair[]): Visit[] {
  return FORM_FACTORS.flatMap((formFactor) =>
    SITES.flatMap((site) =>
      [...new Set(pages.map((page) => page[site]))].map((sitePath) => ({
        formFactor,
        site,
        sitePath,
      })),
    ),
  );
}

/**
 * The visits of one run, project and bare pages interleaved (the shared bare page spaced evenly
 * among the project's), so drift in machine load hits both sites alike.
 */
export function visitOrder(pages: readonly PagePair[]): Visit[] {
  const visits = distinctVisits(pages);
  return FORM_FACTORS.flatMap((formFactor) => {
    const own = (site: SiteName) =>
      visits.filter((visit) => visit.formFactor === formFactor && visit.site === site);
    const project = own('project');
    const bare = own('bare');
    const spacing = Math.max(1, Math.floor(project.length / Math.max(1, bare.length)));
    const mixed: Visit[] = [];
    project.forEach((visit, index) => {
      const shared = bare[Math.floor(index / spacing)];
      if (index % spacing === 0 && shared !== undefined) mixed.push(shared);
      mixed.push(visit);
    });
    for (const rest of bare.slice(Math.ceil(project.length / spacing))) mixed.push(rest);
    return mixed;
  });
}
