/**
 * A message page cut down to what a reader of MHonArc's comments needs: the header comments and
 * the three marked regions (body, follow-ups, references). The rest of a page MHonArc writes (the
 * navigation, the subject heading, the visible header list, the index links; about 70% of its
 * bytes) is read only when the comments are missing, so a sync parses a quarter of each page
 * instead of all of it. ./message-page.ts falls back to the whole page when the cut-down one
 * cannot stand in for it (see there).
 */

/** The marked regions, in the order MHonArc writes them. */
export const MARKED_REGIONS = [
  ['X-Body-of-Message', 'X-Body-of-Message-End'],
  ['X-Follow-Ups', 'X-Follow-Ups-End'],
  ['X-References', 'X-References-End'],
] as const;

/** Whether `text` is nothing but HTML comments and white space (a linear scan, no regex). */
function onlyComments(text: string): boolean {
  let at = 0;
  for (;;) {
    const open = text.indexOf('<!--', at);
    const rest = open < 0 ? text.slice(at) : text.slice(at, open);
    if (rest.trim() !== '') return false;
    if (open < 0) return true;
    const close = text.indexOf('-->', open + 4);
    if (close < 0) return false;
    at = close + 3;
  }
}

/** The markers' names (`X-Head-End`, …) in the order MHonArc writes them. */
const MARKERS = ['X-Head-End', ...MARKED_REGIONS.flat()];
const MARKER = new RegExp(`<!--(${MARKERS.join('|')})-->`, 'g');

/** Where a marker comment starts in a page, and where it ends. */
interface Place {
  start: number;
  end: number;
}

/**
 * Where each marker comment of MARKERS is in `html`, in MARKERS' order, if each occurs exactly
 * once; undefined otherwise. One regular-expression pass over the page rather than a search of the
 * whole page for each marker: a sync cuts down thousands of pages.
 */
function markerPlaces(html: string): Place[] | undefined {
  const places = new Map<string, Place>();
  for (const match of html.matchAll(MARKER)) {
    const name = match[1] ?? '';
    if (places.has(name)) return undefined;
    places.set(name, { start: match.index, end: match.index + match[0].length });
  }
  const inOrder = MARKERS.map((name) => places.get(name));
  return inOrder.every((place) => place !== undefined) ? inOrder : undefined;
}

/**
 * The page's header comments followed by its three marked regions inside one `<body>`, or
 * undefined when the page is not laid out as MHonArc writes it: something other than comments
 * before `X-Head-End`, a marker missing, repeated or out of order.
 */
export function mhonarcSkeleton(html: string): string | undefined {
  const places = markerPlaces(html);
  const [headEnd, ...regions] = places ?? [];
  if (headEnd === undefined || !onlyComments(html.slice(0, headEnd.start))) return undefined;
  const parts = [html.slice(0, headEnd.end), '<body>'];
  // Where the previous region ended: each region must start after it.
  let previousEnd = headEnd.end;
  for (let at = 0; at < regions.length; at += 2) {
    const open = regions[at];
    const close = regions[at + 1];
    if (open === undefined || close === undefined) return undefined;
    if (open.start < previousEnd || close.start < open.start) return undefined;
    previousEnd = close.end;
    parts.push(html.slice(open.start, previousEnd));
  }
  parts.push('</body>');
  return parts.join('');
}
