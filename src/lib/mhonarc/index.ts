/** Real MHonArc archives in the OASIS layout, built from test-written mail, and a server for them. */
export {
  encodeBase64,
  encodeQuotedPrintable,
  formatMessage,
  monthOf,
  parseMailDate,
  type Attachment,
  type MailMessage,
  type MessageBody,
} from './message';
export { escapeFromLines, formatMbox, fromLine, writeMbox } from './mbox';
export {
  archiveHomePage,
  bannerHtml,
  listHomePage,
  monthLabel,
  oasisResourceFile,
  type LayoutOptions,
  type MonthSummary,
} from './oasis-layout';
export { addToArchive, buildArchive, type BuildOptions, type BuiltArchive } from './build';
export {
  serveArchive,
  type ArchiveServer,
  type Fault,
  type FaultRule,
  type ServeOptions,
  type ServedRequest,
} from './server';
