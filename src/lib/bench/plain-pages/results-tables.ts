/**
 * <ResultsModules>, <ResultsMatrix> and <HazardRuns> as plain Markdown tables of the same rows
 * and words src/components/ResultsMatrix and src/components/HazardRuns print, without the
 * scroll regions, colours and lists inside cells (a Markdown cell holds one line).
 */
import type { BlockContent } from 'mdast';
import { describePooledParentDamage } from '../../examples/parent-damage';
import { OUTCOME_LABELS, type ShownEntry, type ShownResults } from '../../examples/shown-results';
import { describeCount, percent } from '../../examples/statistics';
import { inlineCode, paragraph, strong, table, text, type CellContent } from './mdast';

const RUN_LABELS: Readonly<Record<string, string>> = {
  'hazard-observed': 'seen',
  'hazard-not-observed': 'none',
  void: 'void',
  fail: 'FAIL',
};

export function resultsModulesTable(results: ShownResults): BlockContent[] {
  return [
    table(
      ['Configuration', 'Module and version', 'Cryptoki version'],
      results.modules.map((m) => [[inlineCode(m.id)], m.version, m.cryptokiVersion]),
    ),
  ];
}

/** The count behind a matrix cell, in the matrix's words. */
function matrixDetail(entry: ShownEntry): string {
  if (entry.outcome === 'not-applicable') return entry.reason;
  const { pooled } = entry;
  if (pooled) {
    const parent = describePooledParentDamage(pooled, entry);
    return `${pooled.events}/${pooled.forks} in ${pooled.runs} runs${parent ? `; ${parent}` : ''}`;
  }
  const failures = entry.failed + entry.hangs + entry.crashes;
  return failures === 0
    ? `${entry.clean}/${entry.iterations} runs`
    : `${failures} of ${entry.iterations} runs failed`;
}

export function resultsMatrixTable(results: ShownResults): BlockContent[] {
  const modules = results.modules.map((module) => module.id);
  const rows = new Map<string, ShownEntry[]>();
  for (const entry of results.results) {
    const key = `${entry.pattern}\u0000${entry.variant}`;
    rows.set(key, [...(rows.get(key) ?? []), entry]);
  }
  const body = [...rows.values()].flatMap((entries): CellContent[][] => {
    const first = entries[0];
    if (first === undefined) return [];
    const { min, max } = first.threadsAtFork;
    return [
      [
        [inlineCode(first.pattern)],
        first.variant,
        min === max ? String(min) : `${min}–${max}`,
        ...modules.map((module): CellContent => {
          const entry = entries.find((candidate) => candidate.module === module);
          if (entry === undefined) return 'not run';
          return [strong(OUTCOME_LABELS[entry.outcome]), text(` ${matrixDetail(entry)}`)];
        }),
      ],
    ];
  });
  const header: CellContent[] = [
    'Pattern',
    'Run',
    'Threads at fork',
    ...modules.map((module) => [inlineCode(module)]),
  ];
  return [table(header, body)];
}

function hazardRow(entry: ShownEntry): CellContent[] {
  const pooled = entry.pooled;
  if (!pooled || !entry.runs) return [];
  const parent = describePooledParentDamage(pooled, entry);
  const runs = entry.runs.map(
    (run) =>
      `${RUN_LABELS[run.outcome] ?? run.outcome}: ${run.hazardForks ?? run.hangs + run.crashes}/${run.forks}` +
      (run.parentCrashSignal ? ` (parent crashed, signal ${run.parentCrashSignal})` : ''),
  );
  const signals = (entry.crashSignals ?? []).map((c) => ` (signal ${c.signal} ×${c.count})`);
  return [
    [inlineCode(entry.module), text(` ${entry.variant}`)],
    entry.outcome,
    runs.join('; '),
    describeCount(pooled.events, pooled.forks),
    `${pooled.hangs} hung, ${pooled.crashes} crashed${signals.join('')}${parent ? `; ${parent}` : ''}`,
    Math.round(pooled.workerCalls / pooled.forks).toLocaleString('en'),
    percent(pooled.loadShare),
  ];
}

export function hazardRunsBlocks(results: ShownResults): BlockContent[] {
  const load = results.hazardLoad;
  const { machine } = results;
  const factors = Object.entries(load.forkFactors).map(
    ([module, factor]) => ` (${String(factor)} times as many for ${module})`,
  );
  const intro =
    `Each cell ran ${load.repeat} times, one cell at a time, with ${load.forksPerRun} forks per run` +
    `${factors.join('')}, ${load.workerThreads} worker threads calling ${load.workerCalls.join(', ')} ` +
    `without pause, and a bound of ${load.boundMs / 1000} s. A run counts only when a worker was ` +
    `inside the module at ${percent(load.minLoadShare)} of its forks or more. Measured on ` +
    `${machine.os}, kernel ${machine.kernel}, ${machine.cpus} CPUs (${machine.cpuModel}), ` +
    `glibc ${machine.packages.libc6 ?? 'unknown'}.`;
  const header = [
    'Configuration and run',
    'Outcome over all runs',
    'Each run: forks with a hazard event / forks',
    'Pooled, with 95% interval',
    'Children hung and crashed; the parent damaged',
    'Worker calls per fork',
    'Forks with a worker inside',
  ];
  const rows = results.results.map(hazardRow).filter((row) => row.length > 0);
  return [paragraph(text(intro)), table(header, rows)];
}
