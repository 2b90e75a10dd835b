import React, { type ReactNode } from 'react';
import clsx from 'clsx';
import Link from '@docusaurus/Link';
import published from '@generated/probe-reports/default/reports.json';
import { VERDICT_LABELS, type ProbeReportView } from '@site/src/plugins/probe-reports/types';
import styles from './styles.module.css';
import ServerRendered from '@site/src/components/ServerRendered';

/** Verdict ids in the probe's order, from the first report (every report judges the same five). */
function recommendationIds(reports: readonly ProbeReportView[]): string[] {
  return reports[0]?.verdicts.map((verdict) => verdict.id) ?? [];
}

function Verdict({ verdict }: { verdict: string }): ReactNode {
  return (
    <span className={clsx(styles.verdict, styles[verdict.replace('-', '')])}>
      {VERDICT_LABELS[verdict] ?? verdict}
    </span>
  );
}

function Details({ report }: { report: ProbeReportView }): ReactNode {
  return (
    <details className={styles.details}>
      <summary>
        {report.id}: {report.module}
      </summary>
      <ul>
        <li>
          Measured {report.date} on {report.system}, probe {report.probeVersion}, {report.options}
          {report.source === 'contributed' ? ' (contributed)' : ''}.
        </li>
        {report.sha256 === null ? null : (
          <li>
            Module SHA-256 <code className={styles.hash}>{report.sha256}…</code>
          </li>
        )}
        {report.verdicts.map((verdict) => (
          <li key={verdict.id}>
            <Link to={`/guide/module-implementers#${verdict.id}`}>{verdict.id}</Link>:{' '}
            <Verdict verdict={verdict.verdict} /> — {verdict.reason}
          </li>
        ))}
        {report.scenarios.map((scenario) => (
          <li key={scenario.id}>
            Scenario <code>{scenario.id}</code>: {scenario.status}
            {scenario.detail === '' ? '' : ` — ${scenario.detail}`}
          </li>
        ))}
        <li>
          <Link href={report.url}>The full report (JSON)</Link>
        </li>
      </ul>
    </details>
  );
}

/**
 * The probe reports of examples/probe/reports/: one row per module configuration, one column per
 * module recommendation, the verdict in words; below, each report's provenance and reasons.
 */
export default function ProbeReports(): ReactNode {
  const { reports } = published;
  const ids = recommendationIds(reports);
  return (
    <ServerRendered>
      <div>
        <div className={styles.scroll}>
          <table className={styles.table}>
            <caption>
              Probe verdicts on the module recommendations, per module configuration
            </caption>
            <thead>
              <tr>
                <th scope="col">Module</th>
                {ids.map((id) => (
                  <th scope="col" key={id}>
                    <Link to={`/guide/module-implementers#${id}`}>{id.replace('R-MOD-', '')}</Link>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {reports.map((report) => (
                <tr key={`${report.source}/${report.id}`}>
                  <th scope="row">
                    <code>{report.id}</code>
                    {report.source === 'contributed' ? ' (contributed)' : ''}
                    <br />
                    <span className={styles.module}>{report.module}</span>
                  </th>
                  {ids.map((id) => {
                    const verdict = report.verdicts.find((entry) => entry.id === id);
                    return (
                      <td key={id}>
                        {verdict === undefined ? '—' : <Verdict verdict={verdict.verdict} />}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {reports.map((report) => (
          <Details key={`${report.source}/${report.id}`} report={report} />
        ))}
      </div>
    </ServerRendered>
  );
}
