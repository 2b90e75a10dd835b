/**
 * The main-thread time of a page load, broken down by cause, from a Chrome performance trace:
 * self time per activity group, the top-level tasks (long ones and their blocking time), style
 * recalculation and layout, image decoding, React commits (from the probe's marks) and the
 * JavaScript samples attributed to the kinds of page content whose components ran, then to the
 * scripts. Selector statistics, when the trace has them, name the CSS rules that cost most.
 */
import { completeEventsOf, findMainThread, type MainThread, type TraceEvent } from './events';
import { COMMIT_MARK_PREFIX } from './react-probe';

/**
 * Activity groups by trace event name. The groups and most names are Lighthouse's
 * (core/lib/tracehouse/task-groups.js, Lighthouse 12); image decoding is split out of its
 * "Other" because the guide pages carry images.
 */
export const ACTIVITY_GROUPS = {
  scriptEvaluation: {
    label: 'Script evaluation',
    names: [
      'EventDispatch',
      'EvaluateScript',
      'v8.evaluateModule',
      'FunctionCall',
      'TimerFire',
      'FireIdleCallback',
      'FireAnimationFrame',
      'RunMicrotasks',
      'V8.Execute',
    ],
  },
  scriptParseCompile: {
    label: 'Script parsing & compilation',
    names: ['v8.compile', 'v8.compileModule', 'v8.parseOnBackground'],
  },
  parseHTML: { label: 'Parse HTML & CSS', names: ['ParseHTML', 'ParseAuthorStyleSheet'] },
  styleRecalc: {
    label: 'Style recalculation',
    names: ['ScheduleStyleRecalculation', 'UpdateLayoutTree', 'RecalculateStyles'],
  },
  layout: { label: 'Layout', names: ['InvalidateLayout', 'Layout'] },
  paint: {
    label: 'Paint & compositing',
    names: [
      'Animation',
      'HitTest',
      'PaintSetup',
      'Paint',
      'PaintImage',
      'RasterTask',
      'ScrollLayer',
      'UpdateLayer',
      'UpdateLayerTree',
      'CompositeLayers',
      'PrePaint',
      'Layerize',
      'Commit',
    ],
  },
  imageDecode: {
    label: 'Image decoding',
    names: ['Decode Image', 'ImageDecodeTask', 'Decode LazyPixelRef', 'Resize Image'],
  },
  garbageCollection: {
    label: 'Garbage collection',
    names: [
      'MinorGC',
      'MajorGC',
      'BlinkGC.AtomicPhase',
      'ThreadState::performIdleLazySweep',
      'ThreadState::completeSweep',
      'BlinkGCMarking',
    ],
  },
  other: { label: 'Other', names: [] as string[] },
} as const;

export type ActivityGroup = keyof typeof ACTIVITY_GROUPS;

const GROUP_OF_NAME = new Map<string, ActivityGroup>(
  (Object.keys(ACTIVITY_GROUPS) as ActivityGroup[]).flatMap((group) =>
    ACTIVITY_GROUPS[group].names.map((name) => [name, group] as const),
  ),
);

/** A top-level task longer than this is a long task (Lighthouse, TBT). */
export const LONG_TASK_MS = 50;

/** Where a component function starts, and the kind of page content it renders. */
export interface ComponentLocation {
  kind: string;
  scriptId: string;
  lineNumber: number;
  columnNumber: number;
}

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

export interface SelectorCost {
  selector: string;
  ms: number;
  matchAttempts: number;
  matchCount: number;
}

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

/** The main frame's id, from TracingStartedInBrowser (the frame without a parent). */
function mainFrameId(events: readonly TraceEvent[]): string | undefined {
  const started = events.find((event) => event.name === 'TracingStartedInBrowser');
  const frames = (
    started?.args?.data as { frames?: { frame?: string; parent?: string }[] } | undefined
  )?.frames;
  return frames?.find((frame) => frame.parent === undefined)?.frame;
}

/** An event of the main frame (events name their frame in `args.frame` or `args.data.frame`). */
function ofFrame(event: TraceEvent, frame: string | undefined): boolean {
  if (frame === undefined) return true;
  const data = event.args?.data as { frame?: string } | undefined;
  return (event.args?.frame ?? data?.frame) === frame;
}

