/**
 * Deciding what the GitHub sync does, from the records, the issues labelled `erratum` and what the
 * last run left in step (the baseline). Pure, so a dry run and a real run plan the same thing.
 * - Push: a record without an issue gets one; an issue whose title, body, managed labels or state
 *   differ from the record is updated — only what differs.
 * - Conflicts: the record owns status and type (and so the issue's state). When the issue's labels
 *   or state changed on GitHub since the last sync, a maintainer acted there: the sync reports it and
 *   changes neither side, unless told `prefer: 'record'` (push the record) or `prefer: 'github'`
 *   (take the status or type into the record, when that is an allowed, undecided step).
 * - Pull: each record's `github` thread entry is the issue as it is after the push.
 */
import {
  DECIDED_STATUSES,
  TRANSITIONS,
  type Erratum,
  type ErratumType,
  type GitHubThread,
  type Status,
} from '../errata';
import {
  desiredLabels,
  ERRATUM_LABEL,
  issueBody,
  issueState,
  issueTitle,
  labelledValues,
  markerOf,
} from './issue-text';

/** The parts of an issue the sync reads. */
export interface IssueView {
  number: number;
  title: string;
  body: string | null;
  labels: string[];
  state: 'open' | 'closed';
  comments: number;
  createdAt: string;
  updatedAt: string;
  url: string;
  author?: string;
}

/** What the issue of a record said for status, type and state when the last sync left them in step. */
export interface Baseline {
  issue: number;
  status: Status;
  type: ErratumType;
  state: 'open' | 'closed';
}

export interface IssuePatch {
  title?: string;
  body?: string;
  labels?: string[];
  state?: 'open' | 'closed';
}

export type Action =
  | {
      kind: 'create';
      id: string;
      title: string;
      body: string;
      labels: string[];
      state: 'open' | 'closed';
    }
  | { kind: 'update'; id: string; issue: number; patch: IssuePatch };

export interface Conflict {
  id: string;
  issue: number;
  field: 'status' | 'type' | 'state';
  record: string;
  github: string;
  lastSynced: string;
  /** Why `prefer: 'github'` could not settle it, when it was asked to. */
  unresolved?: string;
}

export interface RecordChange {
  id: string;
  status?: Status;
  type?: ErratumType;
  note: string;
}

export type Prefer = 'github' | 'record';

export interface PlanInput {
  records: readonly Erratum[];
  issues: readonly IssueView[];
  baseline: Readonly<Record<string, Baseline>>;
  prefer?: Prefer;
  pageUrl: (id: string) => string;
}

export interface Plan {
  actions: Action[];
  conflicts: Conflict[];
  recordChanges: RecordChange[];
  /** Record id → its issue number (for records that have one). */
  issueOf: Map<string, number>;
  /** Issues labelled `erratum` that no record claims: proposals for the inbox. */
  unclaimed: IssueView[];
  warnings: string[];
}

function patchFor(
  record: Erratum,
  issue: IssueView,
  pageUrl: string,
  managed: boolean,
): IssuePatch {
  const patch: IssuePatch = {};
  const title = issueTitle(record);
  const body = issueBody(record, pageUrl);
  if (issue.title !== title) patch.title = title;
  if ((issue.body ?? '') !== body) patch.body = body;
  if (managed) {
    const labels = desiredLabels(record, issue.labels);
    if (labels.join('\n') !== [...issue.labels].sort().join('\n')) patch.labels = labels;
    if (issue.state !== issueState(record)) patch.state = issueState(record);
  }
  return patch;
}

/** What GitHub changed since the last sync, field by field, where it now differs from the record. */
function changedOnGitHub(
  record: Erratum,
  issue: IssueView,
  base: Baseline | undefined,
): Conflict[] {
  if (base?.issue !== issue.number) return [];
  const labelled = labelledValues(issue.labels);
  const fields: [Conflict['field'], string, string | undefined, string][] = [
    ['status', record.status, labelled.status, base.status],
    ['type', record.type, labelled.type, base.type],
    ['state', issueState(record), issue.state, base.state],
  ];
  return fields.flatMap(([field, recordValue, githubValue, lastSynced]) =>
    githubValue !== recordValue && githubValue !== lastSynced
      ? [
          {
            id: record.id,
            issue: issue.number,
            field,
            record: recordValue,
            github: githubValue ?? '(none)',
            lastSynced,
          },
        ]
      : [],
  );
}

