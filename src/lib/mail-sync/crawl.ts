/**
 * Walks the archive incrementally: each list's home page for its months, each month's date index
 * (`maillist.html`) with the validators of the last complete read (a 304 skips the month), and
 * only the message pages not read before. Months are visited oldest first, comment lists before
 * the TC list within a month, so a forward or a reply always comes after what it answers. After
 * each month the caller gets the new pages and checkpoints, which makes an interrupted run resume
 * where it stopped.
 */
import { ConfigurationError } from '../errors';
import {
  parseListHome,
  parseMessagePage,
  parseMonthIndex,
  type ArchiveHttpClient,
  type IndexEntry,
  type MessagePage,
  type PageLocation,
} from '../archive';
import { formatRanges, parseRanges, type SyncState, type ValidatorState } from './state';

export type CrawlEvent =
  | { kind: 'months'; total: number }
  | {
      kind: 'month';
      list: string;
      month: string;
      outcome: 'unchanged' | 'read' | 'missing';
      pages: number;
    };

export interface CrawlBatch {
  list: string;
  month: string;
  pages: MessagePage[];
}

export interface CrawlOptions {
  /** Archive root URL, ending with `/`. */
  root: string;
  lists: readonly string[];
  commentLists: ReadonlySet<string>;
  /** `YYYYMM`: months before it are not visited (their messages stay in the state). */
  since?: string;
  client: ArchiveHttpClient;
  /** Updated in place: validators and the pages read. */
  state: SyncState;
  /** Receives each month's new pages after the month's state is updated; checkpoints. */
  onBatch: (batch: CrawlBatch) => Promise<void>;
  onEvent?: (event: CrawlEvent) => void;
  warn: (message: string) => void;
}

export interface CrawlTotals {
  monthsVisited: number;
  monthsChanged: number;
  pagesRead: number;
  parseMs: number;
}

export function pageUrl(root: string, list: string, month: string, number: number): string {
  return `${root}${encodeURIComponent(list)}/${month}/msg${String(number).padStart(5, '0')}.html`;
}

const META_CHARSET = /<meta\b[^>]*?charset\s*=\s*["']?([A-Za-z0-9._:-]+)/i;

/** The charset a page declares: the HTTP Content-Type's, else a `<meta>` in its head. */
export function declaredCharset(body: Buffer, contentType?: string): string | undefined {
  const fromHeader = /charset\s*=\s*"?([A-Za-z0-9._:-]+)/i.exec(contentType ?? '')?.[1];
  if (fromHeader !== undefined) return fromHeader;
  return META_CHARSET.exec(body.subarray(0, 4096).toString('latin1'))?.[1];
}

/**
 * A page's text, decoded by its declared charset (UTF-8 when it declares none, as MHonArc's pages
 * do: they are ASCII with character references). Only bytes that are invalid in that charset
 * become U+FFFD (the WHATWG decoder's replacement mode); every other character is kept, so a bad
 * byte in a subject never turns the rest of the page into other characters.
 */
export function decodePage(body: Buffer, contentType?: string): string {
  const label = declaredCharset(body, contentType) ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: false });
  } catch {
    decoder = new TextDecoder('utf-8', { fatal: false });
  }
  return decoder.decode(body);
}

// Exact but for white space: a reply and its original differ only by `Re:`, and must differ here.
function sameIndexSubject(a: string, b: string): boolean {
  const flat = (text: string) => text.replace(/\s+/g, ' ').trim();
  return flat(a) === flat(b);
}

/**
 * The numbers of pages read before that now hold another message, by the month index's subjects;
 * their keys are dropped from the stored messages (a message left without pages is dropped).
 */