/** The start of the main frame's navigation to a document, else the first event of the main thread. */
function navigationStart(
  events: readonly TraceEvent[],
  thread: MainThread,
  frame: string | undefined,
): number {
  const start = events
    .filter((event) => {
      const data = event.args?.data as { documentLoaderURL?: string } | undefined;
      return (
        event.name === 'navigationStart' &&
        event.pid === thread.pid &&
        ofFrame(event, frame) &&
        (data?.documentLoaderURL ?? '') !== ''
      );
    })
    .at(-1)?.ts;
  if (start !== undefined) return start;
  const first = events.find((event) => event.pid === thread.pid && event.tid === thread.tid);
  return first?.ts ?? 0;
}

interface Node {
  event: TraceEvent;
  end: number;
  childTime: number;
  group: ActivityGroup;
}

/**
 * Self time of every event, nested by time on one thread: an event's time minus its children's.
 * An event's name decides its group; an event of no known group takes its parent's, as
 * Lighthouse does (core/lib/tracehouse/main-thread-tasks.js, `_computeRecursiveTaskGroup`).
 * `onSelf` gets the outermost event (the top-level task) each event belongs to.
 */
function selfTimes(
  events: readonly TraceEvent[],
  onSelf: (event: TraceEvent, group: ActivityGroup, selfUs: number, topLevel: TraceEvent) => void,
): void {
  const stack: Node[] = [];
  let topLevel: TraceEvent | undefined;
  const close = (node: Node): void => {
    if (topLevel !== undefined)
      onSelf(node.event, node.group, Math.max(0, (node.event.dur ?? 0) - node.childTime), topLevel);
  };
  for (const event of events) {
    const end = event.ts + (event.dur ?? 0);
    while (stack.length > 0 && (stack.at(-1)?.end ?? 0) <= event.ts) {
      const node = stack.pop();
      if (node) close(node);
    }
    const parent = stack.at(-1);
    if (parent === undefined) topLevel = event;
    else parent.childTime += Math.min(event.dur ?? 0, parent.end - event.ts);
    const group = GROUP_OF_NAME.get(event.name) ?? parent?.group ?? 'other';
    stack.push({ event, end, childTime: 0, group });
  }
  while (stack.length > 0) {
    const node = stack.pop();
    if (node) close(node);
  }
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: {
    functionName: string;
    scriptId: string | number;
    url: string;
    lineNumber: number;
    columnNumber: number;
  };
}

interface Sample {
  ts: number;
  node: number;
  durationUs: number;
}

