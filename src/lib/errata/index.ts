/**
 * The errata tracker's data layer: schema, loading with file:line:col findings, deterministic
 * saving, validation rules, queries, ids, the inbox and the Comment Resolution Log.
 */
export {
  createFileExclusive,
  FolderFlushes,
  writeFileAtomic,
  writeFileIfChanged,
  type AtomicFs,
} from './atomic';
export { canonicalOrder } from './canonical';
export { findEmailAddresses } from './email';
export type { Finding } from '../findings';
export { createWithNextId, formatErratumId, recordFileName, recordNumber, sourceKey } from './ids';
export {
  acceptProposal,
  checkRecordText,
  SCREENED_FIELDS,
  type AcceptFields,
  type AcceptResult,
  type ScreenedField,
} from './accept';
export { acceptProposalByEditing, editBuffer, type EditOptions } from './accept-edit';
export {
  ignoreProposal,
  loadValidProposal,
  proposalPath,
  syncProposal,
  type ProposalChange,
} from './inbox';
export { generateSchemaFiles, type GeneratedFile } from './json-schema';
export { loadOptionalJson } from './load-json';
export { listJson, listMarkdown, listText } from './list-format';
export {
  checkParsedYaml,
  issuesToFindings,
  loadOptionalYaml,
  loadYamlRecord,
  type Loaded,
} from './load';
export {
  displayPath,
  errataPaths,
  SCHEMA_FILES,
  SCHEMA_REFERENCES,
  type ErrataPaths,
} from './paths';
export { placeOf, walkScalars, type Place } from './positions';
export {
  byId,
  byLastActivity,
  countByStatus,
  filterErrata,
  lastActivity,
  matchesFilter,
  type ErratumFilter,
} from './queries';
export {
  firstInvalidUtf8,
  MAX_FILE_BYTES,
  parseYamlText,
  readYamlFile,
  type ParsedYaml,
} from './read-yaml';
export {
  createRecord,
  saveErratum,
  scaffoldRecord,
  serialiseErratum,
  serialiseIgnored,
  serialiseProposal,
  today,
  updateSyncOwnedFields,
  applyStatusChange,
  type NewRecordOptions,
  type StatusChange,
  type SyncUpdateResult,
} from './records';
export {
  loadErrataSet,
  loadErrataSetForSync,
  loadIgnored,
  loadProposal,
  loadRecord,
  validRecords,
  type ErrataSet,
  type LoadedFile,
} from './repository';
export {
  describeAffected,
  documentName,
  formatCsv,
  LOG_COLUMNS,
  logCsv,
  logMarkdown,
  logRows,
  markdownCell,
  neutraliseCsvCell,
  STATUS_LABELS,
} from './resolution-log';
export { DECIDED_STATUSES, isCertainlyBefore, TRANSITIONS } from './rules';
export { schemaComment, serialiseYaml, YAML_OUTPUT_OPTIONS } from './save';
export { IgnoredList, InboxProposal } from './inbox-schema';
export { GitHubThread, MailThread, Thread, UpstreamThread } from './thread-schema';
export {
  Affected,
  DOCUMENT_IDS,
  Erratum,
  HUMAN_OWNED_FIELDS,
  SECTION,
  sectionLabel,
  STATUSES,
  SYNC_OWNED_FIELDS,
  TYPES,
  type ErratumType,
  type HistoryEntry,
  type HumanOwnedField,
  type Status,
  type SyncOwnedField,
} from './schema';
export { checkRecordFile, docsAnchors, validateErrata, type ValidationResult } from './validate';
export * from './report';
export * from './help';
export { syncSchemaFiles, type SchemaFileChange } from './schema-files';
