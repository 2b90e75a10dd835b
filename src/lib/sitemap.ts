/** Reading the built site's sitemap.xml. */

/** `<loc>` entries of a sitemap, as paths relative to the site's base URL (e.g. `guide/`). */
export function sitemapPaths(xml: string, siteUrl: string): string[] {
  const base = new URL(siteUrl);
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => {
    const url = new URL((match[1] ?? '').trim());
    if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) {
      throw new Error(`sitemap entry ${url.href} lies outside the site ${base.href}`);
    }
    return url.pathname.slice(base.pathname.length);
  });
}
