/**
 * Pages the errata cite in this archive but the state does not hold (a record added by hand): read
 * directly before the crawl, and counted as read so that the crawl does not fetch them again.
 */
import type { ArchiveHttpClient, MessagePage } from '../archive';
import type { ErrataSet } from '../errata';
import { readPage } from './crawl';
import { pageKeyIn, pageLocation, type ArchiveRoots } from './page-keys';
import { formatRanges, parseRanges, type SyncState } from './state';

export async function readPinnedPages(
  set: ErrataSet,
  roots: ArchiveRoots,
  lists: readonly string[],
  state: SyncState,
  client: ArchiveHttpClient,
  warn: (message: string) => void,
): Promise<MessagePage[]> {
  const cited = [...set.records, ...set.proposals].flatMap((file) =>
    (file.value?.threads ?? []).flatMap((thread) =>
      thread.kind === 'mail' && thread.archiveUrl !== undefined
        ? [pageKeyIn(roots, thread.archiveUrl)]
        : [],
    ),
  );
  const held = new Set(state.messages.flatMap((message) => message.pages));
  const pinned = [...new Set(cited)].filter(
    (key): key is string =>
      key !== undefined && !held.has(key) && lists.includes(key.split('/')[0] ?? ''),
  );
  const pages: MessagePage[] = [];
  for (const key of pinned) {
    const location = pageLocation(roots.root, key);
    const { page } = await readPage(client, location);
    if (page === undefined) {
      warn(`${key}: cited by an erratum but not in the archive`);
      continue;
    }
    pages.push(page);
    const months = (state.lists[location.list] ??= { months: {} }).months;
    const month = (months[location.month] ??= { read: '' });
    month.read = formatRanges([...parseRanges(month.read), location.number]);
  }
  return pages;
}
