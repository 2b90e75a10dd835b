import React, { type ReactNode } from 'react';
import type { ShownEntry, ShownResults } from '@site/src/lib/examples/shown-results';
import { describePooledParentDamage } from '@site/src/lib/examples/parent-damage';
import { describeCount, percent } from '@site/src/lib/examples/statistics';
import styles from './styles.module.css';
import ServerRendered from '@site/src/components/ServerRendered';

interface Props {
  /** examples/results.json as the page shows it (the example-results plugin). */
  results: ShownResults;
}

const RUN_LABELS: Readonly<Record<string, string>> = {
  'hazard-observed': 'seen',
  'hazard-not-observed': 'none',
  void: 'void',
  fail: 'FAIL',
};

function HazardRow({ entry }: { entry: ShownEntry }): ReactNode {
  const pooled = entry.pooled;
  if (!pooled || !entry.runs) return null;
  const parent = describePooledParentDamage(pooled, entry);
  return (
    <tr>
      <th scope="row">
        <code>{entry.module}</code> {entry.variant}
      </th>
      <td>{entry.outcome}</td>
      <td>
        <ol className={styles.runs}>
          {entry.runs.map((run, index) => (
            <li key={index}>
              {RUN_LABELS[run.outcome] ?? run.outcome}:{' '}
              {`${run.hazardForks ?? run.hangs + run.crashes}/${run.forks}`}
              {run.parentCrashSignal ? ` (parent crashed, signal ${run.parentCrashSignal})` : ''}
            </li>
          ))}
        </ol>
      </td>
      <td>{describeCount(pooled.events, pooled.forks)}</td>
      <td>
        {pooled.hangs} hung, {pooled.crashes} crashed
        {(entry.crashSignals ?? []).map((c) => ` (signal ${c.signal} ×${c.count})`).join('')}
        {parent ? `; ${parent}` : ''}
      </td>
      <td>{Math.round(pooled.workerCalls / pooled.forks).toLocaleString('en')}</td>
      <td>{percent(pooled.loadShare)}</td>
    </tr>
  );
}

/**
 * The reproducibility report: for every hazard cell of examples/results.json, the outcome of each
 * repeat run, the pooled count with its 95% interval, and the load that made it (worker calls per
 * fork, share of forks with a worker inside the module), so a reader can judge the evidence.
 * A hazard event is a fork whose child hung or crashed or after which the parent was damaged;
 * a cell with parent damage says so in words, with the parent's return codes.
 */
export default function HazardRuns({ results }: Props): ReactNode {
  const cells = results.results.filter((entry) => entry.pooled);
  const load = results.hazardLoad;
  return (
    <>
      <ServerRendered>
        <p>
          Each cell ran {load.repeat} times, one cell at a time, with {load.forksPerRun} forks per
          run
          {Object.entries(load.forkFactors).map(
            ([module, factor]) => ` (${String(factor)} times as many for ${module})`,
          )}
          , {load.workerThreads} worker threads calling {load.workerCalls.join(', ')} without pause,
          and a bound of {load.boundMs / 1000} s. A run counts only when a worker was inside the
          module at {percent(load.minLoadShare)} of its forks or more. Measured on{' '}
          {results.machine.os}, kernel {results.machine.kernel}, {results.machine.cpus} CPUs (
          {results.machine.cpuModel}), glibc {results.machine.packages.libc6 ?? 'unknown'}.
        </p>
      </ServerRendered>
      <ServerRendered>
        <div
          className={styles.wrapper}
          tabIndex={0}
          role="region"
          aria-label="Repeat runs of each hazard cell"
        >
          <table className={styles.report}>
            <thead>
              <tr>
                <th scope="col">Configuration and run</th>
                <th scope="col">Outcome over all runs</th>
                <th scope="col">Each run: forks with a hazard event / forks</th>
                <th scope="col">Pooled, with 95% interval</th>
                <th scope="col">Children hung and crashed; the parent damaged</th>
                <th scope="col">Worker calls per fork</th>
                <th scope="col">Forks with a worker inside</th>
              </tr>
            </thead>
            <tbody>
              {cells.map((entry) => (
                <HazardRow key={`${entry.variant}/${entry.module}`} entry={entry} />
              ))}
            </tbody>
          </table>
        </div>
      </ServerRendered>
    </>
  );
}
