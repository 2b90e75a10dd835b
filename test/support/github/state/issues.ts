/**
 * The issues of the fake's main repository, with their labels, comments and timeline events, kept
 * in memory. Every change records the event GitHub would show in the issue's timeline.
 */
import type { FakeIssue } from '../types';
import { iso } from '../time';
import type { Counters } from './counters';

export type IssueState = 'open' | 'closed';

export interface CommentRecord {
  id: number;
  seq: number;
  body: string;
  author: string;
  createdAt: number;
  updatedAt: number;
}

export type EventRecord = { id: number; seq: number; at: number; actor: string } & (
  | { kind: 'labeled' | 'unlabeled'; label: string; color: string }
  | { kind: 'closed' | 'reopened'; stateReason: string | null }
  | { kind: 'renamed'; from: string; to: string }
  | { kind: 'cross-referenced'; pullRequest: { number: number; title: string } }
);

/** An event before it gets its id and place in the timeline. */
type NewEvent = EventRecord extends infer E
  ? E extends unknown
    ? Omit<E, 'id' | 'seq'>
    : never
  : never;

export interface IssueRecord {
  number: number;
  id: number;
  title: string;
  body: string | null;
  labels: string[];
  state: IssueState;
  stateReason: string | null;
  author: string;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  closedBy: string | null;
  comments: CommentRecord[];
  events: EventRecord[];
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

/** GitHub's colour for labels created implicitly by issue writes. */
export const DEFAULT_LABEL_COLOR = 'ededed';

export type IssueStore = ReturnType<typeof createIssueStore>;

export function createIssueStore(counters: Counters, clock: () => number) {
  const issues = new Map<number, IssueRecord>();
  /** By lower-case name: GitHub's label names are case-insensitive. */
  const labels = new Map<string, LabelRecord>();

  /** The label of that name, any case; created with GitHub's default colour if missing. */
  function ensureLabel(name: string): LabelRecord {
    const key = name.toLowerCase();
    let label = labels.get(key);
    if (!label) {
      label = { id: counters.nextId++, name, color: DEFAULT_LABEL_COLOR, description: null };
      labels.set(key, label);
    }
    return label;
  }

  function record(issue: IssueRecord, event: NewEvent): void {
    issue.events.push({ ...event, id: counters.nextId++, seq: counters.seq++ });
  }

  /** Replaces the labels, recording labeled/unlabeled events; true if anything changed. */
  function setLabels(issue: IssueRecord, names: string[], actor: string, at: number): boolean {
    const wanted = names.map((name) => ensureLabel(name).name);
    const lower = (list: string[]): string[] => list.map((name) => name.toLowerCase());
    const removed = issue.labels.filter((name) => !lower(wanted).includes(name.toLowerCase()));
    const added = wanted.filter((name) => !lower(issue.labels).includes(name.toLowerCase()));
    for (const name of removed)
      record(issue, { kind: 'unlabeled', label: name, color: ensureLabel(name).color, actor, at });
    for (const name of added)
      record(issue, { kind: 'labeled', label: name, color: ensureLabel(name).color, actor, at });
    issue.labels = wanted;
    return removed.length > 0 || added.length > 0;
  }

  function setState(
    issue: IssueRecord,
    state: IssueState,
    reason: string | null | undefined,
    actor: string,
    at: number,
  ): boolean {
    if (state === issue.state) return false;
    issue.state = state;
    if (state === 'closed') {
      issue.closedAt = at;
      issue.closedBy = actor;
      issue.stateReason = reason ?? 'completed';
    } else {
      issue.closedAt = null;
      issue.stateReason = 'reopened';
    }
    record(issue, {
      kind: state === 'closed' ? 'closed' : 'reopened',
      stateReason: state === 'closed' ? issue.stateReason : null,
      actor,
      at,
    });
    return true;
  }

  function setTitle(issue: IssueRecord, title: string, actor: string, at: number): boolean {
    if (title === issue.title) return false;
    record(issue, { kind: 'renamed', from: issue.title, to: title, actor, at });
    issue.title = title;
    return true;
  }

  function createIssue(input: {
    title: string;
    body: string | null;
    labels: string[];
    author: string;
  }): IssueRecord {
    const at = clock();
    const issue: IssueRecord = {
      number: counters.nextNumber++,
      id: counters.nextId++,
      title: input.title,
      body: input.body,
      labels: [],
      state: 'open',
      stateReason: null,
      author: input.author,
      createdAt: at,
      updatedAt: at,
      closedAt: null,
      closedBy: null,
      comments: [],
      events: [],
    };
    setLabels(issue, input.labels, input.author, at);
    issues.set(issue.number, issue);
    return issue;
  }

  function addComment(issue: IssueRecord, body: string, author: string): CommentRecord {
    const at = clock();
    const comment = {
      id: counters.nextId++,
      seq: counters.seq++,
      body,
      author,
      createdAt: at,
      updatedAt: at,
    };
    issue.comments.push(comment);
    issue.updatedAt = at;
    return comment;
  }

  function issueOrThrow(number: number): IssueRecord {
    const issue = issues.get(number);
    if (!issue) throw new Error(`fake GitHub: no issue #${number}`);
    return issue;
  }

  return {
    issues,
    labels,
    ensureLabel,
    record,
    setLabels,
    setState,
    setTitle,
    createIssue,
    addComment,
    issueOrThrow,
  };
}

/** What tests see of an issue. */
export function snapshotOf(issue: IssueRecord): FakeIssue {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body,
    labels: [...issue.labels],
    state: issue.state,
    comments: issue.comments.length,
    updatedAt: iso(issue.updatedAt),
    createdAt: iso(issue.createdAt),
    closedAt: issue.closedAt === null ? null : iso(issue.closedAt),
  };
}
