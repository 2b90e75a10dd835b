/**
 * Writes a reconcile plan through the errata library: the records' sync-owned fields, the inbox
 * proposals already there, and the new ones. Each file is written whole, and only when it changes.
 */
import path from 'node:path';
import {
  displayPath,
  proposalPath,
  syncProposal,
  updateSyncOwnedFields,
  type ErrataPaths,
  type ErrataSet,
} from '../errata';
import type { ReconcilePlan } from './reconcile';

export interface MailSyncChange {
  file: string;
  kind: 'created' | 'updated';
}

export async function applyPlan(
  paths: ErrataPaths,
  set: ErrataSet,
  plan: ReconcilePlan,
  dryRun: boolean,
): Promise<MailSyncChange[]> {
  const changes: MailSyncChange[] = [];
  for (const update of plan.recordUpdates) {
    const fields = { threads: update.threads };
    const result = await updateSyncOwnedFields(paths, update.path, fields, { dryRun });
    if (result.changed) changes.push({ file: displayPath(paths, update.path), kind: 'updated' });
  }
  const proposalFile = (key: string) => displayPath(paths, proposalPath(paths, key));
  for (const update of plan.proposalUpdates) {
    const existing = set.proposals.find(
      (file) => path.basename(file.path, '.yaml') === update.key,
    )?.value;
    if (existing === undefined) continue;
    const proposal = { ...existing, threads: update.threads };
    const kind = await syncProposal(paths, update.key, proposal, { dryRun });
    if (kind !== 'unchanged') changes.push({ file: proposalFile(update.key), kind });
  }
  for (const created of plan.newProposals) {
    const kind = await syncProposal(paths, created.key, created.proposal, { dryRun });
    if (kind !== 'unchanged') changes.push({ file: proposalFile(created.key), kind });
  }
  return changes;
}
