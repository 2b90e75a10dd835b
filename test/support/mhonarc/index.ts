/**
 * Test support, not the archive reader (that is src/lib/archive): builds real MHonArc archives in
 * the OASIS layout from test-written mail, by running the `mhonarc` program, and serves them with
 * validators and injected faults (test/support/http), for the mail sync's tests and benchmarks.
 */
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
