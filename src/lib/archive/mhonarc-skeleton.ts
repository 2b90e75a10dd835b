/**
 * A message page cut down to what a reader of MHonArc's comments needs: the header comments and
 * the three marked regions (body, follow-ups, references). The rest of a page MHonArc writes (the
 * navigation, the subject heading, the visible header list, the index links; about 70% of its
 * bytes) is read only when the comments are missing, so a sync parses a quarter of each page
 * instead of all of it. ./message-page.ts falls back to the whole page when the cut-down one
 * cannot stand in for it (see there).
 */

const HEAD_END = '<!--X-Head-End-->';

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

/** Where `needle` occurs in `html` if it occurs exactly once; -1 otherwise. */
function onlyOccurrence(html: string, needle: string): number {
  const at = html.indexOf(needle);
  if (at < 0 || html.includes(needle, at + needle.length)) return -1;
  return at;
}

/**
 * The page's header comments followed by its three marked regions inside one `<body>`, or
 * undefined when the page is not laid out as MHonArc writes it: something other than comments
 * before `X-Head-End`, a marker missing, repeated or out of order.
 */
export function mhonarcSkeleton(html: string): string | undefined {
  const headEnd = onlyOccurrence(html, HEAD_END);
  if (headEnd < 0 || !onlyComments(html.slice(0, headEnd))) return undefined;
  const parts = [html.slice(0, headEnd + HEAD_END.length), '<body>'];
  // Where the previous region ended: each region must start after it.
  let previousEnd = headEnd + HEAD_END.length;
  for (const [start, end] of MARKED_REGIONS) {
    const open = onlyOccurrence(html, `<!--${start}-->`);
    const closeMarker = `<!--${end}-->`;
    const close = onlyOccurrence(html, closeMarker);
    if (open < previousEnd || close < open) return undefined;
    previousEnd = close + closeMarker.length;
    parts.push(html.slice(open, previousEnd));
  }
  parts.push('</body>');
  return parts.join('');
}
