/** What the errata commands print, built where tests reach it (ARCHITECTURE.md, "CLIs"). */
export { describeAcceptResult, type AcceptReport } from './accept-report';
export {
  formatFindingsReport,
  validateSummary,
  type FindingsFormat,
  type FindingsReportOptions,
} from './findings-report';
export { formatProposals, summariseProposals, type ProposalSummary } from './proposals-report';
export { loadReportableRecords, type ReportableRecords } from './valid-records';