/** The record change `prefer: 'github'` asks for, or why it cannot be made. */
function takeFromGitHub(
  record: Erratum,
  conflicts: Conflict[],
): { change?: RecordChange; unresolved?: string } {
  const change: RecordChange = { id: record.id, note: '' };
  const notes: string[] = [];
  for (const conflict of conflicts) {
    if (conflict.field === 'state') {
      return {
        unresolved: `the issue was ${conflict.github} by hand; the status decides open or closed`,
      };
    }
    if (conflict.field === 'type') {
      change.type = conflict.github as ErratumType;
      notes.push(`type ${conflict.github}`);
      continue;
    }
    const status = conflict.github as Status;
    if (!TRANSITIONS[record.status].includes(status)) {
      return { unresolved: `${record.status} → ${status} is not an allowed transition` };
    }
    if (DECIDED_STATUSES.includes(status)) {
      return { unresolved: `${status} needs a resolution, which only the record can give` };
    }
    change.status = status;
    notes.push(`status ${status}`);
  }
  change.note = `Taken from the GitHub issue's labels (${notes.join(', ')}).`;
  return { change };
}

export function planGitHubSync(input: PlanInput): Plan {
  const plan: Plan = {
    actions: [],
    conflicts: [],
    recordChanges: [],
    issueOf: new Map(),
    unclaimed: [],
    warnings: [],
  };
  const byMarker = new Map<string, IssueView>();
  const ids = new Set(input.records.map((record) => record.id));
  for (const issue of [...input.issues].sort((a, b) => a.number - b.number)) {
    const id = markerOf(issue.body);
    if (id === undefined || !ids.has(id)) {
      if (issue.labels.includes(ERRATUM_LABEL)) plan.unclaimed.push(issue);
      continue;
    }
    const first = byMarker.get(id);
    if (first === undefined) byMarker.set(id, issue);
    else
      plan.warnings.push(
        `issues #${first.number} and #${issue.number} both carry the marker of ${id}; #${first.number} is kept in step, close the other`,
      );
  }

  for (const record of input.records) {
    const issue = byMarker.get(record.id);
    const pageUrl = input.pageUrl(record.id);
    if (issue === undefined) {
      plan.actions.push({
        kind: 'create',
        id: record.id,
        title: issueTitle(record),
        body: issueBody(record, pageUrl),
        labels: desiredLabels(record, []),
        state: issueState(record),
      });
      continue;
    }
    plan.issueOf.set(record.id, issue.number);
    const conflicts = changedOnGitHub(record, issue, input.baseline[record.id]);
    let effective = record;
    let managed = conflicts.length === 0 || input.prefer === 'record';
    if (conflicts.length > 0 && input.prefer === 'github') {
      const { change, unresolved } = takeFromGitHub(record, conflicts);
      if (change === undefined) {
        plan.conflicts.push(
          ...conflicts.map((conflict) => ({
            ...conflict,
            ...(unresolved === undefined ? {} : { unresolved }),
          })),
        );
      } else {
        plan.recordChanges.push(change);
        effective = {
          ...record,
          ...(change.status === undefined ? {} : { status: change.status }),
          ...(change.type === undefined ? {} : { type: change.type }),
        };
        managed = true;
      }
    } else if (conflicts.length > 0 && input.prefer === undefined) {
      plan.conflicts.push(...conflicts);
    }
    const patch = patchFor(effective, issue, pageUrl, managed);
    if (Object.keys(patch).length > 0)
      plan.actions.push({ kind: 'update', id: record.id, issue: issue.number, patch });
  }
  return plan;
}

/** A record's `github` thread entry from its issue (after the push) and the issue's timeline. */
export function threadEntry(
  repository: string,
  issue: IssueView,
  linkedPullRequests: readonly string[],
): GitHubThread {
  return {
    kind: 'github',
    repository,
    issue: issue.number,
    url: issue.url,
    state: issue.state,
    labels: [...issue.labels].sort(),
    comments: issue.comments,
    linkedPullRequests: [...new Set(linkedPullRequests)].sort(),
    lastActivity: issue.updatedAt,
  };
}
