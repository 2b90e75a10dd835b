/**
 * Docusaurus plugin: each file prefetched once. When a link to another page scrolls into view,
 * Docusaurus (core 3.10, client/docusaurus.js) prefetches the chunks of that page's route and of
 * every route above it, and its helper (client/prefetch.js) adds a `<link rel="prefetch">` for
 * each without asking whether one is there already. The routes above a guide page are the docs
 * layout's, shared by every guide page, so the sidebar's links added the same files again and
 * again: 260 prefetch links in the head of /guide/applications for 19 files, appended in one
 * task of about 600 ms on Lighthouse's throttled phone (`npm run bench:trace`). The helper is
 * replaced by ./prefetch.ts, which keeps its contract and remembers what it asked for.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { LoadContext, Plugin } from '@docusaurus/types';

export default function pluginPrefetchOnce(context: LoadContext): Plugin {
  const require = createRequire(path.join(context.siteDir, 'package.json'));
  const helper = require.resolve('@docusaurus/core/lib/client/prefetch');
  const replacement = path.join(context.siteDir, 'src', 'plugins', 'prefetch-once', 'prefetch.ts');
  return {
    name: 'prefetch-once',
    configureWebpack() {
      return { resolve: { alias: { [helper]: replacement } } };
    },
  };
}
