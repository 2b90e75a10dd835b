/**
 * One traced page load summarised for people: the breakdown of main-thread time, the React
 * commits the probe saw (hydration, then any re-render and what started it), and the DOM size.
 */
import type { Breakdown, SelectorCost } from './breakdown';
import { contentRerenders, type CommitRecord, type KindCount } from './react-probe';

export interface TraceReport {
  url: string;
  profile: string;
  cpuSlowdown: number;
  domElements: number;
  breakdown: Breakdown;
  commits: CommitRecord[];
  /** Commits after hydration that rendered page content without user input. */
  rerenders: CommitRecord[];
}

export function traceReport(
  recording: { url: string; profile: string; domElements: number; commits: CommitRecord[] },
  cpuSlowdown: number,
  breakdown: Breakdown,
): TraceReport {
  return {
    url: recording.url,
    profile: recording.profile,
    cpuSlowdown,
    domElements: recording.domElements,
    breakdown,
    commits: recording.commits,
    rerenders: contentRerenders(recording.commits),
  };
}

const fixed = (value: number, digits = 0): string => value.toFixed(digits);
const row = (label: string, value: string, width = 34): string =>
  `  ${label.padEnd(width)}${value.padStart(10)}`;

function kindCounts(byKind: Partial<Record<string, KindCount>>): string[] {
  return Object.entries(byKind)
    .filter((entry): entry is [string, KindCount] => entry[1] !== undefined)
    .sort((a, b) => b[1].rendered - a[1].rendered)
    .map(
      ([kind, count]) =>
        `    ${kind.padEnd(24)}${String(count.rendered).padStart(7)} components` +
        (count.hydratedElements > 0 ? `, ${count.hydratedElements} elements hydrated` : '') +
        (count.createdElements > 0 ? `, ${count.createdElements} elements created` : ''),
    );
}

/** The report as text, one section per cause. */
export function formatTraceReport(report: TraceReport): string {
  const { breakdown: b } = report;
  const lines: string[] = [];
  lines.push(
    `${report.url} — ${report.profile}, CPU ${report.cpuSlowdown}× slower, ${report.domElements} DOM elements`,
  );
  lines.push('');
  lines.push(
    `Main thread, self time by activity (${fixed(b.busyMs)} ms busy in ${fixed(b.spanMs)} ms):`,
  );
  for (const group of b.groups) lines.push(row(group.label, `${fixed(group.ms)} ms`));
  lines.push('');
  lines.push(
    `Tasks: ${b.tasks.count}, ${b.tasks.long.length} longer than 50 ms; blocking time after FCP ` +
      `(${b.tasks.fcpMs === undefined ? 'no FCP' : `${fixed(b.tasks.fcpMs)} ms`}) to the end: ${fixed(b.tasks.blockingMsAfterFcp)} ms`,
  );
  for (const task of b.tasks.long) {
    const top = task.groups
      .slice(0, 3)
      .map((group) => `${group.group} ${fixed(group.ms)}`)
      .join(', ');
    const commits = task.commits.length > 0 ? `; React commit ${task.commits.join(', ')}` : '';
    lines.push(
      `  at ${fixed(task.startMs).padStart(6)} ms: ${fixed(task.durationMs).padStart(5)} ms (${top}${commits})`,
    );
  }
  lines.push('');
  lines.push('Style and layout:');
  lines.push(
    row(`style recalculations: ${b.styleRecalc.count}`, `${fixed(b.styleRecalc.ms)} ms`) +
      `  (${b.styleRecalc.elements} elements restyled, at most ${b.styleRecalc.largest} at once)`,
  );
  lines.push(
    row(`layouts: ${b.layout.count}`, `${fixed(b.layout.ms)} ms`) +
      `  (${b.layout.objects} objects laid out, at most ${b.layout.largest} at once)`,
  );
  lines.push(row(`image decodes: ${b.imageDecode.count}`, `${fixed(b.imageDecode.ms)} ms`));
  if (b.selectors !== undefined) {
    lines.push('  CSS selectors by matching time (selector statistics):');
    for (const selector of b.selectors.slice(0, 10))
      lines.push(
        `    ${fixed(selector.ms, 1).padStart(7)} ms  ${selector.matchAttempts} attempts, ${selector.matchCount} matches  ${selector.selector}`,
      );
  }
  lines.push('');
  lines.push('JavaScript samples inside component functions, by the content they render:');
  if (b.jsByKind.length === 0) lines.push('  (none matched)');
  for (const kind of b.jsByKind) lines.push(row(kind.kind, `${fixed(kind.ms)} ms`));
  lines.push('JavaScript samples elsewhere (React itself, libraries), by script:');
  for (const script of b.jsByScript.slice(0, 8))
    lines.push(row(script.script, `${fixed(script.ms)} ms`));
  lines.push('');
  lines.push(`React commits: ${report.commits.length}`);
  for (const commit of report.commits) {
    const timing = b.commits.find((candidate) => candidate.index === commit.index);
    const task = timing?.task === undefined ? '' : ` in a ${fixed(timing.task.durationMs)} ms task`;
    const label = commit.hydration
      ? 'hydration'
      : commit.afterUserInput
        ? 'after user input'
        : 're-render without user input';
    lines.push(
      `  #${commit.index} ${label}${timing === undefined ? '' : ` at ${fixed(timing.atMs)} ms`}${task}`,
    );
    lines.push(...kindCounts(commit.byKind));
    for (const origin of commit.origins.slice(0, 6))
      lines.push(
        `    started by ${origin.component} (${origin.cause}) rendering ${origin.element} in ${origin.kind}`,
      );
    if (commit.origins.length > 6)
      lines.push(`    … and ${commit.origins.length - 6} more origins`);
  }
  lines.push('');
  lines.push(
    report.rerenders.length === 0
      ? 'No re-render of the page content after hydration.'
      : `Re-renders of the page content after hydration without user input: ${report.rerenders.map((commit) => `#${commit.index}`).join(', ')}`,
  );
  return lines.join('\n');
}

/** The costliest CSS selectors of a selector-statistics recording, as text (top 15). */
export function formatSelectorCosts(selectors: readonly SelectorCost[]): string {
  return [
    'CSS selectors by matching time (unthrottled, selector statistics on; top 15):',
    ...selectors
      .slice(0, 15)
      .map(
        (selector) =>
          `  ${selector.ms.toFixed(1).padStart(7)} ms  ${String(selector.matchAttempts).padStart(7)} attempts ${String(selector.matchCount).padStart(6)} matches  ${selector.selector}`,
      ),
  ].join('\n');
}
