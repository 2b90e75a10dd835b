/** The recommendation registry of the revised §2.5.2 and the check that ties it to the tests. */
export * from './schema';
export { loadRegistry, REGISTRY_FILE, type LoadedRegistry } from './load';
export { evaluateClaim, evaluateRuntimeClaim, findResult, type Evaluation } from './evaluate';
export { citationsIn, scanDocs, type Citation } from './docs-scan';
export { plainProposedText, renderStatements, updateProposedText } from './proposed-text';
export { checkTraceability, PROPOSED_TEXT_FILE, type Traceability } from './check';
export {
  AUDIENCE_PAGES,
  checkFieldReports,
  FIELD_REPORTS_FILE,
  NAMED_REPORTS,
  parseFieldReports,
  type FieldReport,
} from './field-reports';
export { updateProposedTextFile, type ProposedTextUpdate } from './update-file';
export { GUIDE_COMMANDS, GUIDE_HELP, type GuideCommand } from './guide-help';
