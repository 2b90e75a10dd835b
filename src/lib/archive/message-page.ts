/**
 * Reads one MHonArc message page. MHonArc's comments give the exact header values and mark where
 * the body, the follow-ups and the references are; a page without them (hand-edited, or made with
 * the comments turned off) is read from what it shows: the title, the header list
 * (`<li><em>Subject</em>: …`) and the `<pre>` or paragraph text.
 */
import { readQuotedHeader, splitBody } from './body-blocks';
import { decodeEncodedWords, repairRawUtf8 } from './encoded-words';
import {
  documentOrder,
  findAll,
  isElement,
  isText,
  parseHtml,
  readableText,
  textOf,
  type DocumentOrder,
  type HtmlDocument,
  type HtmlElement,
  type HtmlNode,
} from './html-dom';
import { isoDate } from './mail-date';
import { readMhonarcComments, type MhonarcComments } from './mhonarc-comments';
import { MARKED_REGIONS, mhonarcSkeleton } from './mhonarc-skeleton';
import type { Attachment, MessagePage, PageLocation } from './model';
import { withoutAddresses } from '../privacy';
import { senderName } from './names';

const MESSAGE_PAGE = /^msg\d+\.html$/;

/** Message-IDs MHonArc invents for messages that had none. */
export function isMhonarcSyntheticId(id: string): boolean {
  return /@NO-ID-FOUND\.mhonarc\.org$/i.test(id);
}

function headerText(value: string): string {
  return repairRawUtf8(decodeEncodedWords(value)).replace(/\s+/g, ' ').trim();
}

/**
 * Nodes between two marker comments (`X-Body-of-Message` … `X-Body-of-Message-End`), outermost
 * first: a node inside the markers is taken whole, and a marker within it is not seen.
 */
function between(order: DocumentOrder, start: string, end: string): HtmlNode[] | undefined {
  let inside = false;
  let found = false;
  const nodes: HtmlNode[] = [];
  for (let index = 0; index < order.nodes.length;) {
    const node = order.nodes[index] as HtmlNode;
    if (node.type === 'comment') {
      const text = node.data.trim();
      if (text === start) {
        inside = true;
        found = true;
      } else if (text === end) inside = false;
      index += 1;
    } else if (inside) {
      nodes.push(node);
      index = order.ends[index] ?? order.nodes.length;
    } else index += 1;
  }
  return found ? nodes : undefined;
}

function resolve(href: string, base: string): string | undefined {
  try {
    return new URL(href, base).href;
  } catch {
    return undefined;
  }
}

function isLink(element: HtmlElement): boolean {
  return element.name === 'a';
}

function linksIn(nodes: readonly HtmlNode[]): HtmlElement[] {
  const links: HtmlElement[] = [];
  for (const node of nodes) {
    if (isElement(node) && isLink(node)) links.push(node);
    links.push(...findAll(node, isLink));
  }
  return links;
}

/**
 * The links to other messages among `nodes`, as URLs. A message link is a bare file name
 * (MESSAGE_PAGE), so it resolves into the page's own folder (`resolve('.', page URL)`), which the
 * caller parses once for all of a page's links.
 */
function messageLinks(
  nodes: readonly HtmlNode[] | undefined,
  folder: string | undefined,
): string[] {
  if (nodes === undefined || folder === undefined) return [];
  const urls = new Set<string>();
  for (const link of linksIn(nodes)) {
    const href = link.attribs.href ?? '';
    if (MESSAGE_PAGE.test(href)) urls.add(folder + href);
  }
  return [...urls];
}

/**
 * Attachments: MHonArc lists the files it wrote in `X-Derived` and links each from the body as
 * "Attachment: <a href=file><tt>name</tt></a>", optionally followed by "Description: …".
 */
function attachmentsIn(
  body: readonly HtmlNode[],
  derived: readonly string[],
  base: string,
): Attachment[] {
  const derivedFiles = new Set(derived);
  const found: Attachment[] = [];
  for (const link of linksIn(body)) {
    const href = link.attribs.href ?? '';
    // X-Derived names a file, or (MHonArc's `usename` inline subdir) the folder holding it.
    const isDerived = derivedFiles.has(href) || derivedFiles.has(href.split('/')[0] ?? '');
    const labelled = /attachment/i.test(textOf(link.parent));
    if (!isDerived && !(labelled && !/^[a-z]+:/i.test(href) && !MESSAGE_PAGE.test(href))) continue;
    const url = resolve(href, base);
    if (url === undefined) continue;
    // The link's grandparent, or its parent at the top of the page.
    const container = link.parent.parent ?? link.parent;
    const description = /Description:\s*([^\n]+)/.exec(textOf(container))?.[1];
    found.push({
      name: textOf(link).trim() || href,
      url,
      ...(description === undefined ? {} : { description: description.trim() }),
    });
  }
  return found;
}

/** The visible header list: `<li><em>Subject</em>: value</li>` → { subject: value }. */
function visibleHeaders(order: DocumentOrder): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const item of order.nodes) {
    if (item.type !== 'tag' || item.name !== 'li') continue;
    const first = item.children.find((child) => !isText(child) || child.data.trim() !== '');
    if (first === undefined || !isElement(first) || first.name !== 'em') continue;
    const name = textOf(first).trim().toLowerCase();
    const value = textOf(item)
      .slice(textOf(first).length)
      .replace(/^\s*:\s*/, '');
    if (!(name in fields)) fields[name] = value.trim();
  }
  return fields;
}

function isHeaderList(element: HtmlElement): boolean {
  if (element.name !== 'ul') return false;
  const labels = findAll(element, (child) => child.name === 'em').map((em) =>
    textOf(em).trim().toLowerCase(),
  );
  return labels.includes('subject') && (labels.includes('from') || labels.includes('date'));
}

