/**
 * A probe report as `npm run probe --format` prints it: the JSON report itself, or text or
 * Markdown with each recommendation linked to the page of the site that states it.
 */
import { loadSiteConfig, publishedSiteUrl } from '../../config';
import type { OutputFormat } from '../output-formats';
import { recommendationLinks } from './links';
import { reportJson } from './project-reports';
import { renderMarkdown, renderText } from './render';
import type { ProbeReport } from './schema';

/** `github` is offered by no probe command; it would print as text. */
export async function formatProbeReport(
  report: ProbeReport,
  format: OutputFormat,
  siteDir: string,
): Promise<string> {
  if (format === 'json') return reportJson(report);
  const links = await recommendationLinks(siteDir, publishedSiteUrl(loadSiteConfig()));
  return format === 'markdown' ? renderMarkdown(report, links) : renderText(report, links);
}
