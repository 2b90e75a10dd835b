/**
 * The main thread's timeline in a trace: the main frame, where its navigation starts, and the
 * self time of every event nested in the top-level tasks.
 */
import { GROUP_OF_NAME, type ActivityGroup } from './activity-groups';
import type { MainThread, TraceEvent } from './events';

/** The main frame's id, from TracingStartedInBrowser (the frame without a parent). */
export function mainFrameId(events: readonly TraceEvent[]): string | undefined {
  const started = events.find((event) => event.name === 'TracingStartedInBrowser');
  const frames = (
    started?.args?.data as { frames?: { frame?: string; parent?: string }[] } | undefined
  )?.frames;
  return frames?.find((frame) => frame.parent === undefined)?.frame;
}

/** An event of the main frame (events name their frame in `args.frame` or `args.data.frame`). */
export function ofFrame(event: TraceEvent, frame: string | undefined): boolean {
  if (frame === undefined) return true;
  const data = event.args?.data as { frame?: string } | undefined;
  return (event.args?.frame ?? data?.frame) === frame;
}

/** The start of the main frame's navigation to a document, else the first event of the main thread. */
export function navigationStart(
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
export function selfTimes(
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
