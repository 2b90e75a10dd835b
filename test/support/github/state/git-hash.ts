/** Object names for the fake's git data: real blob SHAs, stable made-up ones for the rest. */
import { createHash } from 'node:crypto';

export function sha1(text: string | Buffer, prefix = ''): string {
  return createHash('sha1').update(prefix).update(text).digest('hex');
}

/** The git blob SHA of some bytes, as `git hash-object` computes it. */
export function blobSha(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
