/**
 * Chrome trace events (the JSON Chrome's tracing writes, "Trace Event Format"), and finding the
 * page's main thread in them.
 */

export interface TraceEvent {
  name: string;
  cat: string;
  /** Phase: X complete, B/E begin/end, I/R instant, M metadata, P sample, … */
  ph: string;
  /** Microseconds, on the trace clock. */
  ts: number;
  /** Microseconds, for complete (X) events. */
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: Record<string, unknown>;
}

export interface TraceFile {
  traceEvents: TraceEvent[];
}

/** Parses a trace (either `{traceEvents: […]}` or a bare array); names the problem if it is not one. */
export function parseTrace(text: string, source = 'trace'): TraceEvent[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not JSON (${(error as Error).message})`);
  }
  const events = Array.isArray(data) ? data : (data as Partial<TraceFile>).traceEvents;
  if (!Array.isArray(events))
    throw new Error(`${source}: no traceEvents array; is it a Chrome performance trace?`);
  return events as TraceEvent[];
}

export interface MainThread {
  pid: number;
  tid: number;
}

interface FrameInfo {
  frame?: string;
  processId?: number;
  parent?: string;
  url?: string;
}

/**
 * The renderer main thread of the page's main frame: the process that
 * TracingStartedInBrowser names for the frame without a parent, and its CrRendererMain thread.
 * (Lighthouse finds it the same way, core/lib/tracehouse/trace-processor.js.)
 */
export function findMainThread(events: readonly TraceEvent[]): MainThread {
  const started = events.find((event) => event.name === 'TracingStartedInBrowser');
  const frames = (started?.args?.data as { frames?: FrameInfo[] } | undefined)?.frames ?? [];
  const mainFrame = frames.find((frame) => frame.parent === undefined && frame.processId);
  const rendererMains = events.filter(
    (event) =>
      event.ph === 'M' &&
      event.name === 'thread_name' &&
      (event.args?.name as string | undefined) === 'CrRendererMain',
  );
  const candidates =
    mainFrame?.processId === undefined
      ? rendererMains
      : rendererMains.filter((event) => event.pid === mainFrame.processId);
  if (candidates.length === 0)
    throw new Error('no renderer main thread (CrRendererMain) in the trace');
  // With several (a navigation can swap processes), the one with the most work is the page.
  const work = new Map<string, number>();
  for (const event of events) {
    if (event.ph !== 'X') continue;
    const key = `${event.pid}:${event.tid}`;
    work.set(key, (work.get(key) ?? 0) + (event.dur ?? 0));
  }
  const best = [...candidates].sort(
    (a, b) => (work.get(`${b.pid}:${b.tid}`) ?? 0) - (work.get(`${a.pid}:${a.tid}`) ?? 0),
  )[0];
  if (best === undefined) throw new Error('no renderer main thread (CrRendererMain) in the trace');
  return { pid: best.pid, tid: best.tid };
}

/** The events of one thread, complete (X) events only, sorted by start then longest first. */
export function completeEventsOf(events: readonly TraceEvent[], thread: MainThread): TraceEvent[] {
  return events
    .filter(
      (event) =>
        event.pid === thread.pid &&
        event.tid === thread.tid &&
        event.ph === 'X' &&
        typeof event.dur === 'number',
    )
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
}
