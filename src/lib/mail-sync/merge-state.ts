/**
 * Adds what a crawl read to the sync state: new messages, new pages of known ones, and forwards
 * matched to the originals they quote (ARCHITECTURE.md, "Sync semantics").
 */
import {
  findForwardedOriginal,
  mergePages,
  type ArchivedMessage,
  type MessagePage,
} from '../archive';
import { locationKey, toArchived } from './page-keys';
import type { CompiledRules } from './rules';
import type { StoredMessage, SyncState } from './state';

function storedFrom(message: ArchivedMessage, about: boolean): StoredMessage {
  return {
    id: message.messageId,
    ...(message.date === undefined ? {} : { date: message.date }),
    ...(message.from === undefined ? {} : { from: message.from }),
    subject: message.subject,
    pages: message.pages.map(locationKey),
    ...(message.references.length === 0 ? {} : { references: message.references }),
    ...(message.syntheticId ? { synthetic: true as const } : {}),
    ...(about ? { about: true as const } : {}),
  };
}

function newText(message: ArchivedMessage): string {
  return message.body
    .filter((block) => block.kind === 'new')
    .map((block) => block.text)
    .join('\n');
}

/** Adds a month's pages to the state's messages: new ones, and new pages of known ones. */
export function mergeIntoState(
  state: SyncState,
  pages: readonly MessagePage[],
  rules: CompiledRules,
): void {
  const byId = new Map(state.messages.map((message) => [message.id, message]));
  const arrived = mergePages(pages);
  for (const message of arrived) {
    const onCommentList = message.pages.some((page) => rules.commentLists.has(page.list));
    const about = onCommentList && rules.isAbout(message.subject, newText(message));
    const known = byId.get(message.messageId);
    if (known === undefined) {
      const stored = storedFrom(message, about);
      state.messages.push(stored);
      byId.set(stored.id, stored);
      continue;
    }
    known.pages = [...new Set([...known.pages, ...message.pages.map(locationKey)])].sort();
    const references = [...new Set([...(known.references ?? []), ...message.references])];
    if (references.length > 0) known.references = references;
    if (about) known.about = true;
  }
  matchForwards(state, arrived);
}

/**
 * Forwards without references: matched once, when they arrive, and remembered. Most months
 * bring none, so the candidates are only built when one arrives. A page read ahead of the crawl
 * (a cited page) is matched again after it, when the original it forwards has been read.
 */
export function matchForwards(state: SyncState, arrived: readonly ArchivedMessage[]): void {
  const byId = new Map(state.messages.map((message) => [message.id, message]));
  const forwards = arrived.filter(
    (message) => message.forwardedHeader !== undefined && message.references.length === 0,
  );
  if (forwards.length === 0) return;
  const candidates = state.messages.map((message) => toArchived(state.archive, message));
  for (const message of forwards) {
    const stored = byId.get(message.messageId);
    if (stored === undefined || stored.forwardOf !== undefined) continue;
    const original = findForwardedOriginal(message, candidates);
    if (original !== undefined) stored.forwardOf = original.messageId;
  }
}
