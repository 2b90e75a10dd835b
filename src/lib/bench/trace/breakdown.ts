/**
 * The main-thread time of a page load, broken down by cause, from a Chrome performance trace:
 * self time per activity group, the top-level tasks (long ones and their blocking time), style
 * recalculation and layout, image decoding, React commits (from the probe's marks) and the
 * JavaScript samples attributed to the kinds of page content whose components ran, then to the
 * scripts. Selector statistics, when the trace has them, name the CSS rules that cost most.
 * Each of these is a module of its own; this one puts them together.
 */
import { ACTIVITY_GROUPS, type ActivityGroup } from './activity-groups';
import { completeEventsOf, findMainThread, type MainThread, type TraceEvent } from './events';
import { attributeSamples, cpuSamples, type ComponentLocation } from './samples';
import { selectorCosts, type SelectorCost } from './selectors';
import {
  blockingMicroseconds,
  commitMarks,
  commitTimings,
  LONG_TASK_MS,
  taskSummariser,
  type CommitTiming,
  type TaskSummary,
} from './tasks';
import { mainFrameId, navigationStart, ofFrame, selfTimes } from './timeline';

export { ACTIVITY_GROUPS, type ActivityGroup } from './activity-groups';
export type { ComponentLocation } from './samples';
export type { SelectorCost } from './selectors';
export { LONG_TASK_MS, type CommitTiming, type TaskSummary } from './tasks';

export interface Breakdown {
  thread: MainThread;
  /** From the navigation start to the last event of the main thread. */
  spanMs: number;
  /** Self time per group, largest first; the sum is the main thread's busy time. */
  groups: { group: ActivityGroup; label: string; ms: number }[];
  busyMs: number;
  tasks: {
    count: number;
    long: TaskSummary[];
    /** Σ (duration − 50 ms) over tasks after the first contentful paint (TBT's definition, to the end of the recording). */
    blockingMsAfterFcp: number;
    fcpMs: number | undefined;
  };
  styleRecalc: { count: number; ms: number; elements: number; largest: number };
  layout: { count: number; ms: number; objects: number; largest: number };
  imageDecode: { count: number; ms: number };
  commits: CommitTiming[];
  /** JavaScript sample time inside component functions, by the kind of content they render. */
  jsByKind: { kind: string; ms: number }[];
  /** JavaScript sample time outside any known component, by the script of the innermost frame. */
  jsByScript: { script: string; ms: number }[];
  /** Present when the trace was recorded with selector statistics. */
  selectors: SelectorCost[] | undefined;
}

const ms = (microseconds: number): number => microseconds / 1000;

function sortedEntries(map: Map<string, number>): { key: string; ms: number }[] {
  return [...map.entries()].map(([key, us]) => ({ key, ms: ms(us) })).sort((a, b) => b.ms - a.ms);
}

/** Self time per activity group, over the whole thread and per top-level task. */
function groupTimes(own: readonly TraceEvent[]) {
  const total = new Map<ActivityGroup, number>();
  const perTask = new Map<TraceEvent, Map<ActivityGroup, number>>();
  selfTimes(own, (_event, group, selfUs, topLevel) => {
    total.set(group, (total.get(group) ?? 0) + selfUs);
    const task = perTask.get(topLevel) ?? new Map<ActivityGroup, number>();
    task.set(group, (task.get(group) ?? 0) + selfUs);
    perTask.set(topLevel, task);
  });
  const groups = [...total.entries()]
    .map(([group, us]) => ({ group, label: ACTIVITY_GROUPS[group].label, ms: ms(us) }))
    .sort((a, b) => b.ms - a.ms);
  return { groups, perTask };
}

