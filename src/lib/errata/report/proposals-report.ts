/**
 * `errata screen` without a subcommand: the proposals waiting in errata/inbox/, as lines or JSON.
 */
import path from 'node:path';
import { sourceKey } from '../ids';
import type { ErrataSet } from '../repository';
import type { InboxProposal } from '../inbox-schema';

export interface ProposalSummary {
  key: string;
  file: string;
  valid: boolean;
  title?: string;
  reported?: InboxProposal['reported'];
  threads?: string[];
}

export function summariseProposals(set: ErrataSet): ProposalSummary[] {
  return set.proposals.map((loaded) => ({
    key: path.basename(loaded.path, path.extname(loaded.path)),
    file: loaded.file,
    valid: loaded.value !== undefined,
    ...(loaded.value === undefined
      ? {}
      : {
          title: loaded.value.title,
          reported: loaded.value.reported,
          threads: loaded.value.threads.map(sourceKey),
        }),
  }));
}

export function formatProposals(
  proposals: readonly ProposalSummary[],
  format: 'text' | 'json',
): string {
  if (format === 'json') return `${JSON.stringify(proposals, null, 2)}\n`;
  if (proposals.length === 0) return 'The inbox is empty.\n';
  return proposals
    .map((proposal) =>
      proposal.reported === undefined
        ? `${proposal.key}  (invalid: run npm run errata -- validate)\n`
        : `${proposal.key}  ${proposal.reported.date}  ${proposal.reported.by}  ${proposal.title ?? ''}\n`,
    )
    .join('');
}
