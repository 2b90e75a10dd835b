/**
 * Heading ids of the docs sources, computed as Docusaurus computes them, without a site build.
 */
export {
  anchorTargets,
  collectDocsHeadings,
  pageHeadings,
  SITE_DOCS_INSTANCES,
  type DocPageHeadings,
  type DocsInstance,
} from './collect';
export { splitFrontMatter, type FrontMatter } from './front-matter';
export { extractHeadings, type DocHeading, type SourceFormat } from './heading-ids';
export { docLocation, type DocLocation } from './routes';