function renumberedPages(
  state: SyncState,
  list: string,
  month: string,
  listed: readonly IndexEntry[],
  read: ReadonlySet<number>,
): number[] {
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

async function monthsOf(
  options: CrawlOptions,
  list: string,
): Promise<{ months: string[]; validators?: ValidatorState }> {
  const listUrl = `${options.root}${encodeURIComponent(list)}/`;
  const listState = (options.state.lists[list] ??= { months: {} });
  const result = await options.client.get(listUrl, listState.home ?? {});
  if (result.status === 304) return { months: Object.keys(listState.months) };
  if (result.status !== 200) {
    throw new ConfigurationError(
      `there is no list ${list} at ${listUrl} (HTTP ${result.status}); check --archive and --list`,
    );
  }
  // Every linked month is remembered before any is read, and the home page's validators are
  // stored only once the crawl is over: an interrupted run must not forget unvisited months.
  for (const link of parseListHome(decodePage(result.body, result.contentType), listUrl)) {
    listState.months[link.month] ??= { read: '' };
  }
  return { months: Object.keys(listState.months), validators: result.validators };
}

export async function readPage(
  client: ArchiveHttpClient,
  location: PageLocation,
): Promise<{ page?: MessagePage; parseMs: number }> {
  const result = await client.get(location.url);
  if (result.status !== 200) return { parseMs: 0 };
  const started = performance.now();
  const page = parseMessagePage(decodePage(result.body, result.contentType), location);
  return { page, parseMs: performance.now() - started };
}

/** The months to visit, oldest first, comment lists first within a month; the homes' validators. */
async function plannedVisits(
  options: CrawlOptions,
): Promise<{ visits: { list: string; month: string }[]; homes: Map<string, ValidatorState> }> {
  const visits: { list: string; month: string }[] = [];
  const homes = new Map<string, ValidatorState>();
  for (const list of options.lists) {
    const { months, validators } = await monthsOf(options, list);
    if (validators !== undefined) homes.set(list, validators);
    for (const month of months) {
      if (options.since === undefined || month >= options.since) visits.push({ list, month });
    }
  }
  const rank = (list: string) => (options.commentLists.has(list) ? 0 : 1);
  visits.sort(
    (a, b) =>
      a.month.localeCompare(b.month) || rank(a.list) - rank(b.list) || a.list.localeCompare(b.list),
  );
  return { visits, homes };
}

/** Reads one month: its index (a 304 skips it), then the pages not read before, in parallel. */
async function visitMonth(
  options: CrawlOptions,
  totals: CrawlTotals,
  list: string,
  month: string,
): Promise<void> {
  const months = (options.state.lists[list] ??= { months: {} }).months;
  const before = months[month] ?? { read: '' };
  const indexUrl = `${options.root}${encodeURIComponent(list)}/${month}/maillist.html`;
  const complete = before.etag !== undefined || before.lastModified !== undefined;
  const index = await options.client.get(indexUrl, complete ? before : {});
  if (index.status === 304) {
    options.onEvent?.({ kind: 'month', list, month, outcome: 'unchanged', pages: 0 });
    return;
  }
  if (index.status !== 200) {
    options.warn(
      `${indexUrl}: HTTP ${index.status}; the month is skipped and tried again next run`,
    );
    options.onEvent?.({ kind: 'month', list, month, outcome: 'missing', pages: 0 });
    return;
  }
  const read = parseRanges(before.read);
  const listed = parseMonthIndex(decodePage(index.body, index.contentType), indexUrl);
  // A rebuilt month renumbers its pages: a page read before whose index subject no longer
  // matches the message the state has there is forgotten and read again.
  for (const number of renumberedPages(options.state, list, month, listed, read)) {
    read.delete(number);
  }
  const entries = listed.filter((entry) => !read.has(entry.number));
  const results = await Promise.all(
    entries.map(async (entry) => {
      const url = pageUrl(options.root, list, month, entry.number);
      const location = { list, month, number: entry.number, url };
      return { entry, ...(await readPage(options.client, location)) };
    }),
  );
  const pages: MessagePage[] = [];
  let missing = 0;
  for (const result of results) {
    totals.parseMs += result.parseMs;
    if (result.page === undefined) {
      missing += 1;
      options.warn(
        `${result.entry.url}: linked from the month index but not found; tried again next run`,
      );
      continue;
    }
    pages.push(result.page);
    read.add(result.entry.number);
  }
  totals.pagesRead += pages.length;
  if (pages.length > 0) totals.monthsChanged += 1;
  // Validators are kept only for a month read completely, so a gap is retried next time.
  months[month] = { ...(missing === 0 ? index.validators : {}), read: formatRanges(read) };
  await options.onBatch({ list, month, pages });
  options.onEvent?.({ kind: 'month', list, month, outcome: 'read', pages: pages.length });
}

export async function crawlArchive(options: CrawlOptions): Promise<CrawlTotals> {
  const totals: CrawlTotals = { monthsVisited: 0, monthsChanged: 0, pagesRead: 0, parseMs: 0 };
  const { visits, homes } = await plannedVisits(options);
  options.onEvent?.({ kind: 'months', total: visits.length });
  for (const { list, month } of visits) {
    totals.monthsVisited += 1;
    await visitMonth(options, totals, list, month);
  }
  for (const [list, validators] of homes) {
    const listState = options.state.lists[list];
    if (listState !== undefined) listState.home = validators;
  }
  return totals;
}
