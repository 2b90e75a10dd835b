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
  rebuildThreads,
  type ArchivedMessage,
  type PageLocation,
  type RebuiltThread,
} from '../archive';
import { sourceKey, type InboxProposal, type MailThread, type Thread } from '../errata';
import { pageUrl } from './crawl';
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
export function entryFor(thread: RebuiltThread, list: string): MailThread | undefined {
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
    archiveUrl: page.url,
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

function threadEntries(thread: RebuiltThread, commentLists: ReadonlySet<string>): MailThread[] {
  return orderedLists(thread, commentLists).flatMap((list) => entryFor(thread, list) ?? []);
}

interface ThreadIndex {
  byMessageId: Map<string, RebuiltThread>;
  byPage: Map<string, RebuiltThread>;
}

function indexThreads(threads: readonly RebuiltThread[]): ThreadIndex {
  const index: ThreadIndex = { byMessageId: new Map(), byPage: new Map() };
  for (const thread of threads) {
    for (const message of thread.messages) {
      index.byMessageId.set(message.messageId, thread);
      for (const page of message.pages) {
        index.byPage.set(locationKey(page), thread);
      }
    }
  }
  return index;
}

function threadOf(entry: MailThread, index: ThreadIndex): RebuiltThread | undefined {
  const id = entry.messageId?.replace(/^<|>$/g, '');
  const byId = id === undefined ? undefined : index.byMessageId.get(id);
  if (byId !== undefined) return byId;
  const key = entry.archiveUrl === undefined ? undefined : pageKey(entry.archiveUrl);
  return key === undefined ? undefined : index.byPage.get(key);
}

/** A file's threads after the sync, or undefined when no mail thread of it is in the archive. */
function syncedThreads(
  current: readonly Thread[],
  index: ThreadIndex,
  commentLists: ReadonlySet<string>,
  claimed: Set<RebuiltThread>,
): Thread[] | undefined {
  const next: Thread[] = [];
  const written = new Set<string>();
  const matched: RebuiltThread[] = [];
  current.forEach((entry) => {
    const thread = entry.kind === 'mail' ? threadOf(entry, index) : undefined;
    if (entry.kind !== 'mail' || thread === undefined) {
      next.push(entry);
      return;
    }
    if (!matched.includes(thread)) matched.push(thread);
    claimed.add(thread);
    // Two entries of one file for the same list of the same thread collapse into one.
    const key = `${thread.rootMessageId}\u0000${entry.list}`;
    if (written.has(key)) return;
    written.add(key);
    next.push(entryFor(thread, entry.list) ?? entry);
  });
  if (matched.length === 0) return undefined;
  for (const thread of matched) {
    for (const list of orderedLists(thread, commentLists)) {
      const key = `${thread.rootMessageId}\u0000${list}`;
      const entry = written.has(key) ? undefined : entryFor(thread, list);
      if (entry === undefined) continue;
      written.add(key);
      next.push(entry);
    }
  }
  return next;
}

export interface FileThreads {
  path: string;
  threads: readonly Thread[];
}

export interface ReconcileInput {
  root: string;
  messages: readonly StoredMessage[];
  commentLists: ReadonlySet<string>;
  records: readonly FileThreads[];
  proposals: readonly (FileThreads & { key: string })[];
  ignoredKeys: ReadonlySet<string>;
}

export interface ReconcilePlan {
  /** Threads the sync follows: every comment-list thread and every thread a file cites. */
  threads: RebuiltThread[];
  recordUpdates: { path: string; threads: Thread[] }[];
  proposalUpdates: { key: string; threads: Thread[] }[];
  newProposals: { key: string; proposal: InboxProposal }[];
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
  const index = indexThreads(threads);
  const claimed = new Set<RebuiltThread>();

  const recordUpdates = input.records.flatMap((record) => {
    const next = syncedThreads(record.threads, index, input.commentLists, claimed);
    return next === undefined ? [] : [{ path: record.path, threads: next }];
  });
  const proposalUpdates = input.proposals.flatMap((proposal) => {
    const next = syncedThreads(proposal.threads, index, input.commentLists, claimed);
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
    const entries = threadEntries(thread, input.commentLists);
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
    keep: input.messages.filter((message) => keepIds.has(message.id)),
  };
}
