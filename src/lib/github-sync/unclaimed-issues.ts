/**
 * Issues labelled `erratum` that no record claims or cites become inbox proposals, unless a
 * maintainer screened them out (errata/inbox/ignored.yaml).
 */
import { withoutAddresses } from '../privacy';
import {
  displayPath,
  proposalPath,
  sourceKey,
  syncProposal,
  type ErrataPaths,
  type ErrataSet,
} from '../errata';
import { threadEntry, type IssueView } from './plan';
import type { SyncRecord } from './pull-issues';
import type { FileChange } from './report';

export interface UnclaimedInput {
  paths: ErrataPaths;
  /** `owner/name` of the issues. */
  repository: string;
  records: readonly SyncRecord[];
  ignored: ErrataSet['ignored'];
  /** The plan's unclaimed issues. */
  unclaimed: readonly IssueView[];
  /** The issues as GitHub lists them now, which replace the plan's copies. */
  byNumber: ReadonlyMap<number, IssueView>;
  /** Issues a record took in this run. */
  claimed: ReadonlySet<number>;
  changes: FileChange[];
}

/** Issue numbers of this repository that some record's threads already cite. */
function citedByRecords(records: readonly SyncRecord[], repository: string): Set<number> {
  return new Set(
    records.flatMap(({ value }) =>
      (value.threads ?? []).flatMap((thread) =>
        thread.kind === 'github' && thread.repository.toLowerCase() === repository.toLowerCase()
          ? [thread.issue]
          : [],
      ),
    ),
  );
}

export async function proposeUnclaimedIssues(input: UnclaimedInput): Promise<void> {
  const { paths, repository, changes } = input;
  const cited = citedByRecords(input.records, repository);
  const ignored = new Set(input.ignored?.value?.ignored.map((entry) => entry.key) ?? []);
  for (const unclaimed of input.unclaimed) {
    const issue = input.byNumber.get(unclaimed.number) ?? unclaimed;
    if (input.claimed.has(issue.number) || cited.has(issue.number)) continue;
    const entry = threadEntry(repository, issue, []);
    const key = sourceKey(entry);
    if (ignored.has(key)) continue;
    const kind = await syncProposal(paths, key, {
      // Names only: an address in an issue title must not reach errata/.
      title: withoutAddresses(issue.title).trim() || `GitHub issue #${issue.number}`,
      reported: {
        date: issue.createdAt.slice(0, 10),
        by: issue.author ?? 'unknown',
        via: 'GitHub',
      },
      threads: [entry],
    });
    if (kind !== 'unchanged')
      changes.push({ file: displayPath(paths, proposalPath(paths, key)), kind });
  }
}
