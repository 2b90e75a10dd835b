/**
 * Mail messages as tests write them, and their RFC 5322 / MIME form. The bytes are what a list
 * server would have stored: header values are written exactly as given (so tests can feed RFC 2047
 * encoded words, raw UTF-8 or broken values to MHonArc), and bodies are encoded by the encoders
 * below. Lines end in LF because the messages go into an mbox file.
 */
import { createHash } from 'node:crypto';

export interface Attachment {
  filename: string;
  contentType: string;
  content: Buffer | string;
}

export type MessageBody =
  | {
      kind: 'text';
      text: string;
      /** Default utf-8; us-ascii and iso-8859-1 are the other charsets that can be encoded. */
      charset?: string;
      /** Default 8bit. */
      encoding?: '8bit' | 'quoted-printable' | 'base64';
    }
  /** An HTML-only message. */
  | { kind: 'html'; html: string; charset?: string }
  /** Bytes written as they are, e.g. an invalid transfer encoding or an unusual charset. */
  | { kind: 'raw'; contentType: string; transferEncoding?: string; raw: Buffer | string };

export interface MailMessage {
  /** The list the message was posted to, e.g. 'pkcs11-comment'. */
  list: string;
  /** Further lists: a cross-post has the same bytes (and Message-ID) in each list's archive. */
  alsoTo?: string[];
  /** Header value as written; may hold RFC 2047 encoded words or raw UTF-8. */
  from: string;
  subject: string;
  /** RFC 5322 date, written as is, e.g. 'Sun, 10 May 2015 12:55:00 +0100'. */
  date: string;
  /** With angle brackets; undefined writes no Message-ID header at all. */
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  body: MessageBody;
  /** When present the message is multipart/mixed with the body as its first part. */
  attachments?: Attachment[];
}

/** RFC 2045 limits encoded lines to 76 characters. */
const ENCODED_LINE_LENGTH = 76;

// ---------------------------------------------------------------------------------------------
// Transfer encodings

const HEX = '0123456789ABCDEF';

function hexEscape(byte: number): string {
  return `=${HEX[byte >> 4] ?? '0'}${HEX[byte & 15] ?? '0'}`;
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const EQUALS = 0x3d;

/** Splits bytes into lines at LF, dropping a CR before it; the last element follows the last LF. */
function splitLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i += 1) {
    if (bytes[i] !== LF) continue;
    const end = i > start && bytes[i - 1] === CR ? i - 1 : i;
    lines.push(bytes.subarray(start, end));
    start = i + 1;
  }
  lines.push(bytes.subarray(start));
  return lines;
}

/**
 * Quoted-printable (RFC 2045 §6.7). Line breaks of the input stay hard line breaks; longer lines
 * get soft breaks (`=` at the end) so no encoded line exceeds 76 characters, and an escape is
 * never split. A line-initial `From ` has its `F` escaped so no mbox writer needs to alter it.
 */
export function encodeQuotedPrintable(input: Uint8Array | string): string {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const out: string[] = [];
  for (const line of splitLines(bytes)) {
    const tokens: string[] = [];
    line.forEach((byte, index) => {
      const last = index === line.length - 1;
      const printable = byte >= 0x21 && byte <= 0x7e && byte !== EQUALS;
      const blank = byte === SPACE || byte === TAB;
      const fromLine =
        index === 0 && byte === 0x46 && Buffer.from(line.subarray(0, 5)).toString() === 'From ';
      // Trailing blanks would be stripped by mail software, so they are escaped.
      if ((printable && !fromLine) || (blank && !last)) tokens.push(String.fromCharCode(byte));
      else tokens.push(hexEscape(byte));
    });
    let current = '';
    tokens.forEach((token, index) => {
      const isLastToken = index === tokens.length - 1;
      // A soft break costs one character, so only the final token may reach column 76.
      const limit = isLastToken ? ENCODED_LINE_LENGTH : ENCODED_LINE_LENGTH - 1;
      if (current.length + token.length > limit) {
        out.push(`${current}=`);
        current = '';
      }
      current += token;
    });
    out.push(current);
  }
  return out.join('\n');
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64Char(sextet: number): string {
  return BASE64_ALPHABET[sextet & 63] ?? 'A';
}

/** Base64 (RFC 2045 §6.8) in lines of 76 characters, each line ending in LF. */
export function encodeBase64(input: Uint8Array | string): string {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const remaining = bytes.length - i;
    text += base64Char(a >> 2) + base64Char(((a & 3) << 4) | (b >> 4));
    text += remaining > 1 ? base64Char(((b & 15) << 2) | (c >> 6)) : '=';
    text += remaining > 2 ? base64Char(c) : '=';
  }
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += ENCODED_LINE_LENGTH) {
    lines.push(text.slice(i, i + ENCODED_LINE_LENGTH));
  }
  return lines.map((line) => `${line}\n`).join('');
}

