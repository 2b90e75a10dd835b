import React, { type ReactNode } from 'react';
import Link from '@docusaurus/Link';
import Heading from '@theme/Heading';
import type { ErratumView } from '../../plugins/errata/view';
import RecordMarkdown from './RecordMarkdown';
import StatusBadge from './StatusBadge';
import styles from './errata.module.css';

/** The pages of this site that carry the evidence, when the record names any. */
export function ErratumEvidence({ erratum }: { erratum: ErratumView }): ReactNode {
  if (erratum.evidence.length === 0) return null;
  return (
    <>
      <Heading as="h2" id="evidence">
        Evidence
      </Heading>
      <ul>
        {erratum.evidence.map((evidence) => (
          <li key={evidence.anchor}>
            <Link to={evidence.anchor}>{evidence.title}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The TC's decision, once there is one. */
export function ErratumResolution({ erratum }: { erratum: ErratumView }): ReactNode {
  if (!erratum.resolution) return null;
  return (
    <>
      <Heading as="h2" id="resolution">
        Resolution
      </Heading>
      <p>
        {erratum.resolution.date}, {erratum.resolution.where}
      </p>
      <RecordMarkdown tree={erratum.resolution.decision} />
    </>
  );
}

/** The dated status changes as a timeline. */
export function ErratumHistory({ erratum }: { erratum: ErratumView }): ReactNode {
  return (
    <>
      <Heading as="h2" id="history">
        History
      </Heading>
      <ol className={styles.timeline}>
        {erratum.history.map((entry) => (
          <li key={`${entry.date}-${entry.status}`}>
            <time dateTime={entry.date}>{entry.date}</time>{' '}
            <StatusBadge status={entry.status} label={entry.statusLabel} />
            {entry.note && <p>{entry.note}</p>}
          </li>
        ))}
      </ol>
    </>
  );
}

/** The mail and GitHub threads the syncs found. */
export function ErratumThreads({ erratum }: { erratum: ErratumView }): ReactNode {
  return (
    <>
      <Heading as="h2" id="threads">
        Threads
      </Heading>
      {erratum.threads.length === 0 ? (
        <p>No thread is recorded yet.</p>
      ) : (
        <ul>
          {erratum.threads.map((thread) => (
            <li key={`${thread.kind}-${thread.label}`}>
              {thread.url ? <a href={thread.url}>{thread.label}</a> : thread.label} ({thread.detail}
              ; last activity {thread.lastActivity})
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
