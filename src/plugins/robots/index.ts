/**
 * Docusaurus plugin: writes robots.txt next to the sitemap, naming the sitemap's absolute
 * address and keeping crawlers out of the browser-test pages (`dogfood/`, also noindex). Crawlers
 * read robots.txt only at a host's root: it takes effect when the site is served at `/` (a custom
 * domain); under GitHub Pages' `/<repo>/` the per-page robots meta tags do the same work.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LoadContext, Plugin } from '@docusaurus/types';

export function robotsTxt(url: string, baseUrl: string): string {
  return [
    'User-agent: *',
    `Disallow: ${baseUrl}dogfood/`,
    '',
    `Sitemap: ${url}${baseUrl}sitemap.xml`,
    '',
  ].join('\n');
}

export default function pluginRobots(context: LoadContext): Plugin {
  return {
    name: 'robots',
    async postBuild({ outDir }) {
      const { url, baseUrl } = context.siteConfig;
      await writeFile(path.join(outDir, 'robots.txt'), robotsTxt(url, baseUrl));
    },
  };
}