// ---------------------------------------------------------------------------------------------
// Dates

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** RFC 5322 §4.3 obsolete zone names; military letters count as -0000 as the RFC advises. */
const ZONE_OFFSETS_MINUTES: Readonly<Record<string, number>> = {
  ut: 0,
  gmt: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
};

const DATE_PATTERN =
  /^\s*(?:[A-Za-z]+,?\s*)?(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Za-z]+)?/;

/** The instant an RFC 5322 date (including the obsolete forms of §4.3) stands for. */
export function parseMailDate(value: string): Date {
  const match = DATE_PATTERN.exec(value);
  const month = match ? MONTHS.indexOf((match[2] ?? '').toLowerCase()) : -1;
  if (!match || month < 0) throw new Error(`cannot read the mail date ${JSON.stringify(value)}`);
  let year = Number(match[3]);
  // RFC 5322 §4.3: two-digit years below 50 are 20xx, three-digit years count from 1900.
  if ((match[3] ?? '').length === 2) year += year < 50 ? 2000 : 1900;
  else if ((match[3] ?? '').length === 3) year += 1900;
  const zone = match[7] ?? '+0000';
  let offsetMinutes = 0;
  if (/^[+-]\d{4}$/.test(zone)) {
    const sign = zone.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  } else {
    offsetMinutes = ZONE_OFFSETS_MINUTES[zone.toLowerCase()] ?? 0;
  }
  const local = Date.UTC(
    year,
    month,
    Number(match[1]),
    Number(match[4]),
    Number(match[5]),
    Number(match[6] ?? '0'),
  );
  return new Date(local - offsetMinutes * 60_000);
}