/** The V8 CPU profile samples of one thread (Profile and ProfileChunk events). */
function cpuSamples(
  events: readonly TraceEvent[],
  thread: MainThread,
): { nodes: Map<number, ProfileNode>; samples: Sample[] } {
  const profiles = events.filter(
    (event) => event.name === 'Profile' && event.pid === thread.pid && event.tid === thread.tid,
  );
  const nodes = new Map<number, ProfileNode>();
  const samples: Sample[] = [];
  for (const profile of profiles) {
    let time = (profile.args?.data as { startTime?: number } | undefined)?.startTime ?? profile.ts;
    const chunks = events.filter(
      (event) =>
        event.name === 'ProfileChunk' && event.pid === profile.pid && event.id === profile.id,
    );
    const local: Sample[] = [];
    for (const chunk of chunks) {
      const data = chunk.args?.data as
        | {
            cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
            timeDeltas?: number[];
          }
        | undefined;
      for (const node of data?.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
      const ids = data?.cpuProfile?.samples ?? [];
      const deltas = data?.timeDeltas ?? [];
      ids.forEach((id, index) => {
        time += deltas[index] ?? 0;
        local.push({ ts: time, node: id, durationUs: 0 });
      });
    }
    local.sort((a, b) => a.ts - b.ts);
    local.forEach((sample, index) => {
      const next = local[index + 1];
      // V8 marks idle time with (idle) samples; a longer gap is the sampler starved on a busy
      // machine, and counts up to 50 ms so a pause of the profiler does not become work.
      sample.durationUs = next === undefined ? 0 : Math.min(next.ts - sample.ts, 50_000);
    });
    samples.push(...local);
  }
  return { nodes, samples };
}

const locationKey = (scriptId: string | number, line: number, column: number): string =>
  `${String(scriptId)}:${line}:${column}`;

function scriptName(url: string | undefined): string {
  if (url === undefined || url === '') return '(native or anonymous)';
  try {
    const { pathname } = new URL(url);
    return pathname.split('/').filter(Boolean).slice(-2).join('/') || url;
  } catch {
    return url;
  }
}

/** Sample time by component kind (innermost known component frame) and by script otherwise. */
function attributeSamples(
  nodes: Map<number, ProfileNode>,
  samples: readonly Sample[],
  components: readonly ComponentLocation[],
): { byKind: Map<string, number>; byScript: Map<string, number> } {
  const kindAt = new Map<string, string>();
  for (const component of components) {
    const key = locationKey(component.scriptId, component.lineNumber, component.columnNumber);
    const known = kindAt.get(key);
    // A component rendered in several kinds of content (a link, a heading) is shared.
    kindAt.set(key, known === undefined || known === component.kind ? component.kind : 'shared');
  }
  const byKind = new Map<string, number>();
  const byScript = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number): void => {
    map.set(key, (map.get(key) ?? 0) + us);
  };
  for (const sample of samples) {
    let node = nodes.get(sample.node);
    const leaf = node;
    if (leaf === undefined) continue;
    const leafName = leaf.callFrame.functionName;
    if (leafName === '(idle)' || leafName === '(program)' || leafName === '(root)') continue;
    if (leafName === '(garbage collector)') {
      add(byScript, '(garbage collector)', sample.durationUs);
      continue;
    }
    let kind: string | undefined;
    while (node !== undefined && kind === undefined) {
      const frame = node.callFrame;
      kind = kindAt.get(locationKey(frame.scriptId, frame.lineNumber, frame.columnNumber));
      node = node.parent === undefined ? undefined : nodes.get(node.parent);
    }
    if (kind !== undefined) add(byKind, kind, sample.durationUs);
    else add(byScript, scriptName(leaf.callFrame.url), sample.durationUs);
  }
  return { byKind, byScript };
}

interface SelectorTiming {
  selector?: string;
  'elapsed (us)'?: number;
  match_attempts?: number;
  match_count?: number;
}

function selectorCosts(events: readonly TraceEvent[]): SelectorCost[] | undefined {
  const stats = events.filter((event) => event.name === 'SelectorStats');
  if (stats.length === 0) return undefined;
  const bySelector = new Map<string, SelectorCost>();
  for (const event of stats) {
    const timings =
      (event.args?.selector_stats as { selector_timings?: SelectorTiming[] } | undefined)
        ?.selector_timings ?? [];
    for (const timing of timings) {
      const selector = timing.selector ?? '(unknown)';
      const entry = bySelector.get(selector) ?? {
        selector,
        ms: 0,
        matchAttempts: 0,
        matchCount: 0,
      };
      entry.ms += ms(timing['elapsed (us)'] ?? 0);
      entry.matchAttempts += timing.match_attempts ?? 0;
      entry.matchCount += timing.match_count ?? 0;
      bySelector.set(selector, entry);
    }
  }
  return [...bySelector.values()].sort((a, b) => b.ms - a.ms);
}

