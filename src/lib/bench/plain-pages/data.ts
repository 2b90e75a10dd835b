/**
 * The data the guide's components show, read in Node.js from the same files and with the same
 * libraries the site's plugins use (src/plugins/example-results, src/plugins/probe-reports,
 * src/remark/recommendation-props), so the plain pages print what the project pages print.
 */
import path from 'node:path';
import type { LoadContext } from '@docusaurus/types';
import { loadSiteConfig, repositoryUrl } from '../../../config';
import pluginProbeReports from '../../../plugins/probe-reports';
import type { ProbeReportView } from '../../../plugins/probe-reports/types';
import { ConfigurationError } from '../../errors';
import { readResults } from '../../examples/files';
import { shownResults, type ShownResults } from '../../examples/shown-results';
import { loadRegistry } from '../../recommendations/load';
import { recommendationViews, type RecommendationView } from '../../recommendations/view';
import { readRuntimes, RUNTIMES_RESULTS_FILE } from '../../runtimes/results';

export interface GuideData {
  /** The project's folder (with docs/, examples/, errata/). */
  siteDir: string;
  /** Base of links to a file in the repository, e.g. `https://github.com/o/r/blob/main/`. */
  fileUrl: string;
  recommendations: Map<string, RecommendationView>;
  /** What <ResultsMatrix>, <ResultsModules> and <HazardRuns> are given. */
  results: ShownResults;
  /** What <ProbeReports> imports. */
  probeReports: ProbeReportView[];
}

export async function loadGuideData(siteDir: string): Promise<GuideData> {
  const site = loadSiteConfig();
  const fileUrl = `${repositoryUrl(site.githubRepository)}/blob/${site.defaultBranch}/`;
  const loaded = await loadRegistry(siteDir);
  if (!loaded.registry)
    throw new ConfigurationError(
      'docs/guide/recommendations.yaml does not load; run npm run guide -- check',
    );
  const results = await readResults(path.join(siteDir, 'examples', 'results.json'));
  const runtimes = await readRuntimes(path.join(siteDir, RUNTIMES_RESULTS_FILE));
  const views = recommendationViews(loaded.registry, results, fileUrl, runtimes);
  // The plugin itself computes the reports' view: only siteDir of its context is read.
  const probe = pluginProbeReports({ siteDir } as LoadContext, { fileUrl });
  const probeData = await probe.loadContent?.();
  return {
    siteDir,
    fileUrl,
    recommendations: new Map(views.map((view) => [view.id, view])),
    results: shownResults(results),
    probeReports: probeData?.reports ?? [],
  };
}
