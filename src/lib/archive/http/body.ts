/**
 * Body decoding and the size limit on decoded bodies. undici 7.30's decompress interceptor is
 * marked experimental and prints an ExperimentalWarning from every CLI that loads it, so gzip, the
 * one coding the archive's servers send, is decoded here, bounded by `maxOutputLength`.
 */
import { gunzip } from 'node:zlib';

export type DecodedBody =
  | { kind: 'body'; body: Buffer }
  | { kind: 'too-large' }
  | { kind: 'corrupt'; reason: string }
  | { kind: 'unsupported'; encoding: string };

export function decodeBody(
  raw: Buffer,
  contentEncoding: string | undefined,
  maxBytes: number,
  done: (decoded: DecodedBody) => void,
): void {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '' || raw.length === 0) {
    done({ kind: 'body', body: raw });
    return;
  }
  if (encoding !== 'gzip' && encoding !== 'x-gzip') {
    done({ kind: 'unsupported', encoding });
    return;
  }
  gunzip(raw, { maxOutputLength: maxBytes }, (error, body) => {
    if (error === null) done({ kind: 'body', body });
    else if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      done({ kind: 'too-large' });
    } else {
      // Mostly a body cut short in a way the framing did not show: worth another try.
      done({ kind: 'corrupt', reason: `gzip stream error: ${error.message}` });
    }
  });
}
