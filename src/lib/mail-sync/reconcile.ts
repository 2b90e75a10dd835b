/**
 * From the messages the sync knows to what the errata files should say. Pure: the same state and
 * files give the same plan, which is what makes a run idempotent and an interrupted run repairable
 * by running again.
 * - A thread that contains a message a record cites (its Message-ID, or the path of its archived
 *   page: `list/YYYYMM/msgNNNNN.html`, whatever the host) updates that record's `threads`, one
 *   entry per list the thread reached. Entries the archive does not explain are kept as they are.
 * - The same for proposals already in the inbox.
 * - A comment-list thread that no record or proposal claims, that the rules find to be about the
 *   Usage Guide and that was not screened out (errata/inbox/ignored.yaml) becomes a new proposal.
 * - TC-list threads never become proposals; their messages are kept only when they joined a
 *   comment-list thread or a record's thread.
 */
import {
  normaliseSubject,
  rebuildThreads,
  type ArchivedMessage,
  type PageLocation,
  type RebuiltThread,
} from '../archive';
import { sourceKey, type InboxProposal, type MailThread, type Thread } from '../errata';
import { pageUrl } from './crawl';
import { confirmedKey } from './rules';
import type { StoredMessage } from './state';

const PAGE_TAIL = /([^/]+)\/(\d{6})\/msg(\d+)\.html$/;
const SCHEMA_MESSAGE_ID = /^[^<>\s@]+@[^<>\s@]+$/;
const MAX_SUBJECT = 300;