/** Count, time, and the sum and largest of a figure, over the events with the given names. */
function sumOf(
  own: readonly TraceEvent[],
  names: readonly string[],
  argument: (event: TraceEvent) => number,
) {
  const matching = own.filter((event) => names.includes(event.name));
  const values = matching.map(argument);
  return {
    count: matching.length,
    ms: ms(matching.reduce((sum, event) => sum + (event.dur ?? 0), 0)),
    total: values.reduce((sum, value) => sum + value, 0),
    largest: values.reduce((max, value) => Math.max(max, value), 0),
  };
}

/** Style recalculation (elements restyled), layout (dirty objects) and image decoding. */
function renderingWork(
  own: readonly TraceEvent[],
): Pick<Breakdown, 'styleRecalc' | 'layout' | 'imageDecode'> {
  const style = sumOf(own, ['UpdateLayoutTree', 'RecalculateStyles'], (event) => {
    const count = (event.args?.elementCount ??
      (event.args?.data as { elementCount?: number } | undefined)?.elementCount) as
      number | undefined;
    return count ?? 0;
  });
  const layout = sumOf(own, ['Layout'], (event) => {
    const begin = event.args?.beginData as { dirtyObjects?: number } | undefined;
    return begin?.dirtyObjects ?? 0;
  });
  const decode = sumOf(own, ACTIVITY_GROUPS.imageDecode.names, () => 0);
  return {
    styleRecalc: {
      count: style.count,
      ms: style.ms,
      elements: style.total,
      largest: style.largest,
    },
    layout: { count: layout.count, ms: layout.ms, objects: layout.total, largest: layout.largest },
    imageDecode: { count: decode.count, ms: decode.ms },
  };
}

/** JavaScript sample time by kind of content, and by script outside known components. */
function javaScriptTime(
  events: readonly TraceEvent[],
  thread: MainThread,
  components: readonly ComponentLocation[],
): Pick<Breakdown, 'jsByKind' | 'jsByScript'> {
  const { nodes, samples } = cpuSamples(events, thread);
  const attributed = attributeSamples(nodes, samples, components);
  return {
    jsByKind: sortedEntries(attributed.byKind).map(({ key, ms: value }) => ({
      kind: key,
      ms: value,
    })),
    jsByScript: sortedEntries(attributed.byScript).map(({ key, ms: value }) => ({
      script: key,
      ms: value,
    })),
  };
}

/** The breakdown of a trace; `components` are the component functions the probe found, with their kinds. */
export function breakDown(
  events: readonly TraceEvent[],
  components: readonly ComponentLocation[] = [],
): Breakdown {
  const thread = findMainThread(events);
  const frame = mainFrameId(events);
  const start = navigationStart(events, thread, frame);
  const own = completeEventsOf(events, thread).filter(
    (event) => event.ts + (event.dur ?? 0) >= start,
  );
  const { groups, perTask } = groupTimes(own);
  const marks = commitMarks(events, thread);
  // The outermost events (a RunTask, or whatever runs outside one): the scheduler's tasks.
  const topLevel = [...perTask.keys()].sort((a, b) => a.ts - b.ts);
  const summarise = taskSummariser(start, perTask, marks);
  const fcp = events.find(
    (event) =>
      event.name === 'firstContentfulPaint' &&
      event.pid === thread.pid &&
      ofFrame(event, frame) &&
      event.ts >= start,
  )?.ts;
  const lastEnd = own.reduce((max, event) => Math.max(max, event.ts + (event.dur ?? 0)), start);
  return {
    thread,
    spanMs: ms(lastEnd - start),
    groups,
    busyMs: groups.reduce((sum, group) => sum + group.ms, 0),
    tasks: {
      count: topLevel.length,
      long: topLevel.filter((task) => (task.dur ?? 0) > LONG_TASK_MS * 1000).map(summarise),
      blockingMsAfterFcp: ms(blockingMicroseconds(topLevel, fcp)),
      fcpMs: fcp === undefined ? undefined : ms(fcp - start),
    },
    ...renderingWork(own),
    commits: commitTimings(marks, topLevel, start, summarise),
    ...javaScriptTime(events, thread, components),
    selectors: selectorCosts(events),
  };
}
