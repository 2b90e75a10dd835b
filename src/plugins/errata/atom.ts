/**
 * The Atom feed of status changes (RFC 4287): one entry per history entry of every erratum,
 * newest first, so a feed reader shows each report, review and decision as it happens. The XML
 * is written by `feed`, the package Docusaurus's own blog plugin writes its feeds with.
 */
import { Feed } from 'feed';
import type { Erratum } from '../../lib/errata';
import { STATUS_LABELS } from '../../lib/errata';

export interface AtomOptions {
  /** Absolute URL of the feed itself. */
  feedUrl: string;
  /** Absolute URL of the errata index. */
  indexUrl: string;
  permalink: (id: string) => string;
}

/** What an empty feed says it was updated: a fixed date, so a build is reproducible. */
const NEVER = '1970-01-01T00:00:00Z';

/**
 * Record text is plain text. `feed` writes entry titles and summaries as `type="html"` inside
 * CDATA, so the text goes in as HTML that renders to exactly itself; escaping `>` also keeps a
 * `]]>` in the text from closing the CDATA section.
 */
function htmlOfText(text: string): string {
  return text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c);
}

/** Atom needs full timestamps; a record date is a day (or a month when the day is unknown). */
function atomDate(date: string): string {
  return `${date.length === 7 ? `${date}-01` : date}T00:00:00Z`;
}

interface FeedEntry {
  record: Erratum;
  entry: Erratum['history'][number];
  index: number;
  updated: string;
}

/** Every history entry of every record, newest first. */
function feedEntries(records: readonly Erratum[]): FeedEntry[] {
  return records
    .flatMap((record) => {
      // A month-only date ("2015-05") is some day of that month; it never goes before the entry
      // it follows in the history, whose order is the truth.
      let previous = '';
      return record.history.map((entry, index) => {
        const own = atomDate(entry.date);
        previous = own > previous ? own : previous;
        return { record, entry, index, updated: previous };
      });
    })
    .sort(
      (a, b) =>
        b.updated.localeCompare(a.updated) ||
        a.record.id.localeCompare(b.record.id) ||
        b.index - a.index,
    );
}

export function buildAtomFeed(records: readonly Erratum[], options: AtomOptions): string {
  const entries = feedEntries(records);
  const feed = new Feed({
    title: 'PKCS #11 Usage Guide errata: status changes',
    id: options.feedUrl,
    link: options.indexUrl,
    feed: options.feedUrl,
    updated: new Date(entries[0]?.updated ?? NEVER),
    author: { name: 'PKCS #11 fork() guidance project' },
  });
  for (const { record, entry, index, updated } of entries) {
    const label = STATUS_LABELS[entry.status];
    feed.addItem({
      title: htmlOfText(`${record.id} ${label.toLowerCase()}: ${record.title}`),
      id: `${options.permalink(record.id)}#history-${index + 1}`,
      link: options.permalink(record.id),
      date: new Date(updated),
      description: htmlOfText(entry.note ?? label),
    });
  }
  return `${feed.atom1()}\n`;
}
