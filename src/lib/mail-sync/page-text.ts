/**
 * A fetched page's text from its bytes. Kept apart from the crawl so the parse workers
 * (./parse-worker.ts) load only what decoding and parsing need.
 */

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
