/**
 * Header text as people wrote it. MHonArc keeps the Subject and From of its comments raw, so
 * RFC 2047 encoded words (`=?charset?Q|B?text?=`) are decoded here. Charsets are decoded with the
 * WHATWG TextDecoder (Node's ICU knows the legacy ones mail uses); an unknown charset or broken
 * encoding yields U+FFFD replacement characters rather than an error, since a subject line must
 * never stop a sync.
 */

const ENCODED_WORD = /=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=/g;

// Node decodes the windows-1252 family as ISO-8859-1, leaving 0x80–0x9F as C1 controls; the
// WHATWG Encoding Standard's windows-1252 index gives these printable characters instead.
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decode(label: string, bytes: Uint8Array): string {
  const decoder = decoderFor(label);
  const text = decoder.decode(bytes);
  if (decoder.encoding !== 'windows-1252') return text;
  return text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

function decoderFor(charset: string): TextDecoder {
  // RFC 2231 allows a language after '*' (`utf-8*en`); it does not change the bytes.
  const label = charset.split('*')[0] ?? 'utf-8';
  try {
    return new TextDecoder(label);
  } catch {
    return new TextDecoder('utf-8');
  }
}

function qBytes(text: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] ?? '';
    if (char === '_') bytes.push(0x20);
    else if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(char.charCodeAt(0) & 0xff);
  }
  return Uint8Array.from(bytes);
}

function bBytes(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'base64'));
}

/** Decodes every encoded word; whitespace between two adjacent encoded words is dropped (§6.2). */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  const joined = value.replace(/(\?=)\s+(?==\?)/g, '$1');
  return joined.replace(ENCODED_WORD, (_whole, charset: string, encoding: string, text: string) => {
    const bytes = encoding.toUpperCase() === 'Q' ? qBytes(text) : bBytes(text);
    return decode(charset, bytes);
  });
}

/**
 * Header bytes that arrived unencoded (8-bit) reach us as Latin-1 characters when the page was
 * read as such; text that is valid UTF-8 when taken back to bytes is read again as UTF-8.
 */
export function repairRawUtf8(value: string): string {
  if (!/[\u0080-\u00ff]/.test(value) || /[^\p{ASCII}\u0080-\u00ff]/u.test(value)) return value;
  const bytes = Buffer.from(value, 'latin1');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return value;
  }
}
