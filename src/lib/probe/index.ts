/** The fork-behaviour probe (examples/probe): running it, its report schema, its renderings. */
export * from './schema';
export * from './run';
export { moduleName, renderMarkdown, renderText, type RecommendationLinks } from './render';
export { recommendationLinks } from './links';
export * from './project-reports';
export { generateProbeSchema, PROBE_SCHEMA_FILE } from './json-schema';