/** `list/YYYYMM/number` of an archive page URL, whatever its host and root. */
export function pageKey(url: string): string | undefined {
  const match = PAGE_TAIL.exec(url.replace(/[?#].*$/, ''));
  if (match === null) return undefined;
  return `${decodeURIComponent(match[1] ?? '')}/${match[2]}/${Number(match[3])}`;
}

/** The `list/YYYYMM/number` key of a page location: how the state and the records name a page. */
export function locationKey(page: PageLocation): string {
  return `${page.list}/${page.month}/${page.number}`;
}

/** The page location of a `list/YYYYMM/number` key under the archive root. */
export function pageLocation(root: string, key: string): PageLocation {
  const [list = '', month = '', number = '0'] = key.split('/');
  return { list, month, number: Number(number), url: pageUrl(root, list, month, Number(number)) };
}

export function toArchived(root: string, stored: StoredMessage): ArchivedMessage {
  return {
    messageId: stored.id,
    syntheticId: stored.synthetic === true,
    subject: stored.subject,
    ...(stored.from === undefined ? {} : { from: stored.from }),
    ...(stored.date === undefined ? {} : { date: stored.date }),
    references: stored.references ?? [],
    body: [],
    attachments: [],
    followUpUrls: [],
    referenceUrls: [],
    pages: stored.pages.map((key) => pageLocation(root, key)),
  };
}

function shortText(text: string): string {
  const flat = text
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const short = flat.length > MAX_SUBJECT ? `${flat.slice(0, MAX_SUBJECT - 1)}…` : flat;
  return short === '' ? '(no subject)' : short;
}

function inList(thread: RebuiltThread, list: string): ArchivedMessage[] {
  return thread.messages.filter((message) => message.pages.some((page) => page.list === list));
}

/** The record entry for one list of a thread: its first message there, count and last activity. */
export function entryFor(
  thread: RebuiltThread,
  list: string,
  citeRoot?: string,
): MailThread | undefined {
  const messages = inList(thread, list);
  const first = messages[0];
  const page = first?.pages.find((p) => p.list === list);
  if (first === undefined || page === undefined) return undefined;
  const dates = messages
    .map((m) => m.date)
    .filter((d): d is string => d !== undefined)
    .sort();
  const idFits = !first.syntheticId && SCHEMA_MESSAGE_ID.test(first.messageId);
  return {
    kind: 'mail',
    list,
    ...(idFits ? { messageId: `<${first.messageId}>` } : {}),
    archiveUrl:
      citeRoot === undefined ? page.url : pageUrl(citeRoot, page.list, page.month, page.number),
    subject: shortText(first.subject),
    messages: messages.length,
    lastActivity: dates.at(-1) ?? `${page.month.slice(0, 4)}-${page.month.slice(4)}`,
  };
}

function orderedLists(thread: RebuiltThread, commentLists: ReadonlySet<string>): string[] {
  return [...thread.lists].sort(
    (a, b) => Number(!commentLists.has(a)) - Number(!commentLists.has(b)) || a.localeCompare(b),
  );
}

function threadEntries(
  thread: RebuiltThread,
  commentLists: ReadonlySet<string>,
  citeRoot: string,
): MailThread[] {
  return orderedLists(thread, commentLists).flatMap(
    (list) => entryFor(thread, list, citeRoot) ?? [],
  );
}

interface ThreadIndex {
  byMessageId: Map<string, RebuiltThread>;
  /** The message each page of this archive holds, by `list/YYYYMM/number`. */
  messageAt: Map<string, { thread: RebuiltThread; message: ArchivedMessage }>;
}

function indexThreads(threads: readonly RebuiltThread[]): ThreadIndex {
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

/** Where the sync reads (`root`), and under which root it cites what it reads (`citeRoot`). */
export interface ArchiveRoots {
  root: string;
  /** The root a mirror stands for (errata/sync/mail-rules.yaml), else `root`. */
  citeRoot: string;
}

/**
 * The page key of a cited URL when it names a page of this archive (its root, or the root this
 * archive mirrors); undefined for any other archive, whose same paths may hold other messages.
 */
export function pageKeyIn(roots: ArchiveRoots, url: string): string | undefined {
  const inArchive = [roots.root, roots.citeRoot].some((root) => url.startsWith(root));
  return inArchive ? pageKey(url) : undefined;
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

interface MatchContext {
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

interface FileOutcome {
  threads?: Thread[];
  conflicts: Omit<MailConflict, 'file'>[];
}

/**
 * A file's threads after the sync (undefined when no mail thread of it is in the archive), or its
 * conflicts, in which case nothing of the file is written.
 */
function syncedThreads(current: readonly Thread[], context: MatchContext): FileOutcome {
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

export interface FileThreads {
  path: string;
  /** How conflicts name the file (relative to the site), and how `confirmed` entries name it. */
  shownAs: string;
  /** How the rules file's `confirmed` names the file (`errata/…`); default `shownAs`. */
  confirmAs?: string;
  threads: readonly Thread[];
}

export interface ReconcileInput extends ArchiveRoots {
  messages: readonly StoredMessage[];
  commentLists: ReadonlySet<string>;
  records: readonly FileThreads[];
  proposals: readonly (FileThreads & { key: string })[];
  ignoredKeys: ReadonlySet<string>;
  /** `file\u0000citation` of the citations a maintainer confirmed in the rules file. */
  confirmed?: ReadonlySet<string>;
  /** `YYYY-MM-DD`: the date a moved URL is kept under. */
  today: string;
}

export interface ReconcilePlan {
  /** Threads the sync follows: every comment-list thread and every thread a file cites. */
  threads: RebuiltThread[];
  recordUpdates: { path: string; threads: Thread[] }[];
  proposalUpdates: { key: string; threads: Thread[] }[];
  newProposals: { key: string; proposal: InboxProposal }[];
  /** Citations the archive contradicts; their files are left as they are. */
  conflicts: MailConflict[];
  /** The messages worth keeping in the state (those of the threads above). */
  keep: StoredMessage[];
}

export function reconcile(input: ReconcileInput): ReconcilePlan {
  const byId = new Map(input.messages.map((message) => [message.id, message]));
  const knownForwards = new Map(
    input.messages.flatMap((message) =>
      message.forwardOf === undefined ? [] : [[message.id, message.forwardOf] as const],
    ),
  );
  const { threads } = rebuildThreads(
    input.messages.map((message) => toArchived(input.root, message)),
    { knownForwards },
  );
  const claimed = new Set<RebuiltThread>();
  const conflicts: MailConflict[] = [];
  const roots = { root: input.root, citeRoot: input.citeRoot };
  const index = indexThreads(threads);
  const syncFile = (file: FileThreads) => {
    const outcome = syncedThreads(file.threads, {
      index,
      roots,
      commentLists: input.commentLists,
      claimed,
      today: input.today,
      isConfirmed: (citation) =>
        input.confirmed?.has(confirmedKey(file.confirmAs ?? file.shownAs, citation)) === true,
    });
    conflicts.push(...outcome.conflicts.map((conflict) => ({ file: file.shownAs, ...conflict })));
    return outcome.threads;
  };

  const recordUpdates = input.records.flatMap((record) => {
    const next = syncFile(record);
    return next === undefined ? [] : [{ path: record.path, threads: next }];
  });
  const proposalUpdates = input.proposals.flatMap((proposal) => {
    const next = syncFile(proposal);
    return next === undefined ? [] : [{ key: proposal.key, threads: next }];
  });

  const newProposals: ReconcilePlan['newProposals'] = [];
  const followed: RebuiltThread[] = [];
  for (const thread of threads) {
    const opener = thread.messages.find((message) =>
      message.pages.some((page) => input.commentLists.has(page.list)),
    );
    if (opener === undefined && !claimed.has(thread)) continue;
    followed.push(thread);
    if (opener === undefined || claimed.has(thread)) continue;
    if (byId.get(opener.messageId)?.about !== true) continue;
    const entries = threadEntries(thread, input.commentLists, input.citeRoot);
    const first = entries[0];
    if (first === undefined) continue;
    if (entries.some((entry) => input.ignoredKeys.has(sourceKey(entry)))) continue;
    const openerPage = opener.pages.find((page) => input.commentLists.has(page.list));
    const month =
      openerPage === undefined
        ? undefined
        : `${openerPage.month.slice(0, 4)}-${openerPage.month.slice(4)}`;
    newProposals.push({
      key: sourceKey(first),
      proposal: {
        title: shortText(thread.subject),
        reported: {
          date: opener.date?.slice(0, 10) ?? month ?? '1970-01',
          by: opener.from ?? '(no name given)',
          via: openerPage?.list ?? first.list,
        },
        threads: entries,
      },
    });
  }
  const keepIds = new Set(followed.flatMap((thread) => thread.messageIds));
  return {
    threads: followed,
    recordUpdates,
    proposalUpdates,
    newProposals,
    conflicts,
    keep: input.messages.filter((message) => keepIds.has(message.id)),
  };
}
