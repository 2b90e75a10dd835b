/**
 * The mailing-list archive reader (ARCHITECTURE.md, "archive"): MHonArc message and index pages, the
 * comments MHonArc hides its header values in, bodies split into new, quoted and forwarded text,
 * and threads rebuilt across months and lists. The polite HTTP client fetches the pages.
 */
export { dayOf, readQuotedHeader, splitBody } from './body-blocks';
export { decodeEncodedWords, repairRawUtf8 } from './encoded-words';
export {
  ArchiveHttpClient,
  FetchError,
  type ClientEvent,
  type ClientOptions,
  type ClientStats,
  type FetchResult,
  type Validators,
} from './http-client';
export { parseListHome, parseMonthIndex, type IndexEntry, type MonthLink } from './index-pages';
export { isoDate } from './mail-date';
export { isMhonarcSyntheticId, parseMessagePage, parseWholeMessagePage } from './message-page';
export {
  mhonarcRot13,
  readMhonarcComments,
  uncommentize,
  type MhonarcComments,
} from './mhonarc-comments';
export type * from './model';
export { senderName } from './names';
export { isForwardSubject, normaliseSubject } from './subjects';
export {
  findForwardedOriginal,
  mergePages,
  rebuildThreads,
  type RebuiltThread,
  type Threading,
} from './threads';
