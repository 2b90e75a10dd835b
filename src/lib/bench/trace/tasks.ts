/**
 * The scheduler's top-level tasks of a trace: what each spent its time on, the React commits
 * (the probe's user-timing marks) inside it, and the blocking time of the long ones.
 */
import type { ActivityGroup } from './activity-groups';
import type { MainThread, TraceEvent } from './events';
import { COMMIT_MARK_PREFIX } from './react-probe';

/** A top-level task longer than this is a long task (Lighthouse, TBT). */
export const LONG_TASK_MS = 50;

export interface TaskSummary {
  /** Milliseconds from the navigation start. */
  startMs: number;
  durationMs: number;
  /** What the task spent its time on, by group, largest first (self times). */
  groups: { group: ActivityGroup; ms: number }[];
  /** The React commits (probe marks) inside the task. */
  commits: number[];
}

export interface CommitTiming {
  index: number;
  atMs: number;
  hydration: boolean;
  /** The top-level task the commit happened in; undefined if the mark fell between tasks. */
  task: TaskSummary | undefined;
}

export interface CommitMark {
  index: number;
  ts: number;
  hydration: boolean;
}

const ms = (microseconds: number): number => microseconds / 1000;

const contains = (task: TraceEvent, ts: number): boolean =>
  ts >= task.ts && ts <= task.ts + (task.dur ?? 0);

/** The probe's commit marks on the main thread's process, in commit order (0 = hydration). */
export function commitMarks(events: readonly TraceEvent[], thread: MainThread): CommitMark[] {
  return events
    .filter(
      (event) =>
        event.pid === thread.pid &&
        event.name.startsWith(COMMIT_MARK_PREFIX) &&
        event.cat.includes('user_timing'),
    )
    .map((event) => ({
      index: Number(event.name.slice(COMMIT_MARK_PREFIX.length)),
      ts: event.ts,
      hydration: event.name === `${COMMIT_MARK_PREFIX}0`,
    }))
    .filter((mark) => Number.isInteger(mark.index))
    .sort((a, b) => a.index - b.index);
}

/** Summarises tasks given their self time per group, relative to the navigation start. */
export function taskSummariser(
  start: number,
  perTask: ReadonlyMap<TraceEvent, ReadonlyMap<ActivityGroup, number>>,
  marks: readonly CommitMark[],
): (task: TraceEvent) => TaskSummary {
  return (task) => ({
    startMs: ms(task.ts - start),
    durationMs: ms(task.dur ?? 0),
    groups: [...(perTask.get(task)?.entries() ?? [])]
      .map(([group, us]) => ({ group, ms: ms(us) }))
      .sort((a, b) => b.ms - a.ms),
    commits: marks.filter((mark) => contains(task, mark.ts)).map((mark) => mark.index),
  });
}

/** Each commit with the top-level task it happened in. */
export function commitTimings(
  marks: readonly CommitMark[],
  topLevel: readonly TraceEvent[],
  start: number,
  summarise: (task: TraceEvent) => TaskSummary,
): CommitTiming[] {
  return marks.map((mark) => {
    const task = topLevel.find((candidate) => contains(candidate, mark.ts));
    return {
      index: mark.index,
      atMs: ms(mark.ts - start),
      hydration: mark.hydration,
      task: task === undefined ? undefined : summarise(task),
    };
  });
}

/** Σ (duration − 50 ms) over the tasks from `fcp` on, in microseconds (TBT's definition). */
export function blockingMicroseconds(topLevel: readonly TraceEvent[], fcp: number | undefined) {
  return topLevel
    .filter((task) => fcp !== undefined && task.ts >= fcp)
    .reduce((sum, task) => sum + Math.max(0, (task.dur ?? 0) - LONG_TASK_MS * 1000), 0);
}
