/**
 * The Atom feed of status changes (RFC 4287): one entry per history entry of every erratum,
 * newest first, so a feed reader shows each report, review and decision as it happens.
 */
import type { Erratum } from '../../lib/errata';
import { STATUS_LABELS } from '../../lib/errata';

export interface AtomOptions {
  /** Absolute URL of the feed itself. */
  feedUrl: string;
  /** Absolute URL of the errata index. */
  indexUrl: string;
  permalink: (id: string) => string;
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );
}

/** Atom needs full timestamps; a record date is a day (or a month when the day is unknown). */
function atomDate(date: string): string {
  return `${date.length === 7 ? `${date}-01` : date}T00:00:00Z`;
}

export function buildAtomFeed(records: readonly Erratum[], options: AtomOptions): string {
  const entries = records
    .flatMap((record) => {
      // A month-only date ("2015-05") is some day of that month; it never goes before the entry
      // it follows in the history, whose order is the truth.
      let previous = '';
      return record.history.map((entry, index) => {
        const own = atomDate(entry.date);
        previous = own > previous ? own : previous;
        const id = `${options.permalink(record.id)}#history-${index + 1}`;
        return { record, entry, index, updated: previous, id };
      });
    })
    .sort(
      (a, b) =>
        b.updated.localeCompare(a.updated) ||
        a.record.id.localeCompare(b.record.id) ||
        b.index - a.index,
    );
  const updated = entries[0]?.updated ?? '1970-01-01T00:00:00Z';
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    '  <title>PKCS #11 Usage Guide errata: status changes</title>',
    `  <id>${escapeXml(options.feedUrl)}</id>`,
    `  <link rel="self" href="${escapeXml(options.feedUrl)}"/>`,
    `  <link rel="alternate" href="${escapeXml(options.indexUrl)}"/>`,
    `  <updated>${updated}</updated>`,
    '  <author><name>PKCS #11 fork() guidance project</name></author>',
  ];
  for (const { record, entry, id, updated: entryUpdated } of entries) {
    lines.push(
      '  <entry>',
      `    <title>${escapeXml(`${record.id} ${STATUS_LABELS[entry.status].toLowerCase()}: ${record.title}`)}</title>`,
      `    <id>${escapeXml(id)}</id>`,
      `    <link href="${escapeXml(options.permalink(record.id))}"/>`,
      `    <updated>${entryUpdated}</updated>`,
      // Record text is published as plain text, never as HTML.
      `    <summary type="text">${escapeXml(entry.note ?? STATUS_LABELS[entry.status])}</summary>`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
