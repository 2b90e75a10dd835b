/**
 * The archive's navigation pages: a list's home page links its months (`YYYYMM/…`); a month's date
 * index (`maillist.html`) and thread index (`threads.html`) link its message pages. Links are read
 * from the parsed page and resolved against the page's URL, so relative and absolute forms both work.
 */
import { findAll, parseHtml, textOf, type HtmlDocument, type HtmlElement } from './html-dom';

export interface MonthLink {
  /** `YYYYMM` */
  month: string;
  /** The month's folder URL, ending with `/`. */
  url: string;
}

export interface IndexEntry {
  number: number;
  url: string;
  subject: string;
  /** Depth in the thread index (0 = a thread's first message); 0 in the date index. */
  depth: number;
}

const MONTH_FOLDER =
  /(?:^|\/)(\d{4})(0[1-9]|1[0-2])\/(?:(?:threads|maillist|mail\d*|index)\.html)?(?:#.*)?$/;
const MESSAGE_PAGE = /(?:^|\/)msg(\d+)\.html(?:#.*)?$/;

function hrefs(html: string): { element: HtmlElement; href: string }[] {
  return findAll(
    parseHtml(html),
    (element) => element.name === 'a' && element.attribs.href !== undefined,
  ).map((element) => ({ element, href: element.attribs.href ?? '' }));
}

function resolve(href: string, base: string): URL | undefined {
  try {
    return new URL(href, base);
  } catch {
    return undefined;
  }
}

/** The months a list home page links, oldest first, each once. */
export function parseListHome(html: string, listUrl: string): MonthLink[] {
  const months = new Map<string, string>();
  for (const { href } of hrefs(html)) {
    const url = resolve(href, listUrl);
    if (url === undefined || !url.href.startsWith(listUrl)) continue;
    const match = MONTH_FOLDER.exec(url.pathname);
    if (match === null) continue;
    const month = `${match[1]}${match[2]}`;
    if (!months.has(month)) months.set(month, new URL(`${month}/`, listUrl).href);
  }
  return [...months.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, url]) => ({ month, url }));
}

function depthOf(element: HtmlElement): number {
  let depth = -1;
  for (
    let node: HtmlElement | HtmlDocument | null = element.parent;
    node !== null;
    node = node.parent
  ) {
    if (node.type !== 'root' && (node.name === 'ul' || node.name === 'ol')) depth += 1;
  }
  return Math.max(0, depth);
}

/**
 * The message pages a month index links (date or thread index), in page order, each once. Links to
 * other months or lists are ignored: MHonArc's indexes never cross them.
 */
export function parseMonthIndex(html: string, indexUrl: string): IndexEntry[] {
  const folder = new URL('./', indexUrl).href;
  const seen = new Map<number, IndexEntry>();
  for (const { element, href } of hrefs(html)) {
    const url = resolve(href, indexUrl);
    if (url === undefined) continue;
    url.hash = '';
    if (new URL('./', url).href !== folder) continue;
    const match = MESSAGE_PAGE.exec(url.pathname);
    if (match === null) continue;
    const number = Number(match[1]);
    if (seen.has(number)) continue;
    seen.set(number, {
      number,
      url: url.href,
      subject: textOf(element).replace(/\s+/g, ' ').trim(),
      depth: depthOf(element),
    });
  }
  return [...seen.values()];
}
