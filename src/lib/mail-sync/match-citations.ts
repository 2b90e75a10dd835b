/**
 * Cited mail threads against the rebuilt threads: what a record or proposal cites is matched by
 * Message-ID or page, refreshed (counts, last activity, a moved URL), or reported as a conflict.
 */
import { normaliseSubject, type ArchivedMessage, type RebuiltThread } from '../archive';
import type { MailThread, Thread } from '../errata';
import { locationKey, pageKeyIn, type ArchiveRoots } from './page-keys';
import { pageUrl } from './crawl';
import { entryFor, orderedLists, SCHEMA_MESSAGE_ID, shortText } from './thread-entries';

export interface ThreadIndex {
  byMessageId: Map<string, RebuiltThread>;
  /** The message each page of this archive holds, by `list/YYYYMM/number`. */
  messageAt: Map<string, { thread: RebuiltThread; message: ArchivedMessage }>;
}

export function indexThreads(threads: readonly RebuiltThread[]): ThreadIndex {
  const index: ThreadIndex = { byMessageId: new Map(), messageAt: new Map() };
  for (const thread of threads) {
    for (const message of thread.messages) {
      index.byMessageId.set(message.messageId, thread);
      for (const page of message.pages) {
        index.messageAt.set(locationKey(page), { thread, message });
      }
    }
  }
  return index;
}

/** A citation the archive contradicts: what the record says against what the archive says. */
export interface MailConflict {
  file: string;
  field: string;
  record: string;
  archive: string;
  /** The citation (archive URL, else Message-ID) to name in the rules file's `confirmed`. */
  citation: string;
}

export interface MatchContext {
  index: ThreadIndex;
  roots: ArchiveRoots;
  commentLists: ReadonlySet<string>;
  claimed: Set<RebuiltThread>;
  today: string;
  isConfirmed: (citation: string) => boolean;
}

function bareId(id: string | undefined): string | undefined {
  return id?.replace(/^<|>$/g, '');
}

function sameSubject(a: string, b: string): boolean {
  return normaliseSubject(a).toLowerCase() === normaliseSubject(shortText(b)).toLowerCase();
}

function laterOf(a: string, b: string): string {
  return b.localeCompare(a) > 0 ? b : a;
}

/** The cited page of the message in a list of this archive, under the root the record cites. */
function citedUrl(message: ArchivedMessage, list: string, roots: ArchiveRoots): string | undefined {
  const page = message.pages.find((p) => p.list === list);
  return page === undefined
    ? undefined
    : pageUrl(roots.citeRoot, page.list, page.month, page.number);
}

type EntryOutcome =
  | { kind: 'unmatched' }
  | { kind: 'matched'; thread: RebuiltThread; entry: MailThread }
  | { kind: 'conflict'; field: string; record: string; archive: string };

/**
 * One cited mail thread against the archive. The record's Message-ID, URL and subject are facts:
 * the sync keeps them, fills a missing Message-ID or URL, counts new messages (never fewer), and
 * moves a URL only when the same Message-ID is proven at another page of the same archive.
 */
function matchEntry(entry: MailThread, context: MatchContext): EntryOutcome {
  const { index, roots } = context;
  const id = bareId(entry.messageId);
  const key = entry.archiveUrl === undefined ? undefined : pageKeyIn(roots, entry.archiveUrl);
  const atPage = key === undefined ? undefined : index.messageAt.get(key);
  const byId = id === undefined ? undefined : index.byMessageId.get(id);

  let thread: RebuiltThread;
  let message: ArchivedMessage | undefined;
  if (id !== undefined) {
    if (byId === undefined) {
      // The page the record cites now holds a message with another (real) Message-ID.
      if (atPage !== undefined && !atPage.message.syntheticId) {
        return {
          kind: 'conflict',
          field: 'messageId',
          record: entry.messageId ?? '',
          archive: `<${atPage.message.messageId}> at ${entry.archiveUrl ?? ''}`,
        };
      }
      return { kind: 'unmatched' };
    }
    thread = byId;
    message = byId.messages.find((m) => m.messageId === id);
  } else {
    if (atPage === undefined) return { kind: 'unmatched' };
    if (!sameSubject(entry.subject, atPage.message.subject)) {
      return {
        kind: 'conflict',
        field: 'subject',
        record: entry.subject,
        archive: `${shortText(atPage.message.subject)} at ${entry.archiveUrl ?? ''}`,
      };
    }
    thread = atPage.thread;
    message = atPage.message;
  }

  const next: MailThread = { ...entry };
  if (next.messageId === undefined && message !== undefined && !message.syntheticId) {
    if (SCHEMA_MESSAGE_ID.test(message.messageId)) next.messageId = `<${message.messageId}>`;
  }
  const proven = message === undefined ? undefined : citedUrl(message, entry.list, roots);
  if (entry.archiveUrl === undefined) {
    if (proven !== undefined) next.archiveUrl = proven;
  } else if (
    id !== undefined &&
    key !== undefined &&
    proven !== undefined &&
    proven !== entry.archiveUrl &&
    atPage !== undefined &&
    !atPage.message.syntheticId &&
    atPage.message.messageId !== id
  ) {
    // The same Message-ID at another page of the same archive: the month was renumbered.
    next.archiveUrl = proven;
    next.movedFrom = [
      ...(entry.movedFrom ?? []),
      { archiveUrl: entry.archiveUrl, date: context.today },
    ];
  }
  const counted = entryFor(thread, entry.list);
  if (counted !== undefined) {
    next.messages = Math.max(entry.messages, counted.messages);
    next.lastActivity = laterOf(entry.lastActivity, counted.lastActivity);
  }
  return { kind: 'matched', thread, entry: next };
}

export interface FileOutcome {
  threads?: Thread[];
  conflicts: Omit<MailConflict, 'file'>[];
}

/**
 * A file's threads after the sync (undefined when no mail thread of it is in the archive), or its
 * conflicts, in which case nothing of the file is written.
 */
export function syncedThreads(current: readonly Thread[], context: MatchContext): FileOutcome {
  const next: Thread[] = [];
  const conflicts: FileOutcome['conflicts'] = [];
  const written = new Set<string>();
  const matched: RebuiltThread[] = [];
  current.forEach((entry, position) => {
    if (entry.kind !== 'mail') {
      next.push(entry);
      return;
    }
    const citation = entry.archiveUrl ?? entry.messageId ?? '';
    const outcome = context.isConfirmed(citation)
      ? { kind: 'unmatched' as const }
      : matchEntry(entry, context);
    if (outcome.kind === 'conflict') {
      conflicts.push({
        field: `threads[${position}].${outcome.field}`,
        record: outcome.record,
        archive: outcome.archive,
        citation,
      });
      next.push(entry);
      return;
    }
    if (outcome.kind === 'unmatched') {
      next.push(entry);
      return;
    }
    if (!matched.includes(outcome.thread)) matched.push(outcome.thread);
    written.add(`${outcome.thread.rootMessageId}\u0000${entry.list}`);
    next.push(outcome.entry);
  });
  if (conflicts.length > 0) return { conflicts };
  if (matched.length === 0) return { conflicts };
  for (const thread of matched) {
    context.claimed.add(thread);
    // A citation may be added: the thread's first message on each list it reached.
    for (const list of orderedLists(thread, context.commentLists)) {
      const key = `${thread.rootMessageId}\u0000${list}`;
      const entry = written.has(key) ? undefined : entryFor(thread, list, context.roots.citeRoot);
      if (entry === undefined) continue;
      written.add(key);
      next.push(entry);
    }
  }
  return { threads: next, conflicts };
}
