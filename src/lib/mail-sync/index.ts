/**
 * The mail sync (ARCHITECTURE.md, "Sync semantics"): follows the OASIS comment threads in the MHonArc
 * list archives and writes what it learns into errata/ through the errata library.
 */
export { crawlArchive, decodePage, pageUrl, type CrawlEvent, type CrawlTotals } from './crawl';
export { reconcile, type MailConflict, type ReconcilePlan } from './reconcile';
export { pageKey, pageKeyIn } from './page-keys';
export { entryFor } from './thread-entries';
export { createProgress, type Progress } from './progress';
export { reportGithub, reportJson, reportMarkdown, reportText } from './report';
export { compileRules, DEFAULT_RULES, loadRules, MailRules, type CompiledRules } from './rules';
export {
  DEFAULT_LISTS,
  mergeIntoState,
  runMailSync,
  syncPaths,
  type MailSyncChange,
  type MailSyncOptions,
  type MailSyncReport,
} from './run';
export {
  SyncStateFile,
  emptyState,
  formatRanges,
  loadState,
  loadYamlState,
  parseRanges,
  serialiseState,
  SyncState,
} from './state';
