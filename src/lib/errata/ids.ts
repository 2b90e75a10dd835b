/**
 * Ids: erratum ids (`E-0001`, the file name of the record) and source keys (the file name of an
 * inbox proposal and the entry of the ignored list), both derived in one place.
 */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { createFileExclusive } from './atomic';
import type { Thread } from './thread-schema';

const RECORD_FILE = /^E-(\d{4,})\.yaml$/;

export function formatErratumId(n: number): string {
  return `E-${String(n).padStart(4, '0')}`;
}

export function recordFileName(id: string): string {
  return `${id}.yaml`;
}

/** The number of `E-0042.yaml`, or undefined for other names. */
export function recordNumber(fileName: string): number | undefined {
  const digits = RECORD_FILE.exec(fileName)?.[1];
  return digits === undefined ? undefined : Number(digits);
}

async function highestNumber(dir: string): Promise<number> {
  const names = await readdir(dir).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [] as string[];
    throw error;
  });
  return Math.max(0, ...names.map((name) => recordNumber(name) ?? 0));
}

/**
 * Creates the record with the next free id: tries `E-(highest+1).yaml` with an exclusive create
 * and, when another writer took that id first (EEXIST), the next one. Returns the id and path.
 */
export async function createWithNextId(
  dir: string,
  contentFor: (id: string) => string,
): Promise<{ id: string; path: string }> {
  let n = (await highestNumber(dir)) + 1;
  for (let attempt = 0; attempt < 1000; attempt += 1, n += 1) {
    const id = formatErratumId(n);
    const target = path.join(dir, recordFileName(id));
    if (await createFileExclusive(target, contentFor(id))) return { id, path: target };
  }
  throw new Error(`no free erratum id found after 1000 attempts in ${dir}`);
}

/**
 * The source key of a thread: `github-<owner>-<repo>-<n>`, the `audit-<hash>` of an audit finding,
 * or `mail-<hash>` where the hash is
 * the first 16 hex digits of SHA-256 of the Message-ID (else the archive URL). A hash keeps file
 * names short and safe, and keeps Message-IDs, which often embed an address, out of file names.
 */
export function sourceKey(thread: Thread): string {
  // An audit finding carries its key: it is derived from the TC's text, which the record does not
  // copy (src/lib/audit/propose.ts).
  if (thread.kind === 'audit') return thread.key;
  if (thread.kind === 'github') {
    const [owner = '', repo = ''] = thread.repository.toLowerCase().split('/');
    return `github-${owner}-${repo}-${thread.issue}`;
  }
  if (thread.kind === 'upstream') {
    const [owner = '', repo = ''] = thread.repository.toLowerCase().split('/');
    return `upstream-${owner}-${repo}-${thread.erratum.toLowerCase()}-${thread.section}-${thread.commit.slice(0, 12)}`;
  }
  const basis = thread.messageId ?? thread.archiveUrl ?? '';
  return `mail-${createHash('sha256').update(basis).digest('hex').slice(0, 16)}`;
}
