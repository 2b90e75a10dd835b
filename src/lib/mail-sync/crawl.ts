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
  parseMonthIndex,
  type ArchiveHttpClient,
  type IndexEntry,
  type MessagePage,
  type PageLocation,
} from '../archive';
import { decodePage } from './page-text';
import { PageParser, parseInline, type PageParserOptions } from './parse-pool';
import { renumberedPages } from './renumbered-pages';
import { formatRanges, parseRanges, type SyncState, type ValidatorState } from './state';

export { declaredCharset, decodePage } from './page-text';

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
  /** Where message pages are parsed: see ./parse-pool.ts (default: inline on 2 CPUs, workers past 64 pages on more). */
  parsing?: PageParserOptions;
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

/** Downloads a message page and parses it, by `parser` or else inline; no page when missing. */
export async function readPage(
  client: ArchiveHttpClient,
  location: PageLocation,
  parser?: PageParser,
): Promise<{ page?: MessagePage; parseMs: number }> {
  const result = await client.get(location.url);
  if (result.status !== 200) return { parseMs: 0 };
  const { body, contentType } = result;
  // The slot this download freed has passed to the next request: let that request go out
  // before the parse, so the server works on it meanwhile (npm run bench:sync: full sync
  // 1.52-1.55x the bare download without this yield, 1.33-1.36x with it; inline, on 2 CPUs).
  await new Promise(setImmediate);
  if (parser === undefined) return parseInline(body, contentType, location);
  return parser.parse(body, contentType, location);
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

/** A month's index read and its page downloads started; the rest is done in visiting order. */
type MonthFetch =
  | { kind: 'unchanged' }
  | { kind: 'missing'; indexUrl: string; status: number }
  | {
      kind: 'read';
      read: Set<number>;
      validators: ValidatorState;
      results: Promise<{ entry: IndexEntry; page?: MessagePage; parseMs: number }[]>;
    };

/** Reads a month's index (a 304 skips the month) and starts reading the pages not read before. */
async function fetchMonth(
  options: CrawlOptions,
  parser: PageParser,
  list: string,
  month: string,
): Promise<MonthFetch> {
  const before = (options.state.lists[list] ??= { months: {} }).months[month] ?? { read: '' };
  const indexUrl = `${options.root}${encodeURIComponent(list)}/${month}/maillist.html`;
  const complete = before.etag !== undefined || before.lastModified !== undefined;
  const index = await options.client.get(indexUrl, complete ? before : {});
  if (index.status === 304) return { kind: 'unchanged' };
  if (index.status !== 200) return { kind: 'missing', indexUrl, status: index.status };
  const read = parseRanges(before.read);
  const listed = parseMonthIndex(decodePage(index.body, index.contentType), indexUrl);
  // A rebuilt month renumbers its pages: a page read before whose index subject no longer
  // matches the message the state has there is forgotten and read again.
  for (const number of renumberedPages(options.state, list, month, listed, read)) {
    read.delete(number);
  }
  const entries = listed.filter((entry) => !read.has(entry.number));
  const results = Promise.all(
    entries.map(async (entry) => {
      const url = pageUrl(options.root, list, month, entry.number);
      const location = { list, month, number: entry.number, url };
      return { entry, ...(await readPage(options.client, location, parser)) };
    }),
  );
  // Awaited by finishMonth; until then a failure must not count as unhandled.
  results.catch(() => undefined);
  return { kind: 'read', read, validators: index.validators, results };
}

/** Waits for a month's pages, records them in the state, and hands them to the caller. */
async function finishMonth(
  options: CrawlOptions,
  totals: CrawlTotals,
  visit: { list: string; month: string },
  fetched: MonthFetch,
): Promise<void> {
  const { list, month } = visit;
  if (fetched.kind === 'unchanged') {
    options.onEvent?.({ kind: 'month', list, month, outcome: 'unchanged', pages: 0 });
    return;
  }
  if (fetched.kind === 'missing') {
    options.warn(
      `${fetched.indexUrl}: HTTP ${fetched.status}; the month is skipped and tried again next run`,
    );
    options.onEvent?.({ kind: 'month', list, month, outcome: 'missing', pages: 0 });
    return;
  }
  const { read } = fetched;
  const pages: MessagePage[] = [];
  let missing = 0;
  for (const result of await fetched.results) {
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
  const months = (options.state.lists[list] ??= { months: {} }).months;
  months[month] = { ...(missing === 0 ? fetched.validators : {}), read: formatRanges(read) };
  await options.onBatch({ list, month, pages });
  options.onEvent?.({ kind: 'month', list, month, outcome: 'read', pages: pages.length });
}

/**
 * A month none of whose pages was read before may be fetched while the month before it is still
 * finishing: what it reads does not depend on the state (see renumberedPages), and its requests
 * queue behind that month's in the client's slots, so the download never waits for parsing.
 */
function startsEarly(state: SyncState, visit: { list: string; month: string }): boolean {
  return (state.lists[visit.list]?.months[visit.month]?.read ?? '') === '';
}

/**
 * How many months may be fetching while one is finishing. With more than one, the next months'
 * index requests queue behind pages of months already listed, so the client's slots never wait
 * for an index read and its parse at a month's end; the parsed pages held meanwhile are bounded.
 * (npm run bench:sync, 5 runs each, twice: each run's ratio to the bare download had a median
 * of 1.59-1.61x with one month ahead, 1.36-1.37x with four.)
 */
const LOOKAHEAD_MONTHS = 4;

export async function crawlArchive(options: CrawlOptions): Promise<CrawlTotals> {
  const totals: CrawlTotals = { monthsVisited: 0, monthsChanged: 0, pagesRead: 0, parseMs: 0 };
  const { visits, homes } = await plannedVisits(options);
  options.onEvent?.({ kind: 'months', total: visits.length });
  const parser = new PageParser(options.parsing);
  const start = (visit: { list: string; month: string }) => {
    const fetching = fetchMonth(options, parser, visit.list, visit.month);
    fetching.catch(() => undefined); // awaited below, in visiting order
    return fetching;
  };
  try {
    // Months started ahead of the one being finished, in visiting order (see startsEarly).
    const ahead = new Map<number, Promise<MonthFetch>>();
    let started = 0;
    for (const [position, visit] of visits.entries()) {
      totals.monthsVisited += 1;
      const fetched = await (ahead.get(position) ?? start(visit));
      ahead.delete(position);
      started = Math.max(started, position + 1);
      while (started <= position + LOOKAHEAD_MONTHS) {
        const following = visits[started];
        if (following === undefined || !startsEarly(options.state, following)) break;
        ahead.set(started, start(following));
        started += 1;
      }
      await finishMonth(options, totals, visit, fetched);
    }
  } finally {
    await parser.close();
  }
  for (const [list, validators] of homes) {
    const listState = options.state.lists[list];
    if (listState !== undefined) listState.home = validators;
  }
  return totals;
}
