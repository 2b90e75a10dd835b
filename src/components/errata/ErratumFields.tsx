import React, { type ReactNode } from 'react';
import Link from '@docusaurus/Link';
import type { ErratumView } from '../../plugins/errata/view';
import StatusBadge from './StatusBadge';
import styles from './errata.module.css';

/** The affected documents and sections, each linked to the official document when it has a URL. */
function AffectedList({ affects }: Pick<ErratumView, 'affects'>): ReactNode {
  return affects.map((affected, index) => (
    <span key={`${affected.document} ${affected.section}`}>
      {index > 0 ? '; ' : ''}
      {affected.url === undefined ? (
        `${affected.documentTitle} ${affected.sectionLabel}`
      ) : (
        <Link to={affected.url}>
          {affected.documentTitle} {affected.sectionLabel}
        </Link>
      )}
    </span>
  ));
}

/** An erratum's fields at the top of its page: status, type, affects, reported, activity, fix. */
export default function ErratumFields({ erratum }: { erratum: ErratumView }): ReactNode {
  return (
    <dl className={styles.fields}>
      <dt>Status</dt>
      <dd>
        <StatusBadge status={erratum.status} label={erratum.statusLabel} />
      </dd>
      <dt>Type</dt>
      <dd>{erratum.type}</dd>
      <dt>Affects</dt>
      <dd>
        <AffectedList affects={erratum.affects} />
      </dd>
      <dt>Reported</dt>
      <dd>
        {erratum.reported} by {erratum.reportedBy}, via {erratum.reportedVia}
      </dd>
      <dt>Last activity</dt>
      <dd>{erratum.lastActivity}</dd>
      <dt>Fixed in</dt>
      <dd>
        <Link to={erratum.anchor}>the revised section</Link>
      </dd>
    </dl>
  );
}
