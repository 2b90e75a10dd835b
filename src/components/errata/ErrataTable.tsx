import React, { type ReactNode } from 'react';
import Link from '@docusaurus/Link';
import type { ErratumSummary } from '../../plugins/errata/view';
import StatusBadge from './StatusBadge';
import styles from './errata.module.css';

function ErratumRow({ erratum }: { erratum: ErratumSummary }): ReactNode {
  return (
    <tr>
      <th scope="row" className={styles.nowrap}>
        <Link to={erratum.permalink}>{erratum.id}</Link>
      </th>
      <td>{erratum.title}</td>
      <td>
        {erratum.affects.map((affected) => (
          <div key={`${affected.document}-${affected.section}`}>
            {affected.documentTitle} {affected.sectionLabel}
          </div>
        ))}
      </td>
      <td>{erratum.type}</td>
      <td>
        <StatusBadge status={erratum.status} label={erratum.statusLabel} />
      </td>
      <td className={styles.nowrap}>{erratum.reported}</td>
      <td className={styles.nowrap}>{erratum.lastActivity}</td>
    </tr>
  );
}

/** The errata index's table: one row per erratum shown. */
export default function ErrataTable({ errata }: { errata: readonly ErratumSummary[] }): ReactNode {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Id</th>
          <th scope="col">Title</th>
          <th scope="col">Documents and sections</th>
          <th scope="col">Type</th>
          <th scope="col">Status</th>
          <th scope="col">Reported</th>
          <th scope="col">Last activity</th>
        </tr>
      </thead>
      <tbody>
        {errata.map((erratum) => (
          <ErratumRow key={erratum.id} erratum={erratum} />
        ))}
      </tbody>
    </table>
  );
}
