/**
 * Docusaurus plugin: the recommendation registry. At build time it runs the traceability check
 * (a finding fails the build with its file and line) and writes the proposed text as plain
 * Markdown and as a ready-to-send comment under /downloads/. The pages get the recommendations
 * and measured claims they cite from src/remark/recommendation-props.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LoadContext, Plugin } from '@docusaurus/types';

import { formatFindingText } from '../../lib/findings';
import {
  checkTraceability,
  plainProposedText,
  PROPOSED_TEXT_FILE,
  REGISTRY_FILE,
} from '../../lib/recommendations';
import { commentText } from './comment';

export interface PluginOptions {
  /** The site's public address (publishedSiteUrl), for the link in the comment. */
  publishedUrl: string;
}

/** Where the downloads are served, below the base URL. */
export const DOWNLOADS = {
  proposedText: 'downloads/usage-guide-2.5.2-revision.md',
  comment: 'downloads/usage-guide-2.5.2-comment.txt',
} as const;

export default function pluginRecommendations(
  context: LoadContext,
  options: PluginOptions,
): Plugin {
  const { siteDir } = context;
  return {
    name: 'recommendations',

    getPathsToWatch: () => [
      path.join(siteDir, REGISTRY_FILE),
      path.join(siteDir, 'examples', 'results.json'),
      path.join(siteDir, 'examples', 'runtimes', 'results.json'),
      path.join(siteDir, PROPOSED_TEXT_FILE),
    ],

    async loadContent() {
      const { registry, findings } = await checkTraceability({ siteDir });
      if (!registry || findings.length > 0) {
        throw new Error(
          `The guide and its recommendation registry disagree:\n${findings.map(formatFindingText).join('\n')}`,
        );
      }
    },

    async postBuild({ outDir }) {
      const text = plainProposedText(
        await readFile(path.join(siteDir, PROPOSED_TEXT_FILE), 'utf8'),
      );
      const pageUrl = `${options.publishedUrl}guide/proposed-text`;
      await mkdir(path.join(outDir, 'downloads'), { recursive: true });
      await writeFile(path.join(outDir, DOWNLOADS.proposedText), text);
      await writeFile(
        path.join(outDir, DOWNLOADS.comment),
        commentText({ proposedText: text, pageUrl }),
      );
    },
  };
}