function sortedEntries(map: Map<string, number>): { key: string; ms: number }[] {
  return [...map.entries()].map(([key, us]) => ({ key, ms: ms(us) })).sort((a, b) => b.ms - a.ms);
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
  const groupUs = new Map<ActivityGroup, number>();
  const perTask = new Map<TraceEvent, Map<ActivityGroup, number>>();
  selfTimes(own, (_event, group, selfUs, topLevel) => {
    groupUs.set(group, (groupUs.get(group) ?? 0) + selfUs);
    const task = perTask.get(topLevel) ?? new Map<ActivityGroup, number>();
    task.set(group, (task.get(group) ?? 0) + selfUs);
    perTask.set(topLevel, task);
  });

  const marks = events
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

  // The outermost events (a RunTask, or whatever runs outside one): the scheduler's tasks.
  const topLevel = [...perTask.keys()].sort((a, b) => a.ts - b.ts);
  const summarise = (task: TraceEvent): TaskSummary => ({
    startMs: ms(task.ts - start),
    durationMs: ms(task.dur ?? 0),
    groups: [...(perTask.get(task)?.entries() ?? [])]
      .map(([group, us]) => ({ group, ms: ms(us) }))
      .sort((a, b) => b.ms - a.ms),
    commits: marks
      .filter((mark) => mark.ts >= task.ts && mark.ts <= task.ts + (task.dur ?? 0))
      .map((mark) => mark.index),
  });
  const fcp = events.find(
    (event) =>
      event.name === 'firstContentfulPaint' &&
      event.pid === thread.pid &&
      ofFrame(event, frame) &&
      event.ts >= start,
  )?.ts;
  const blockingUs = topLevel
    .filter((task) => fcp !== undefined && task.ts >= fcp)
    .reduce((sum, task) => sum + Math.max(0, (task.dur ?? 0) - LONG_TASK_MS * 1000), 0);

  const sumOf = (names: readonly string[], argument: (event: TraceEvent) => number) => {
    const matching = own.filter((event) => names.includes(event.name));
    const values = matching.map(argument);
    return {
      count: matching.length,
      ms: ms(matching.reduce((sum, event) => sum + (event.dur ?? 0), 0)),
      total: values.reduce((sum, value) => sum + value, 0),
      largest: values.reduce((max, value) => Math.max(max, value), 0),
    };
  };
  const style = sumOf(['UpdateLayoutTree', 'RecalculateStyles'], (event) => {
    const count = (event.args?.elementCount ??
      (event.args?.data as { elementCount?: number } | undefined)?.elementCount) as
      number | undefined;
    return count ?? 0;
  });
  const layout = sumOf(['Layout'], (event) => {
    const begin = event.args?.beginData as { dirtyObjects?: number } | undefined;
    return begin?.dirtyObjects ?? 0;
  });
  const decode = sumOf(ACTIVITY_GROUPS.imageDecode.names, () => 0);

  const { nodes, samples } = cpuSamples(events, thread);
  const attributed = attributeSamples(nodes, samples, components);
  const groups = [...groupUs.entries()]
    .map(([group, us]) => ({ group, label: ACTIVITY_GROUPS[group].label, ms: ms(us) }))
    .sort((a, b) => b.ms - a.ms);
  const lastEnd = own.reduce((max, event) => Math.max(max, event.ts + (event.dur ?? 0)), start);

  return {
    thread,
    spanMs: ms(lastEnd - start),
    groups,
    busyMs: groups.reduce((sum, group) => sum + group.ms, 0),
    tasks: {
      count: topLevel.length,
      long: topLevel.filter((task) => (task.dur ?? 0) > LONG_TASK_MS * 1000).map(summarise),
      blockingMsAfterFcp: ms(blockingUs),
      fcpMs: fcp === undefined ? undefined : ms(fcp - start),
    },
    styleRecalc: {
      count: style.count,
      ms: style.ms,
      elements: style.total,
      largest: style.largest,
    },
    layout: { count: layout.count, ms: layout.ms, objects: layout.total, largest: layout.largest },
    imageDecode: { count: decode.count, ms: decode.ms },
    commits: marks.map((mark) => {
      const task = topLevel.find(
        (candidate) => mark.ts >= candidate.ts && mark.ts <= candidate.ts + (candidate.dur ?? 0),
      );
      return {
        index: mark.index,
        atMs: ms(mark.ts - start),
        hydration: mark.hydration,
        task: task === undefined ? undefined : summarise(task),
      };
    }),
    jsByKind: sortedEntries(attributed.byKind).map(({ key, ms: value }) => ({
      kind: key,
      ms: value,
    })),
    jsByScript: sortedEntries(attributed.byScript).map(({ key, ms: value }) => ({
      script: key,
      ms: value,
    })),
    selectors: selectorCosts(events),
  };
}
