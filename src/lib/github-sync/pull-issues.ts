/**
 * The pull half of the GitHub sync: what GitHub says goes back into the records. Status changes
 * the plan took from GitHub are applied; each record's `github` thread entry is rewritten from its
 * issue as it is now; the baseline of every record without a conflict is moved to the new state.
 */
import {
  applyStatusChange,
  displayPath,
  today,
  updateSyncOwnedFields,
  type ErrataPaths,
  type Erratum,
  type GitHubThread,
  type LoadedFile,
  type Thread,
} from '../errata';
import { linkedPullRequests, type IssueRepository } from './issues-api';
import { threadEntry, type IssueView, type Plan } from './plan';
import type { FileChange } from './report';
import type { GitHubSyncState } from './state';

/** A valid record file with its parsed value (the sync refuses to run on any other). */
export interface SyncRecord {
  file: LoadedFile<Erratum>;
  value: Erratum;
}

/** Applies the plan's record changes (status or type taken from GitHub), with today's date. */
export async function applyRecordChanges(
  paths: ErrataPaths,
  records: readonly SyncRecord[],
  plan: Plan,
  changes: FileChange[],
): Promise<void> {
  const byFile = new Map(records.map((record) => [record.value.id, record.file.path]));
  const date = today();
  for (const change of plan.recordChanges) {
    const file = byFile.get(change.id);
    if (file === undefined) continue;
    const result = await applyStatusChange(paths, file, { ...change, date });
    if (result.changed) changes.push({ file: displayPath(paths, file), kind: 'updated' });
  }
}

/** The record's threads with its entry for this issue replaced, or added at the end. */
function withThread(threads: readonly Thread[], entry: GitHubThread): Thread[] {
  const index = threads.findIndex(
    (thread) =>
      thread.kind === 'github' &&
      thread.repository.toLowerCase() === entry.repository.toLowerCase() &&
      thread.issue === entry.issue,
  );
  if (index < 0) return [...threads, entry];
  return threads.map((thread, i) => (i === index ? entry : thread));
}

export interface PullInput {
  paths: ErrataPaths;
  target: IssueRepository;
  /** `owner/name`, as the thread entries name it. */
  repository: string;
  records: readonly SyncRecord[];
  plan: Plan;
  /** Record id → issue number, the plan's plus the issues just created. */
  issueOf: ReadonlyMap<string, number>;
  /** The issues as GitHub lists them after the push. */
  byNumber: ReadonlyMap<number, IssueView>;
  /** The baseline, updated in place. */
  state: GitHubSyncState;
  changes: FileChange[];
}

/** Rewrites each record's `github` entry from its issue; returns the issue numbers records claim. */
export async function pullIssuesIntoRecords(input: PullInput): Promise<Set<number>> {
  const { paths, plan, state, changes } = input;
  const unresolved = new Set(plan.conflicts.map((conflict) => conflict.id));
  const claimed = new Set<number>();
  for (const { file, value } of input.records) {
    const number = input.issueOf.get(value.id);
    const issue = number === undefined ? undefined : input.byNumber.get(number);
    if (issue === undefined) continue;
    claimed.add(issue.number);
    const pulls = await linkedPullRequests(input.target, issue.number);
    const entry = threadEntry(input.repository, issue, pulls);
    const result = await updateSyncOwnedFields(paths, file.path, {
      threads: withThread(value.threads ?? [], entry),
    });
    if (result.changed && !changes.some((c) => c.file === displayPath(paths, file.path))) {
      changes.push({ file: displayPath(paths, file.path), kind: 'updated' });
    }
    if (!unresolved.has(value.id)) {
      const change = plan.recordChanges.find((c) => c.id === value.id);
      state.records[value.id] = {
        issue: issue.number,
        status: change?.status ?? value.status,
        type: change?.type ?? value.type,
        state: issue.state,
      };
    }
  }
  return claimed;
}
