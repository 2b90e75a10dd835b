/**
 * The trace breakdown of npm run bench:trace, on a trace of a small page of known work
 * (src/lib/bench/trace/fixture.ts), recorded with Debian's Chromium by
 * `npm run bench:trace -- --record-fixture test/fixtures/trace/small-page.json`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { breakDown, type ComponentLocation } from '../../src/lib/bench/trace/breakdown';
import { findMainThread, parseTrace, type TraceEvent } from '../../src/lib/bench/trace/events';
import { FIXTURE_BUSY_MS, FIXTURE_ELEMENTS } from '../../src/lib/bench/trace/fixture';
import { contentRerenders, type CommitRecord } from '../../src/lib/bench/trace/react-probe';
import { formatTraceReport, traceReport } from '../../src/lib/bench/trace/report';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'trace', 'small-page.json');
const events = parseTrace(readFileSync(FIXTURE, 'utf8'), FIXTURE);

/** Where a function of the fixture page starts, as the CPU profile names it. */
function locationOf(functionName: string, kind: string): ComponentLocation {
  for (const event of events) {
    const nodes =
      (
        event.args?.data as
          | {
              cpuProfile?: {
                nodes?: {
                  callFrame: {
                    functionName: string;
                    scriptId: string | number;
                    lineNumber: number;
                    columnNumber: number;
                  };
                }[];
              };
            }
          | undefined
      )?.cpuProfile?.nodes ?? [];
    const node = nodes.find((candidate) => candidate.callFrame.functionName === functionName);
    if (node)
      return {
        kind,
        scriptId: String(node.callFrame.scriptId),
        lineNumber: node.callFrame.lineNumber,
        columnNumber: node.callFrame.columnNumber,
      };
  }
  throw new Error(`${functionName} is not in the fixture's CPU profile`);
}

describe('parseTrace', () => {
  test('says what is wrong with a file that is not a trace', () => {
    expect(() => parseTrace('{', 'x.json')).toThrow(/^x\.json: not JSON/);
    expect(() => parseTrace('{"events": []}', 'x.json')).toThrow(/x\.json: no traceEvents array/);
    expect(parseTrace('[{"name":"a"}]')).toHaveLength(1);
  });
});

describe('breakDown', () => {
  const breakdown = breakDown(events);

  test('finds the page’s renderer main thread', () => {
    const thread = findMainThread(events);
    expect(breakdown.thread).toEqual(thread);
    expect(
      events.some(
        (event: TraceEvent) =>
          event.pid === thread.pid && event.tid === thread.tid && event.name === 'EvaluateScript',
      ),
    ).toBe(true);
  });

  test('counts both busy functions as script evaluation, and the groups add up to the busy time', () => {
    const script = breakdown.groups.find((group) => group.group === 'scriptEvaluation');
    expect(script?.ms).toBeGreaterThanOrEqual(2 * FIXTURE_BUSY_MS);
    const sum = breakdown.groups.reduce((total, group) => total + group.ms, 0);
    expect(sum).toBeCloseTo(breakdown.busyMs, 6);
    expect(breakdown.busyMs).toBeLessThanOrEqual(breakdown.spanMs);
  });

  test('sees the elements the page added restyled and laid out', () => {
    expect(breakdown.styleRecalc.largest).toBeGreaterThanOrEqual(FIXTURE_ELEMENTS);
    expect(breakdown.layout.largest).toBeGreaterThanOrEqual(FIXTURE_ELEMENTS);
    expect(breakdown.styleRecalc.ms).toBeGreaterThan(0);
    expect(breakdown.layout.ms).toBeGreaterThan(0);
  });

  test('places each commit mark in its task; the later one in a long task of script', () => {
    expect(breakdown.commits.map((commit) => [commit.index, commit.hydration])).toEqual([
      [0, true],
      [1, false],
    ]);
    const later = breakdown.commits[1]?.task;
    expect(later?.durationMs).toBeGreaterThanOrEqual(FIXTURE_BUSY_MS);
    expect(later?.groups[0]?.group).toBe('scriptEvaluation');
    expect(breakdown.tasks.long.map((task) => task.commits)).toContainEqual([1]);
    const first = breakdown.commits[0];
    expect(first?.atMs).toBeLessThan(breakdown.commits[1]?.atMs ?? 0);
  });

  test('attributes CPU samples to the innermost known function, else to the script', () => {
    const attributed = breakDown(events, [
      locationOf('busyCommit', 'code block'),
      locationOf('buildDom', 'table'),
    ]);
    const kind = (name: string) =>
      attributed.jsByKind.find((entry) => entry.kind === name)?.ms ?? 0;
    // Sampling misses some of the 80 ms (more on a busy machine); `spin`, called by busyCommit, counts for it.
    expect(kind('code block')).toBeGreaterThanOrEqual(0.6 * FIXTURE_BUSY_MS);
    expect(kind('code block')).toBeLessThan(4 * FIXTURE_BUSY_MS);
    expect(kind('table')).toBeGreaterThan(0);
    // busyParse is no component: its time stays with the script that holds it (the page).
    expect(attributed.jsByScript.reduce((sum, entry) => sum + entry.ms, 0)).toBeGreaterThanOrEqual(
      0.6 * FIXTURE_BUSY_MS,
    );
  });
});

function commit(index: number, partial: Partial<CommitRecord>): CommitRecord {
  return {
    index,
    at: index * 100,
    hydration: false,
    afterUserInput: false,
    byKind: {},
    origins: [],
    ...partial,
  };
}

describe('contentRerenders and the report', () => {
  const commits = [
    commit(0, {
      hydration: true,
      byKind: { 'code block': { rendered: 40, createdElements: 0, hydratedElements: 90 } },
    }),
    commit(1, { byKind: { navbar: { rendered: 5, createdElements: 2, hydratedElements: 0 } } }),
    commit(2, {
      afterUserInput: true,
      byKind: { 'code block': { rendered: 3, createdElements: 0, hydratedElements: 0 } },
    }),
    commit(3, {
      byKind: { 'table of contents': { rendered: 1, createdElements: 0, hydratedElements: 0 } },
      origins: [{ kind: 'table of contents', component: 'x', cause: 'state', element: 'div.toc' }],
    }),
  ];

  test('a commit counts as a re-render of the content only after hydration, without input, in the page', () => {
    expect(contentRerenders(commits).map((record) => record.index)).toEqual([3]);
  });

  test('the report names the activities, the commits and what started the re-render', () => {
    const report = traceReport(
      { url: 'http://x/guide/', profile: 'mobile', domElements: 123, commits },
      4,
      breakDown(events),
    );
    const text = formatTraceReport(report);
    expect(text).toContain('http://x/guide/ — mobile, CPU 4× slower, 123 DOM elements');
    expect(text).toMatch(/Script evaluation +\d+ ms/);
    expect(text).toContain('#0 hydration');
    expect(text).toContain('#2 after user input');
    expect(text).toContain('started by x (state) rendering div.toc in table of contents');
    expect(text).toContain('Re-renders of the page content after hydration without user input: #3');
  });
});