/** 'YYYYMM' of the message date in UTC: the archive month folder the message goes into. */
export function monthOf(message: MailMessage): string {
  const date = parseMailDate(message.date);
  return `${date.getUTCFullYear()}${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Formatting

/** Header names MIME structure depends on; formatMessage writes them itself. */
const MIME_HEADERS = new Set(['mime-version', 'content-type', 'content-transfer-encoding']);

function header(name: string, value: string): string {
  if (!/^[!-9;-~]+$/.test(name)) throw new Error(`invalid header name ${JSON.stringify(name)}`);
  // A line break is only allowed as folding (followed by white space); anything else would end
  // the header block early.
  if (/\r|\n(?![ \t])/.test(value)) {
    throw new Error(`header ${name} has a line break that is not folding`);
  }
  return `${name}: ${value}\n`;
}

function encodeCharset(text: string, charset: string): Buffer {
  const name = charset.toLowerCase();
  if (name === 'utf-8' || name === 'utf8') return Buffer.from(text, 'utf8');
  const limit = name === 'us-ascii' || name === 'ascii' ? 0x80 : 0x100;
  if (limit === 0x100 && !['iso-8859-1', 'latin1', 'iso_8859-1', 'l1'].includes(name)) {
    throw new Error(`cannot encode text as ${charset}; write such a body as kind 'raw'`);
  }
  for (const char of text) {
    if ((char.codePointAt(0) ?? 0) >= limit) {
      throw new Error(`${JSON.stringify(char)} is not in ${charset}`);
    }
  }
  return Buffer.from(text, 'latin1');
}

/** Text with LF line ends, ending in one. */
function normaliseLines(text: string): string {
  const lf = text.replace(/\r\n?/g, '\n');
  return lf.endsWith('\n') ? lf : `${lf}\n`;
}

function withFinalNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

interface Part {
  headers: string;
  content: Buffer;
}

function transferEncode(bytes: Buffer, encoding: '8bit' | 'quoted-printable' | 'base64'): Buffer {
  if (encoding === 'quoted-printable') {
    return Buffer.from(withFinalNewline(encodeQuotedPrintable(bytes)), 'latin1');
  }
  if (encoding === 'base64') return Buffer.from(encodeBase64(bytes), 'latin1');
  return bytes;
}

function bodyPart(body: MessageBody): Part {
  if (body.kind === 'raw') {
    const raw = typeof body.raw === 'string' ? Buffer.from(body.raw, 'utf8') : body.raw;
    let headers = header('Content-Type', body.contentType);
    if (body.transferEncoding !== undefined) {
      headers += header('Content-Transfer-Encoding', body.transferEncoding);
    }
    return { headers, content: raw };
  }
  if (body.kind === 'html') {
    const charset = body.charset ?? 'utf-8';
    const bytes = encodeCharset(normaliseLines(body.html), charset);
    // HTML from mail programs has long lines, which 8bit does not allow beyond 998 octets.
    return {
      headers:
        header('Content-Type', `text/html; charset=${charset}`) +
        header('Content-Transfer-Encoding', 'quoted-printable'),
      content: transferEncode(bytes, 'quoted-printable'),
    };
  }
  const charset = body.charset ?? 'utf-8';
  const encoding = body.encoding ?? '8bit';
  const bytes = encodeCharset(normaliseLines(body.text), charset);
  return {
    headers:
      header('Content-Type', `text/plain; charset=${charset}`) +
      header('Content-Transfer-Encoding', encoding),
    content: transferEncode(bytes, encoding),
  };
}

function quoteParameter(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** RFC 2231 form of a non-ASCII parameter value. */
function extendedParameter(value: string): string {
  const encoded = [...Buffer.from(value, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9!#$&+.^_`|~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${HEX[byte >> 4] ?? '0'}${HEX[byte & 15] ?? '0'}`,
    )
    .join('');
  return `utf-8''${encoded}`;
}

function attachmentPart(attachment: Attachment): Part {
  const ascii = /^[\x20-\x7e]*$/.test(attachment.filename);
  // Mail programs give a non-ASCII name both ways: RFC 2047 in `name`, RFC 2231 in `filename*`.
  const name = ascii
    ? quoteParameter(attachment.filename)
    : quoteParameter(`=?utf-8?B?${encodeBase64(attachment.filename).replace(/\n/g, '')}?=`);
  const filename = ascii
    ? `filename=${quoteParameter(attachment.filename)}`
    : `filename*=${extendedParameter(attachment.filename)}`;
  const content =
    typeof attachment.content === 'string'
      ? Buffer.from(attachment.content, 'utf8')
      : attachment.content;
  return {
    headers:
      header('Content-Type', `${attachment.contentType}; name=${name}`) +
      header('Content-Disposition', `attachment; ${filename}`) +
      header('Content-Transfer-Encoding', 'base64'),
    content: transferEncode(content, 'base64'),
  };
}

/** A boundary derived from the content, so the same message always gives the same bytes. */
function boundaryFor(parts: readonly Part[]): string {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part.headers).update(part.content);
  const digest = hash.digest('hex');
  for (let attempt = 0; ; attempt += 1) {
    const boundary = `=_fixture_${digest.slice(0, 24)}${attempt === 0 ? '' : `_${attempt}`}`;
    if (!parts.some((part) => part.content.includes(boundary))) return boundary;
  }
}

/** The message as an RFC 5322 / MIME byte stream with LF line ends. */
export function formatMessage(message: MailMessage): Buffer {
  let headers = header('From', message.from);
  headers += header('Subject', message.subject);
  headers += header('Date', message.date);
  if (message.messageId !== undefined) headers += header('Message-ID', message.messageId);
  if (message.inReplyTo !== undefined) headers += header('In-Reply-To', message.inReplyTo);
  if (message.references !== undefined && message.references.length > 0) {
    // One identifier per line, folded, as mail programs write long References fields.
    headers += header('References', message.references.join('\n '));
  }
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (MIME_HEADERS.has(name.toLowerCase())) {
      throw new Error(`header ${name} is written by formatMessage; use a 'raw' body instead`);
    }
    headers += header(name, value);
  }
  headers += header('MIME-Version', '1.0');

  const body = bodyPart(message.body);
  const attachments = message.attachments ?? [];
  if (attachments.length === 0) {
    return Buffer.concat([Buffer.from(`${headers}${body.headers}\n`, 'utf8'), body.content]);
  }

  const parts = [body, ...attachments.map(attachmentPart)];
  const boundary = boundaryFor(parts);
  const chunks: Buffer[] = [
    Buffer.from(
      `${headers}${header('Content-Type', `multipart/mixed; boundary=${quoteParameter(boundary)}`)}\n` +
        'This is a multi-part message in MIME format.\n',
      'utf8',
    ),
  ];
  for (const part of parts) {
    chunks.push(Buffer.from(`\n--${boundary}\n${part.headers}\n`, 'utf8'), part.content);
  }
  // The line break before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
  chunks.push(Buffer.from(`\n--${boundary}--\n`, 'utf8'));
  return Buffer.concat(chunks);
}
