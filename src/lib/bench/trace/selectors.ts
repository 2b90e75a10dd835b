/** The CSS selectors that cost most, from a trace recorded with Chromium's selector statistics. */
import type { TraceEvent } from './events';

export interface SelectorCost {
  selector: string;
  ms: number;
  matchAttempts: number;
  matchCount: number;
}

interface SelectorTiming {
  selector?: string;
  'elapsed (us)'?: number;
  match_attempts?: number;
  match_count?: number;
}

/** Time and matches per selector, summed over the trace's SelectorStats events, costliest first. */
export function selectorCosts(events: readonly TraceEvent[]): SelectorCost[] | undefined {
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
      entry.ms += (timing['elapsed (us)'] ?? 0) / 1000;
      entry.matchAttempts += timing.match_attempts ?? 0;
      entry.matchCount += timing.match_count ?? 0;
      bySelector.set(selector, entry);
    }
  }
  return [...bySelector.values()].sort((a, b) => b.ms - a.ms);
}
