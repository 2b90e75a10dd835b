/**
 * MHonArc's machine-readable comments. At the top of every message page MHonArc writes
 * `<!--X-Subject: …-->`, `<!--X-From-R13: …-->`, `<!--X-Date: …-->`, `<!--X-Message-Id: …-->`,
 * `<!--X-Content-Type: …-->`, then one `<!--X-Reference: …-->` per referenced Message-ID and one
 * `<!--X-Derived: …-->` per file it derived (attachments), and `<!--X-Head-End-->`. Two encodings
 * are applied to the values (MHonArc's ewhutil.pl, `commentize` and `mrot13`):
 * - `-`, `&` and `<` become decimal character references, so a value cannot end the comment;
 * - the From value is rotated (“R13”) so address harvesters do not read it: lower-case letters by
 *   13 as in rot13, and the 28 characters `@A…Z[` by 14 among themselves (so `@` ↔ `N`).
 * Both are their own inverse once the references are decoded.
 */

export interface MhonarcComments {
  subject?: string;
  /** The raw From header as MHonArc stored it (after R13 decoding): may hold encoded words. */
  from?: string;
  date?: string;
  /** MHonArc's Message-ID: the text between the angle brackets. */
  messageId?: string;
  contentType?: string;
  references: string[];
  derived: string[];
}

/** Undoes MHonArc's `commentize`: every decimal character reference becomes its byte. */
export function uncommentize(value: string): string {
  if (!value.includes('&#')) return value;
  return value.replace(/&#(\d+);/g, (whole, digits: string) => {
    const code = Number(digits);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** MHonArc's R13 (`mrot13`): applying it twice gives the text back. */
export function mhonarcRot13(value: string): string {
  let out = '';
  for (let at = 0; at < value.length; at += 1) {
    const code = value.charCodeAt(at);
    if (code >= 0x61 && code <= 0x7a) {
      // a–z by 13
      out += String.fromCharCode(((code - 0x61 + 13) % 26) + 0x61);
    } else if (code >= 0x40 && code <= 0x5b) {
      // the 28 characters @A–Z[ by 14
      out += String.fromCharCode(((code - 0x40 + 14) % 28) + 0x40);
    } else out += String.fromCharCode(code);
  }
  return out;
}

const FIELD = /^X-([A-Za-z0-9-]+):\s?([\s\S]*?)\s?$/;

/**
 * Reads the comments that precede `X-Head-End`. `comments` are the texts of the page's HTML
 * comments in document order (without `<!--` and `-->`). Returns undefined when the page has none
 * of MHonArc's comments, so the caller falls back to the visible page.
 */
export function readMhonarcComments(comments: readonly string[]): MhonarcComments | undefined {
  const result: MhonarcComments = { references: [], derived: [] };
  let found = false;
  for (const comment of comments) {
    const text = comment.trim();
    if (text === 'X-Head-End') break;
    const match = FIELD.exec(text);
    if (match === null) continue;
    const name = (match[1] ?? '').toLowerCase();
    const value = uncommentize((match[2] ?? '').trim());
    found = true;
    switch (name) {
      case 'subject':
        result.subject = value;
        break;
      case 'from-r13':
        result.from = mhonarcRot13(value);
        break;
      case 'date':
        result.date = value;
        break;
      case 'message-id':
        result.messageId = value;
        break;
      case 'content-type':
        result.contentType = value;
        break;
      case 'reference':
        if (value !== '') result.references.push(value);
        break;
      case 'derived':
        if (value !== '') result.derived.push(value);
        break;
      default:
        break;
    }
  }
  return found ? result : undefined;
}
