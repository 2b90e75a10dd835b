/**
 * The errata feeds as a feed reader sees them: the Atom feed of status changes (parsed as XML,
 * its text decoded the way its `type` says) and the versioned /errata.json.
 */
import { DomUtils, parseDocument } from 'htmlparser2';
import { describe, expect, test } from 'vitest';
import { errataPaths, loadErrataSet, validRecords, type Erratum } from '../../src/lib/errata';
import { buildAtomFeed } from '../../src/plugins/errata/atom';
import { buildErrataFeed, ERRATA_FEED_VERSION } from '../../src/plugins/errata/feed';
import { FIXTURE_SITE } from './fixture-site';

type Element = ReturnType<typeof DomUtils.getElementsByTagName>[number];

const ORIGIN = 'https://example.org';
const options = {
  feedUrl: `${ORIGIN}/errata.atom`,
  indexUrl: `${ORIGIN}/errata`,
  permalink: (id: string): string => `${ORIGIN}/errata/${id}`,
};

async function fixtureRecords(): Promise<Erratum[]> {
  return validRecords(await loadErrataSet(errataPaths(FIXTURE_SITE)));
}

/** An element's text as a reader shows it: `type="html"` content is HTML to render as text. */
function readerText(element: Element): string {
  const text = DomUtils.textContent(element);
  if (element.attribs.type !== 'html') return text;
  const html = parseDocument(text);
  // Record text is plain text: rendering it must not create a single element.
  expect(DomUtils.findAll(() => true, html.children)).toEqual([]);
  return DomUtils.textContent(html);
}

function parseAtom(xml: string): { feed: Element; entries: Element[] } {
  const document = parseDocument(xml, { xmlMode: true });
  const feed = DomUtils.findOne((element) => element.name === 'feed', document.children);
  if (feed === null) throw new Error('no <feed> element');
  return { feed, entries: DomUtils.getElementsByTagName('entry', feed.children, false) };
}

function child(element: Element | undefined, name: string): Element {
  const found = element && DomUtils.getElementsByTagName(name, element.children, false)[0];
  if (found === undefined) throw new Error(`missing <${name}>`);
  return found;
}

const textOf = (element: Element | undefined, name: string): string =>
  DomUtils.textContent(child(element, name));

const links = (element: Element): Record<string, string>[] =>
  DomUtils.getElementsByTagName('link', element.children, false).map((link) => link.attribs);

describe('the Atom feed of status changes', () => {
  test('is an Atom feed that names itself, the errata index and its newest change', async () => {
    const records = await fixtureRecords();
    const xml = buildAtomFeed(records, options);
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    const { feed, entries } = parseAtom(xml);
    expect(feed.attribs.xmlns).toBe('http://www.w3.org/2005/Atom');
    expect(textOf(feed, 'id')).toBe(options.feedUrl);
    expect(links(feed)).toEqual(
      expect.arrayContaining([
        { rel: 'self', href: options.feedUrl },
        { rel: 'alternate', href: options.indexUrl },
      ]),
    );
    expect(Date.parse(textOf(feed, 'updated'))).toBe(Date.parse(textOf(entries[0], 'updated')));
    expect(entries).toHaveLength(records.reduce((n, record) => n + record.history.length, 0));
  });

  test('has one entry per history entry, newest first, each with its own id and link', async () => {
    const records = await fixtureRecords();
    const { entries } = parseAtom(buildAtomFeed(records, options));
    const dates = entries.map((entry) => Date.parse(textOf(entry, 'updated')));
    expect(dates.every((date) => !Number.isNaN(date))).toBe(true);
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
    const ids = entries.map((entry) => textOf(entry, 'id'));
    expect(new Set(ids).size).toBe(ids.length);
    const first = records.find((record) => record.id === 'E-0001');
    expect(ids).toContain(`${options.permalink('E-0001')}#history-${first?.history.length}`);
    for (const [index, entry] of entries.entries()) {
      const id = ids[index] ?? '';
      expect(links(entry)).toEqual([{ href: id.replace(/#history-\d+$/, '') }]);
    }
  });

  test('dates a month-only history entry at the start of its month, never before the entry it follows', async () => {
    const [record] = await fixtureRecords();
    if (record === undefined) throw new Error('no fixture record');
    const dated: Erratum = {
      ...record,
      status: 'under-review',
      history: [
        { date: '2015-05-10', status: 'reported' },
        { date: '2015-05', status: 'under-review' },
      ],
    };
    const { entries } = parseAtom(buildAtomFeed([dated], options));
    const instant = (entry: Element | undefined): string =>
      new Date(textOf(entry, 'updated')).toISOString();
    expect(entries.map(instant)).toEqual(['2015-05-10T00:00:00.000Z', '2015-05-10T00:00:00.000Z']);
    // Same instant: the later history entry comes first.
    expect(readerText(child(entries[0], 'title'))).toBe(
      `${record.id} under review: ${record.title}`,
    );
    const alone: Erratum = {
      ...record,
      status: 'reported',
      history: [{ date: '2015-05', status: 'reported' }],
    };
    const [single] = parseAtom(buildAtomFeed([alone], options)).entries;
    expect(instant(single)).toBe('2015-05-01T00:00:00.000Z');
  });

  test('shows hostile record text as the plain text it is, never as markup', async () => {
    const [record] = await fixtureRecords();
    if (record === undefined) throw new Error('no fixture record');
    const title = `<script>alert("x")</script> & 'quotes' ]]> &amp; <b>bold</b>`;
    const note = `Moved to <i>review</i> ]]> & done`;
    const hostile: Erratum = {
      ...record,
      title,
      history: [{ date: '2024-01-05', status: 'reported', note }],
    };
    const { entries } = parseAtom(buildAtomFeed([hostile], options));
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    if (entry === undefined) throw new Error('no entry');
    expect(DomUtils.getElementsByTagName('script', entry.children, true)).toEqual([]);
    expect(readerText(child(entry, 'title'))).toBe(`${record.id} reported: ${title}`);
    expect(readerText(child(entry, 'summary'))).toBe(note);
  });
});

describe('/errata.json', () => {
  test('lists every record with its permalink and last activity, under a format version', async () => {
    const records = await fixtureRecords();
    const feed = buildErrataFeed(records, {
      schemaUrl: `${ORIGIN}/schemas/erratum.schema.json`,
      permalink: options.permalink,
    });
    expect(feed.version).toBe(ERRATA_FEED_VERSION);
    expect(feed.schema).toBe(`${ORIGIN}/schemas/erratum.schema.json`);
    expect(feed.errata.map((entry) => [entry.id, entry.url])).toEqual(
      records.map((record) => [record.id, options.permalink(record.id)]),
    );
    expect(feed.errata.every((entry) => /^\d{4}-\d{2}/.test(entry.lastActivity))).toBe(true);
  });
});
