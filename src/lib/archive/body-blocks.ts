/**
 * Splits a message body into what the sender wrote, what it quotes and what it forwards, and reads
 * the header block a forward carries. The forward is how a comment reaches the TC list: an Outlook
 * forward has no References header, only the quoted `From: / Sent: / To: / Subject:` block, so that
 * block is what the threading matches on.
 */
import type { BlockKind, BodyBlock, QuotedHeader } from './model';
import { withoutAddresses } from '../privacy';
import { senderName } from './names';

const FORWARD_MARKERS = [
  /^-{2,}\s*(?:original message|forwarded message|message d'origine|ursprüngliche nachricht)\s*-{2,}\s*$/i,
  /^begin forwarded message:?\s*$/i,
  /^_{10,}\s*$/,
];
const HEADER_LINE = /^\s*(from|sent|date|to|cc|subject)\s*:\s*(.*)$/i;
/** How an attribution line ends ("On Mon, Bob wrote:"). */
const WROTE = /\bwrote\s*:\s*$/i;
const QUOTED = /^\s*>/;

/** Index of the line where a forwarded message starts, or -1. */
function forwardStart(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (QUOTED.test(line)) continue;
    if (FORWARD_MARKERS.some((marker) => marker.test(line))) return i;
    // A bare Outlook header block: From: then Sent: or Date: within the next lines.
    if (/^\s*from\s*:/i.test(line) && (i === 0 || (lines[i - 1] ?? '').trim() === '')) {
      const next = lines.slice(i + 1, i + 4);
      if (next.some((l) => /^\s*(sent|date)\s*:/i.test(l))) return i;
    }
  }
  return -1;
}

function pushLine(blocks: BodyBlock[], kind: BlockKind, line: string): void {
  const last = blocks[blocks.length - 1];
  if (last?.kind === kind) last.text += `\n${line}`;
  else blocks.push({ kind, text: line });
}

/** Drops the line breaks that start a block and the white space that ends it. */
function trimBlock(text: string): string {
  let start = 0;
  while (text.charCodeAt(start) === 0x0a) start += 1;
  // trimEnd removes exactly what `\s` matches.
  return text.slice(start).trimEnd();
}

function trimBlocks(blocks: BodyBlock[]): BodyBlock[] {
  return blocks
    .map((block) => ({ kind: block.kind, text: trimBlock(block.text) }))
    .filter((block) => block.text !== '');
}

/**
 * Whether the line introduces the quote on the line after it ("… wrote:"). What comes before
 * "wrote" is anything on one line: matched by a regular expression (`^\s*.*\bwrote`), a long run
 * of blanks at the start of a line costs time quadratic in its length.
 */
function isAttribution(line: string, next: string | undefined): boolean {
  if (next === undefined || !QUOTED.test(next)) return false;
  const wrote = WROTE.exec(line);
  return wrote !== null && !/[\r\u2028\u2029]/.test(line.slice(0, wrote.index).trimStart());
}

/** The body as blocks in order; a forward runs from its marker to the end of the body. */
export function splitBody(text: string): BodyBlock[] {
  const lines = (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text).split('\n');
  const start = forwardStart(lines);
  const own = start < 0 ? lines : lines.slice(0, start);
  const blocks: BodyBlock[] = [];
  for (let index = 0; index < own.length; index += 1) {
    const line = own[index] ?? '';
    const quoted = QUOTED.test(line) || isAttribution(line, own[index + 1]);
    pushLine(blocks, quoted ? 'quoted' : 'new', line);
  }
  if (start >= 0) blocks.push({ kind: 'forwarded', text: lines.slice(start).join('\n') });
  return trimBlocks(blocks);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * The calendar day of a `Sent:` value as mail clients write it: `Sunday, May 10, 2015 7:55 AM`,
 * `Sun, 10 May 2015 12:55:00 +0100`, `10 May 2015`, `2015-05-10 …`. Read by hand, not with
 * Date.parse, whose result would depend on the machine's time zone.
 */
export function dayOf(value: string): string | undefined {
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(value);
  if (iso !== null) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const monthFirst = /\b([A-Za-z]{3,})\.?\s+(\d{1,2}),?\s+(\d{4})\b/.exec(value);
  const dayFirst = /\b(\d{1,2})\.?\s+([A-Za-z]{3,})\.?,?\s+(\d{4})\b/.exec(value);
  const parts =
    monthFirst !== null
      ? { month: monthFirst[1], day: monthFirst[2], year: monthFirst[3] }
      : dayFirst !== null
        ? { month: dayFirst[2], day: dayFirst[1], year: dayFirst[3] }
        : undefined;
  if (parts === undefined) return undefined;
  const month = MONTHS.indexOf((parts.month ?? '').slice(0, 3).toLowerCase());
  const day = Number(parts.day);
  if (month < 0 || day < 1 || day > 31) return undefined;
  return `${parts.year}-${pad(month + 1)}-${pad(day)}`;
}

/** The quoted header block at the start of a forwarded block, if it has one. */
export function readQuotedHeader(forwarded: string): QuotedHeader | undefined {
  const header: QuotedHeader = {};
  let seen = 0;
  for (const line of forwarded.split('\n').slice(0, 16)) {
    if (line.trim() === '' && seen > 0) break;
    const match = HEADER_LINE.exec(line);
    if (match === null) continue;
    seen += 1;
    const field = (match[1] ?? '').toLowerCase();
    const value = (match[2] ?? '').trim();
    if (field === 'from') {
      const onBehalf = /\bon behalf of\s+(.+)$/i.exec(value);
      const name = senderName(onBehalf?.[1] ?? value.replace(/\[mailto:[^\]]*\]/i, ''));
      if (name !== undefined) header.from = name;
    } else if (field === 'sent' || field === 'date') {
      header.sent = value;
      const day = dayOf(value);
      if (day !== undefined) header.sentDay = day;
    } else if (field === 'subject') {
      header.subject = withoutAddresses(value);
    }
  }
  return seen >= 2 ? header : undefined;
}
