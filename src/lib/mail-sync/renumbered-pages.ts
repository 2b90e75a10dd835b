/**
 * Pages a rebuilt month renumbered (ARCHITECTURE.md, "Sync semantics"): MHonArc numbers a month's
 * pages as it writes them, so a month rebuilt from a changed mbox can put another message at a
 * number read before. The month index's subjects tell which.
 */
import type { IndexEntry } from '../archive';
import type { SyncState } from './state';

// Exact but for white space: a reply and its original differ only by `Re:`, and must differ here.
function sameIndexSubject(a: string, b: string): boolean {
  const flat = (text: string) => text.replace(/\s+/g, ' ').trim();
  return flat(a) === flat(b);
}

/**
 * The numbers of pages read before that now hold another message, by the month index's subjects;
 * their keys are dropped from the stored messages (a message left without pages is dropped).
 */
export function renumberedPages(
  state: SyncState,
  list: string,
  month: string,
  listed: readonly IndexEntry[],
  read: ReadonlySet<number>,
): number[] {
  // Nothing read before, nothing renumbered: a first read of the month never looks at the state.
  if (read.size === 0) return [];
  const subjectAt = new Map<string, string>();
  for (const message of state.messages) {
    for (const key of message.pages) subjectAt.set(key, message.subject);
  }
  const stale = listed.filter((entry) => {
    if (!read.has(entry.number) || entry.subject === '') return false;
    const known = subjectAt.get(`${list}/${month}/${entry.number}`);
    return known !== undefined && !sameIndexSubject(known, entry.subject);
  });
  if (stale.length === 0) return [];
  const keys = new Set(stale.map((entry) => `${list}/${month}/${entry.number}`));
  state.messages = state.messages.flatMap((message) => {
    const pages = message.pages.filter((key) => !keys.has(key));
    return pages.length === 0 ? [] : [{ ...message, pages }];
  });
  return stale.map((entry) => entry.number);
}
