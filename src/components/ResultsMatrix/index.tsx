import React, { type ReactNode } from 'react';
import clsx from 'clsx';
import {
  OUTCOME_LABELS,
  type ShownEntry,
  type ShownResults,
} from '@site/src/lib/examples/shown-results';
import { describeParentDamage } from '@site/src/lib/examples/parent-damage';
import styles from './styles.module.css';
import ServerRendered from '@site/src/components/ServerRendered';

interface Props {
  /** examples/results.json as the page shows it (the example-results plugin). */
  results: ShownResults;
}

/** What the numbers behind an outcome were, in a few words. */
function detail(entry: ShownEntry): string {
  if (entry.outcome === 'not-applicable') return entry.reason;
  if (entry.pooled) {
    const { events, forks, runs } = entry.pooled;
    const parent = describeParentDamage({
      parentDamaged: entry.pooled.parentDamaged,
      forks,
      parentDamageCodes: entry.parentDamageCodes,
      parentBlocked: entry.pooled.parentBlocked,
      parentCrashSignals: entry.parentCrashSignals,
      runs,
    });
    return `${events}/${forks} in ${runs} runs${parent ? `; ${parent}` : ''}`;
  }
  const failures = entry.failed + entry.hangs + entry.crashes;
  return failures === 0
    ? `${entry.clean}/${entry.iterations} runs`
    : `${failures} of ${entry.iterations} runs failed`;
}

function rowKey(entry: ShownEntry): string {
  return `${entry.pattern}\u0000${entry.variant}`;
}

/**
 * The pattern × module matrix of the tested fork patterns, from examples/results.json. Each cell
 * says its outcome in words (colour only repeats it) and what the count behind it was.
 */
export default function ResultsMatrix({ results }: Props): ReactNode {
  const modules = results.modules.map((module) => module.id);
  const rows = new Map<string, ShownEntry[]>();
  for (const entry of results.results) {
    const row = rows.get(rowKey(entry)) ?? [];
    row.push(entry);
    rows.set(rowKey(entry), row);
  }
  return (
    <ServerRendered>
      <div
        className={styles.wrapper}
        tabIndex={0}
        role="region"
        aria-label="Results of the fork-pattern examples per module"
      >
        <table className={styles.matrix}>
          <thead>
            <tr>
              <th scope="col">Pattern</th>
              <th scope="col">Run</th>
              <th scope="col">Threads at fork</th>
              {modules.map((module) => (
                <th scope="col" key={module}>
                  <code>{module}</code>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...rows.values()].map((entries) => {
              const first = entries[0];
              if (first === undefined) return null;
              const threads =
                first.threadsAtFork.min === first.threadsAtFork.max
                  ? String(first.threadsAtFork.min)
                  : `${first.threadsAtFork.min}–${first.threadsAtFork.max}`;
              return (
                <tr key={rowKey(first)}>
                  <th scope="row">
                    <code>{first.pattern}</code>
                  </th>
                  <td>{first.variant}</td>
                  <td>{threads}</td>
                  {modules.map((module) => {
                    const entry = entries.find((candidate) => candidate.module === module);
                    if (entry === undefined) return <td key={module}>not run</td>;
                    return (
                      <td key={module} className={clsx(styles.cell, styles[entry.outcome])}>
                        <strong>{OUTCOME_LABELS[entry.outcome]}</strong>
                        <span className={styles.detail}>{detail(entry)}</span>
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </ServerRendered>
  );
}

/** The module configurations of a run, with the versions that were measured. */
export function ResultsModules({ results }: Props): ReactNode {
  return (
    <ServerRendered>
      <table>
        <thead>
          <tr>
            <th scope="col">Configuration</th>
            <th scope="col">Module and version</th>
            <th scope="col">Cryptoki version</th>
          </tr>
        </thead>
        <tbody>
          {results.modules.map((module) => (
            <tr key={module.id}>
              <th scope="row">
                <code>{module.id}</code>
              </th>
              <td>{module.version}</td>
              <td>{module.cryptokiVersion}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ServerRendered>
  );
}
