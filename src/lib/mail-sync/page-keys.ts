/**
 * How the sync names archive pages: `list/YYYYMM/number` keys, the page URLs they stand for, and
 * which cited URLs belong to the archive being read.
 */
import type { ArchivedMessage, PageLocation } from '../archive';
import { pageUrl } from './crawl';
import type { StoredMessage } from './state';

const PAGE_TAIL = /([^/]+)\/(\d{6})\/msg(\d+)\.html$/;

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
