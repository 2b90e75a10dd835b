/**
 * JavaScript time from the V8 CPU profile in a trace: the samples of the main thread, attributed
 * to the kind of page content whose component function ran, or else to the script.
 */
import type { MainThread, TraceEvent } from './events';

/** Where a component function starts, and the kind of page content it renders. */
export interface ComponentLocation {
  kind: string;
  scriptId: string;
  lineNumber: number;
  columnNumber: number;
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
export function cpuSamples(
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
export function attributeSamples(
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
