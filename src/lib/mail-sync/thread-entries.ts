/** The record entry the sync writes for one list of a rebuilt thread. */
import type { ArchivedMessage, RebuiltThread } from '../archive';
import type { MailThread } from '../errata';
import { pageUrl } from './crawl';

/** A Message-ID the errata schema accepts (no angle brackets, one `@`). */
export const SCHEMA_MESSAGE_ID = /^[^<>\s@]+@[^<>\s@]+$/;
const MAX_SUBJECT = 300;

/** A subject on one line, at most MAX_SUBJECT characters, never empty. */
export function shortText(text: string): string {
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

/** A thread's lists, comment lists first. */
export function orderedLists(thread: RebuiltThread, commentLists: ReadonlySet<string>): string[] {
  return [...thread.lists].sort(
    (a, b) => Number(!commentLists.has(a)) - Number(!commentLists.has(b)) || a.localeCompare(b),
  );
}

/** The entries a new proposal cites: one per list the thread reached. */
export function threadEntries(
  thread: RebuiltThread,
  commentLists: ReadonlySet<string>,
  citeRoot: string,
): MailThread[] {
  return orderedLists(thread, commentLists).flatMap(
    (list) => entryFor(thread, list, citeRoot) ?? [],
  );
}