/**
 * The body of a page without MHonArc's comments: what lies between the rule after the visible
 * header list and the next rule (MHonArc's message layout), or the `<pre>` blocks, or the page.
 */
function visibleBody(doc: HtmlDocument): HtmlNode[] {
  const header = findAll(doc, isHeaderList)[0];
  if (header !== undefined) {
    const nodes: HtmlNode[] = [];
    let seenRule = false;
    for (let node = header.next; node !== null; node = node.next) {
      const isRule = isElement(node) && node.name === 'hr';
      if (isRule && seenRule) break;
      if (isRule) seenRule = true;
      else if (seenRule) nodes.push(node);
    }
    if (nodes.length > 0) return nodes;
  }
  const pres = findAll(doc, (element) => element.name === 'pre');
  if (pres.length > 0) return pres;
  const body = findAll(doc, (element) => element.name === 'body')[0];
  return body === undefined ? doc.children : body.children;
}

function pageId(location: PageLocation): string {
  return `page:${location.list}/${location.month}/msg${String(location.number).padStart(5, '0')}`;
}

/** A parsed page with what every reading of it starts from. */
interface ParsedPage {
  doc: HtmlDocument;
  order: DocumentOrder;
  fromComments: MhonarcComments | undefined;
}

function parsePage(html: string): ParsedPage {
  const doc = parseHtml(html);
  const order = documentOrder(doc);
  const comments: string[] = [];
  for (const node of order.nodes) if (node.type === 'comment') comments.push(node.data);
  return { doc, order, fromComments: readMhonarcComments(comments) };
}

const MARKERS: ReadonlySet<string> = new Set(MARKED_REGIONS.flat());

/** Whether the comments give every header field a page is read for (then the visible list is not). */
function givesEveryHeader(comments: MhonarcComments | undefined): boolean {
  if (comments === undefined) return false;
  const { subject, from, date, messageId } = comments;
  return ![subject, from, date, messageId].includes(undefined);
}

/**
 * Whether the cut-down page (./mhonarc-skeleton.ts) reads as the whole page would: its comments
 * give every header field, so the visible header list it lacks would never be consulted, and each
 * marker is a child of `<body>`, so no element left open inside a region swallowed the regions
 * after it (read whole, such a page takes in the text that follows, and must be read whole).
 */
function standsInForWholePage({ order, fromComments }: ParsedPage): boolean {
  if (!givesEveryHeader(fromComments)) return false;
  let markers = 0;
  for (const node of order.nodes) {
    if (node.type !== 'comment' || !MARKERS.has(node.data.trim())) continue;
    if (node.parent.type === 'root' || node.parent.name !== 'body') return false;
    markers += 1;
  }
  return markers === MARKERS.size;
}

/**
 * Reads one message page; never throws on odd content (a page must not stop a sync). A page laid
 * out as MHonArc writes it is read from its comments and marked regions alone.
 */
export function parseMessagePage(html: string, location: PageLocation): MessagePage {
  const skeleton = mhonarcSkeleton(html);
  if (skeleton !== undefined) {
    const parsed = parsePage(skeleton);
    if (standsInForWholePage(parsed)) return readPage(parsed, location);
  }
  return parseWholeMessagePage(html, location);
}

/** Reads the whole page, never a cut-down one; the tests compare the two readings. */
export function parseWholeMessagePage(html: string, location: PageLocation): MessagePage {
  return readPage(parsePage(html), location);
}

function readPage({ doc, order, fromComments }: ParsedPage, location: PageLocation): MessagePage {
  const shown = givesEveryHeader(fromComments) ? {} : visibleHeaders(order);
  const bodyNodes =
    between(order, 'X-Body-of-Message', 'X-Body-of-Message-End') ?? visibleBody(doc);
  const attachments = attachmentsIn(bodyNodes, fromComments?.derived ?? [], location.url);
  // MHonArc's "Attachment: name / Description: …" notes are listed as attachments, not as text.
  const text = readableText(
    attachments.length === 0
      ? bodyNodes
      : bodyNodes.filter((node) => !/^\s*Attachment:/.test(textOf(node))),
  );
  const body = splitBody(text);
  const forwarded = body.find((block) => block.kind === 'forwarded');
  const forwardedHeader = forwarded === undefined ? undefined : readQuotedHeader(forwarded.text);

  const rawSubject =
    fromComments?.subject ??
    shown.subject ??
    textOf(findAll(doc, (element) => element.name === 'title')[0] ?? doc).trim();
  const subject = withoutAddresses(headerText(rawSubject));
  const from = senderName(fromComments?.from ?? shown.from ?? '');
  const date = isoDate(fromComments?.date ?? shown.date);
  const rawId =
    fromComments?.messageId?.trim() ?? shown['message-id']?.replace(/^<|>$/g, '').trim();
  const messageId = rawId === undefined || rawId === '' ? pageId(location) : rawId;
  const folder = resolve('.', location.url);

  return {
    location,
    source: fromComments === undefined ? 'visible' : 'comments',
    messageId,
    syntheticId: rawId === undefined || rawId === '' || isMhonarcSyntheticId(rawId),
    subject: subject === '' ? '(no subject)' : subject,
    ...(from === undefined ? {} : { from }),
    ...(date === undefined ? {} : { date }),
    references: fromComments?.references ?? [],
    ...(fromComments?.contentType === undefined ? {} : { contentType: fromComments.contentType }),
    body,
    ...(forwardedHeader === undefined ? {} : { forwardedHeader }),
    attachments,
    followUpUrls: messageLinks(between(order, 'X-Follow-Ups', 'X-Follow-Ups-End'), folder),
    referenceUrls: messageLinks(between(order, 'X-References', 'X-References-End'), folder),
  };
}
