import { UsageGuideSourceError } from './errors';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The text of a chapter file, which must be UTF-8 (pandoc reads its input as UTF-8 only: pandoc
 * manual, "Character encoding"). A byte-order mark or invalid bytes are refused rather than
 * guessed at, because the patch must reproduce every other byte of the file.
 */
export function decodeChapter(bytes: Uint8Array, file: string): string {
  const hint = 'convert it to UTF-8 without a byte-order mark (e.g. iconv -f <encoding> -t UTF-8)';
  if (bytes[0] === 0xff || bytes[0] === 0xfe) {
    throw new UsageGuideSourceError(
      'encoding',
      `${file} starts with a UTF-16 byte-order mark; expected UTF-8: ${hint}`,
      { file },
    );
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    throw new UsageGuideSourceError(
      'encoding',
      `${file} starts with a UTF-8 byte-order mark, which pandoc keeps as text; expected none: ${hint}`,
      { file },
    );
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    let offset = 0;
    // Find the first bad byte for the line number: decode growing prefixes cheaply by lines.
    const lines = Buffer.from(bytes).toString('latin1').split('\n');
    for (let index = 0; index < lines.length; index += 1) {
      const length = (lines[index] ?? '').length + 1;
      try {
        UTF8.decode(bytes.subarray(offset, offset + length));
      } catch {
        throw new UsageGuideSourceError(
          'encoding',
          `${file}:${index + 1}: not UTF-8 (invalid byte sequence); expected UTF-8: ${hint}`,
          { file, line: index + 1 },
        );
      }
      offset += length;
    }
    throw new UsageGuideSourceError('encoding', `${file}: not UTF-8; ${hint}`, { file });
  }
}
