/**
 * Where each module recommendation lives on the site, for the links in a rendered probe report:
 * the page that shows its `<Recommendation id="…" />`, with the id as the anchor.
 */
import { loadRegistry, scanDocs } from '../recommendations';
import type { RecommendationLinks } from './render';

/** `docs/guide/module-implementers.mdx` → `guide/module-implementers` (routeBasePath is `/`). */
function routeOf(file: string): string {
  return file
    .replace(/^docs\//, '')
    .replace(/\.mdx?$/, '')
    .replace(/(?:^|\/)index$/, '');
}

export async function recommendationLinks(
  siteDir: string,
  siteUrl: string,
): Promise<RecommendationLinks> {
  const { registry } = await loadRegistry(siteDir);
  const pages = new Map(
    (await scanDocs(siteDir))
      .filter((citation) => citation.kind === 'Recommendation')
      .map((citation) => [citation.id, routeOf(citation.file)] as const),
  );
  const base = siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`;
  const links = new Map<string, { title: string; url: string }>();
  for (const recommendation of registry?.recommendations ?? []) {
    const page = pages.get(recommendation.id);
    if (page === undefined) continue;
    links.set(recommendation.id, {
      title: recommendation.title,
      url: `${base}${page}#${recommendation.id}`,
    });
  }
  return links;
}
