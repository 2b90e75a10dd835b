/**
 * The Usage Guide audit: the project's checks run over a TC document folder. The checks work on
 * an in-memory list of chapters, so any reader (the local folder loader here, a GitHub ref
 * reader) can feed them.
 */
export { AUDIT_CHECKS, runAudit } from './runner';
export { auditRecord, formatAudit, type AuditRecord, type AuditSource } from './report';
export { excerptAt, quoteExcerpt, sectionAt, QUOTE_LIMIT, type Excerpt } from './excerpt';
export {
  AUDIT_REPORTER,
  auditProposals,
  CHECK_TYPES,
  type AuditProposal,
  type ProposalOptions,
} from './propose';
export { formatProposeReport, proposeAuditFindings, type ProposeReport } from './propose-inbox';
export { GuideFolderError, loadGuideFolder, parseFilesList } from './load-folder';
export { headingsOf, scanCode, autoIdentifier, type Heading, type CodeBlock } from './markdown';
export {
  formatSpecHeadings,
  loadSpecHeadings,
  parseSpecHeadings,
  SPEC_HEADINGS_FILE,
} from './spec-headings';
export type { AuditCheck, AuditContext, Chapter, Finding } from './types';
export { readAuditSource, type AuditChapters, type AuditSourceOptions } from './read-source';
export { loadSpecChapters } from './spec-chapters';
