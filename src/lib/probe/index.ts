/** The fork-behaviour probe (examples/probe): running it, its report schema, its renderings. */
export * from './schema';
export * from './run';
export { moduleName, renderMarkdown, renderText, type RecommendationLinks } from './render';
export { recommendationLinks } from './links';
export * from './project-reports';
export { generateProbeSchema, PROBE_SCHEMA_FILE } from './json-schema';
export { pinFromEnvironment, pinFromStdin, readPin } from './pin';
export { formatProbeReport } from './report-format';
export { syncProbeSchemaFile, type SchemaFileState } from './schema-file';
export {
  formatReportValidation,
  validateProbeReports,
  type ReportValidation,
} from './validate-files';
export { PROBE_HELP } from './help';
