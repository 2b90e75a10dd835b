/**
 * Thread reconstruction across months and lists. MHonArc threads each list-month on its own, so the
 * archive's thread indexes stop at month and list boundaries; here threads are rebuilt globally:
 * 1. pages are merged on Message-ID (a cross-post has a page in each list);
 * 2. a message joins every message it references (References and In-Reply-To), also through
 *    ancestors that are not in the archive, so two replies to a lost message stay together;
 * 3. a forward without references (how a comment reaches the TC list from Outlook) joins the
 *    message its quoted header block describes: same normalised subject, and the same sender name
 *    or a sent day within one day of the original's date.
 */
import type { ArchivedMessage, MailThreadSummary, MessagePage } from './model';
import { normaliseSubject } from './subjects';

/** Merges the pages of each Message-ID into one message, pages in list, month, number order. */
export function mergePages(pages: readonly MessagePage[]): ArchivedMessage[] {
  const byId = new Map<string, MessagePage[]>();
  for (const page of pages) {
    const group = byId.get(page.messageId);
    if (group === undefined) byId.set(page.messageId, [page]);
    else group.push(page);
  }
  const merged: ArchivedMessage[] = [];
  for (const group of byId.values()) {
    // Prefer a page read from MHonArc's comments; it has the exact header values.
    const best = group.find((page) => page.source === 'comments') ?? group[0];
    if (best === undefined) continue;
    const references = [...new Set(group.flatMap((page) => page.references))];
    const locations = group
      .map((page) => page.location)
      .sort(
        (a, b) =>
          a.list.localeCompare(b.list) || a.month.localeCompare(b.month) || a.number - b.number,
      );
    merged.push({
      messageId: best.messageId,
      syntheticId: best.syntheticId,
      subject: best.subject,
      ...(best.from === undefined ? {} : { from: best.from }),
      ...(best.date === undefined ? {} : { date: best.date }),
      references,
      ...(best.contentType === undefined ? {} : { contentType: best.contentType }),
      body: best.body,
      ...(best.forwardedHeader === undefined ? {} : { forwardedHeader: best.forwardedHeader }),
      attachments: best.attachments,
      followUpUrls: best.followUpUrls,
      referenceUrls: best.referenceUrls,
      pages: locations,
    });
  }
  return merged;
}

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(id: string): string {
    let root = id;
    for (
      let next = this.parent.get(root);
      next !== undefined && next !== root;
      next = this.parent.get(root)
    ) {
      root = next;
    }
    // Path compression keeps later finds flat.
    for (let node = id; node !== root;) {
      const next = this.parent.get(node) ?? root;
      this.parent.set(node, root);
      node = next;
    }
    if (!this.parent.has(root)) this.parent.set(root, root);
    return root;
  }
  union(a: string, b: string): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    // The smaller id wins so the result does not depend on the order of unions.
    if (rootA < rootB) this.parent.set(rootB, rootA);
    else if (rootB < rootA) this.parent.set(rootA, rootB);
  }
}

function dayNumber(isoDay: string): number {
  return Math.floor(Date.parse(`${isoDay.slice(0, 10)}T00:00:00Z`) / 86_400_000);
}

function compareByDate(a: ArchivedMessage, b: ArchivedMessage): number {
  if (a.date !== undefined && b.date !== undefined && a.date !== b.date)
    return a.date < b.date ? -1 : 1;
  if (a.date === undefined && b.date !== undefined) return 1;
  if (b.date === undefined && a.date !== undefined) return -1;
  return a.messageId.localeCompare(b.messageId);
}

/**
 * The message a forward without references forwards, when its quoted header block names one
 * unambiguously enough: same normalised subject; same sender name, or sent within a day of it.
 * Among candidates the latest one not after the forward wins.
 */
export function findForwardedOriginal(
  forward: ArchivedMessage,
  candidates: readonly ArchivedMessage[],
): ArchivedMessage | undefined {
  const header = forward.forwardedHeader;
  if (header === undefined || forward.references.length > 0) return undefined;
  const subject = normaliseSubject(header.subject ?? forward.subject).toLowerCase();
  if (subject === '') return undefined;
  const matches = candidates.filter((candidate) => {
    if (candidate.messageId === forward.messageId) return false;
    if (normaliseSubject(candidate.subject).toLowerCase() !== subject) return false;
    if (candidate.date !== undefined && forward.date !== undefined && candidate.date > forward.date)
      return false;
    const sameSender =
      header.from !== undefined &&
      candidate.from !== undefined &&
      header.from.toLowerCase() === candidate.from.toLowerCase();
    const sameDay =
      header.sentDay !== undefined &&
      candidate.date !== undefined &&
      Math.abs(dayNumber(header.sentDay) - dayNumber(candidate.date)) <= 1;
    return sameSender || sameDay;
  });
  return matches.sort(compareByDate).at(-1);
}

export interface RebuiltThread extends MailThreadSummary {
  /** The thread's messages, oldest first. */
  messages: ArchivedMessage[];
}

export interface Threading {
  threads: RebuiltThread[];
  /** Forward → the Message-ID of the original it was matched to by its quoted header block. */
  forwards: Map<string, string>;
}

/** Rebuilds threads from messages (already merged on Message-ID). Deterministic in its input. */
export function rebuildThreads(
  messages: readonly ArchivedMessage[],
  options: { knownForwards?: ReadonlyMap<string, string> } = {},
): Threading {
  const sets = new UnionFind();
  const byId = new Map(messages.map((message) => [message.messageId, message]));
  for (const message of messages) {
    sets.find(message.messageId);
    for (const reference of message.references) sets.union(message.messageId, reference);
  }
  const forwards = new Map<string, string>();
  const ordered = [...messages].sort(compareByDate);
  for (const message of ordered) {
    const known = options.knownForwards?.get(message.messageId);
    const original =
      known !== undefined && byId.has(known)
        ? byId.get(known)
        : findForwardedOriginal(message, ordered);
    if (original === undefined) continue;
    forwards.set(message.messageId, original.messageId);
    sets.union(message.messageId, original.messageId);
  }

  const groups = new Map<string, ArchivedMessage[]>();
  for (const message of ordered) {
    const key = sets.find(message.messageId);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [message]);
    else group.push(message);
  }
  const threads = [...groups.values()].map((group): RebuiltThread => {
    const ids = new Set(group.map((message) => message.messageId));
    const root =
      group.find(
        (message) =>
          !message.references.some((reference) => ids.has(reference)) &&
          !forwards.has(message.messageId),
      ) ?? group[0];
    const dates = group
      .map((message) => message.date)
      .filter((date): date is string => date !== undefined);
    const lists = [
      ...new Set(group.flatMap((message) => message.pages.map((page) => page.list))),
    ].sort();
    const firstDate = dates[0];
    const lastDate = dates.at(-1);
    return {
      rootMessageId: root?.messageId ?? '',
      subject: normaliseSubject(root?.subject ?? '') || '(no subject)',
      lists,
      messageIds: group.map((message) => message.messageId),
      messageCount: group.length,
      ...(firstDate === undefined ? {} : { firstDate }),
      ...(lastDate === undefined ? {} : { lastDate }),
      messages: group,
    };
  });
  threads.sort(
    (a, b) =>
      (a.firstDate ?? '').localeCompare(b.firstDate ?? '') ||
      a.rootMessageId.localeCompare(b.rootMessageId),
  );
  return { threads, forwards };
}
