/**
 * Writes a reconcile plan through the errata library: the records' sync-owned fields, the inbox
 * proposals already there, and the new ones. Each file is written whole, and only when it changes.
 */
import path from 'node:path';
import {
  displayPath,
  FolderFlushes,
  proposalPath,
  syncProposal,
  updateSyncOwnedFields,
  type ErrataPaths,
  type ErrataSet,
} from '../errata';
import { mapInOrder } from './map-in-order';
import type { ReconcilePlan } from './reconcile';

export interface MailSyncChange {
  file: string;
  kind: 'created' | 'updated' | 'removed';
}

/**
 * Files written at once. Each write waits on fsync(2) for its file (its folder is flushed once,
 * after all of them), so a first sync that proposes hundreds of threads is bound by disk latency
 * when written one by one; the files are distinct, so a few writes overlap safely (libuv runs 4
 * file-system threads).
 */
const WRITES_AT_ONCE = 8;

type Write = () => Promise<MailSyncChange | undefined>;

export async function applyPlan(
  paths: ErrataPaths,
  set: ErrataSet,
  plan: ReconcilePlan,
  dryRun: boolean,
): Promise<MailSyncChange[]> {
  const writes: Write[] = [];
  // The errata and inbox folders are flushed once each, when every file is in place.
  const options = { dryRun, folders: new FolderFlushes() };
  for (const update of plan.recordUpdates) {
    writes.push(async () => {
      const fields = { threads: update.threads };
      const result = await updateSyncOwnedFields(paths, update.path, fields, options);
      return result.changed
        ? { file: displayPath(paths, update.path), kind: 'updated' }
        : undefined;
    });
  }
  const proposal = (key: string, kind: Awaited<ReturnType<typeof syncProposal>>) =>
    kind === 'unchanged' ? undefined : { file: displayPath(paths, proposalPath(paths, key)), kind };
  for (const update of plan.proposalUpdates) {
    const existing = set.proposals.find(
      (file) => path.basename(file.path, '.yaml') === update.key,
    )?.value;
    if (existing === undefined) continue;
    const updated = { ...existing, threads: update.threads };
    writes.push(async () =>
      proposal(update.key, await syncProposal(paths, update.key, updated, options)),
    );
  }
  for (const created of plan.newProposals) {
    writes.push(async () =>
      proposal(created.key, await syncProposal(paths, created.key, created.proposal, options)),
    );
  }
  let changes: (MailSyncChange | undefined)[];
  try {
    changes = await mapInOrder(writes, WRITES_AT_ONCE, (write) => write());
  } finally {
    // Also after a failure: the files written before it are then durable too.
    await options.folders.flush();
  }
  return changes.filter((change): change is MailSyncChange => change !== undefined);
}
