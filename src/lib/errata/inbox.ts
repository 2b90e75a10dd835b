/**
 * Screening (ARCHITECTURE.md, "Inbox"): a proposal in errata/inbox/<source-key>.yaml either becomes a
 * record with the next id and the human fields (`accept.ts`; then the proposal is deleted), or its
 * thread keys go to errata/inbox/ignored.yaml, a tombstone list the syncs consult, and the
 * proposal is deleted.
 * The record or the tombstone is written (atomically) before the proposal is removed, so an
 * interruption leaves a duplicate that `validate` reports, never a lost proposal.
 */
import { mkdir, open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createFileExclusive, writeFileAtomic } from './atomic';
import { ConfigurationError } from '../errors';
import { sourceKey } from './ids';
import type { ErrataPaths } from './paths';
import { fileExists } from './file-exists';
import {
  requireValidForSync,
  serialiseIgnored,
  serialiseProposal,
  today,
  type SyncWriteOptions,
} from './records';
import { notValidError } from './load';
import { loadIgnored, loadProposal, type LoadedFile } from './repository';
import type { IgnoredList, InboxProposal } from './inbox-schema';

export function proposalPath(paths: ErrataPaths, key: string): string {
  if (!/^[a-z0-9._-]+$/.test(key) || key === 'ignored') {
    throw new ConfigurationError(
      `${JSON.stringify(key)} is not a source key (e.g. github-owner-repo-12)`,
    );
  }
  return path.join(paths.inboxDir, `${key}.yaml`);
}

/** The proposal `key` of the inbox; a ConfigurationError when it is missing or not valid. */
export async function loadValidProposal(
  paths: ErrataPaths,
  key: string,
): Promise<LoadedFile<InboxProposal> & { value: InboxProposal }> {
  const file = proposalPath(paths, key);
  const loaded = await loadProposal(paths, file);
  if (loaded.findings.some((finding) => finding.rule === 'read')) {
    throw new ConfigurationError(
      `no proposal ${key} in ${paths.inboxDir} (see: npm run errata -- screen)`,
    );
  }
  if (loaded.value === undefined) {
    throw notValidError(`the proposal ${key}`, 'fix it first', loaded.findings);
  }
  return { ...loaded, value: loaded.value };
}

// Two screeners at once must not lose each other's tombstone: a lock file taken with O_EXCL.
async function withLock<T>(lockFile: string, action: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 200) {
        throw new ConfigurationError(
          `cannot lock ${lockFile}: ${(error as Error).message} (remove it if no screening runs)`,
        );
      }
      await sleep(25);
    }
  }
  try {
    return await action();
  } finally {
    await unlink(lockFile).catch(() => undefined);
  }
}

/** Adds the proposal's thread keys to the ignored list and deletes the proposal. */
export async function ignoreProposal(
  paths: ErrataPaths,
  key: string,
  options: { note?: string; date?: string } = {},
): Promise<{ keys: string[] }> {
  const { value: proposal, path: file } = await loadValidProposal(paths, key);
  const keys = [...new Set(proposal.threads.map(sourceKey))];
  await withLock(`${paths.ignoredFile}.lock`, async () => {
    const loaded = await loadIgnored(paths);
    if (loaded !== undefined && loaded.value === undefined) {
      throw notValidError(loaded.file, 'fix it first', loaded.findings);
    }
    const list: IgnoredList = loaded?.value ?? { ignored: [] };
    const known = new Set(list.ignored.map((entry) => entry.key));
    const added = keys
      .filter((k) => !known.has(k))
      .map((k) => ({
        key: k,
        title: proposal.title,
        date: options.date ?? today(),
        ...(options.note === undefined ? {} : { note: options.note }),
      }));
    const next: IgnoredList = { ignored: [...list.ignored, ...added] };
    await writeFileAtomic(paths.ignoredFile, serialiseIgnored(next, loaded?.parsed?.doc));
  });
  await unlink(file);
  return { keys };
}

export type ProposalChange = 'created' | 'updated' | 'unchanged';

/**
 * What a sync may do in the inbox: create the proposal `key` from a thread, or, when it exists,
 * replace its `threads` only (a screener may already have edited the title or the summary). Writes
 * are whole (temp file + rename, or an exclusive create) and only happen when the bytes change;
 * `dryRun` only says what would happen.
 */
export async function syncProposal(
  paths: ErrataPaths,
  key: string,
  proposal: InboxProposal,
  options: SyncWriteOptions = {},
): Promise<ProposalChange> {
  const file = proposalPath(paths, key);
  if (!(await fileExists(file))) {
    if (options.dryRun === true) return 'created';
    await mkdir(paths.inboxDir, { recursive: true });
    // Another run may have created it meanwhile; then it is updated like any existing proposal.
    if (await createFileExclusive(file, serialiseProposal(proposal), options)) return 'created';
  }
  const loaded = requireValidForSync(await loadProposal(paths, file));
  const text = serialiseProposal({ ...loaded.value, threads: proposal.threads }, loaded.parsed.doc);
  if (text === loaded.parsed.text) return 'unchanged';
  if (options.dryRun !== true) await writeFileAtomic(file, text, options);
  return 'updated';
}
