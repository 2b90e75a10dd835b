import React, { type ReactNode } from 'react';
import Link from '@docusaurus/Link';
import Heading from '@theme/Heading';
import Layout from '@theme/Layout';
import type { ErratumView } from '../../plugins/errata/view';
import { RobotsMeta, type ErrataPageProps } from './ErrataPageProps';
import RecordMarkdown from './RecordMarkdown';
import StatusBadge from './StatusBadge';
import styles from './errata.module.css';

/** One erratum: every field, its history as a timeline, its threads, and the text before and after. */
export default function ErratumPage({
  erratum,
  indexRoute,
  noIndex,
}: ErrataPageProps & { erratum: ErratumView }): ReactNode {
  return (
    <Layout
      title={`${erratum.id}: ${erratum.title}`}
      description={`Erratum ${erratum.id} on the PKCS #11 Usage Guide, ${erratum.statusLabel.toLowerCase()}.`}
    >
      <RobotsMeta noIndex={noIndex} />
      <main className="container margin-vert--lg errata-page">
        <p>
          <Link to={indexRoute}>All errata</Link>
        </p>
        <Heading as="h1">
          {erratum.id}: {erratum.title}
        </Heading>
        <dl className={styles.fields}>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={erratum.status} label={erratum.statusLabel} />
          </dd>
          <dt>Type</dt>
          <dd>{erratum.type}</dd>
          <dt>Affects</dt>
          <dd>
            {erratum.affects.map((affected, index) => (
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
            ))}
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

        <Heading as="h2" id="summary">
          Summary
        </Heading>
        <RecordMarkdown tree={erratum.summary} />

        <Heading as="h2" id="text">
          The text and the proposal
        </Heading>
        {erratum.diff ? (
          <>
            <p>
              The change, word by word (<del>removed</del>, <ins>added</ins>):
            </p>
            <blockquote className={styles.diff}>
              {erratum.diff.map((segment, index) => {
                const text = `${index === 0 ? '' : ' '}${segment.text}`;
                if (segment.kind === 'removed') return <del key={index}>{text}</del>;
                if (segment.kind === 'added') return <ins key={index}>{text}</ins>;
                return <span key={index}>{text}</span>;
              })}
            </blockquote>
            <p>
              <Link to={erratum.anchor}>Read the revised section in full</Link>
            </p>
          </>
        ) : (
          <div className={styles.sideBySide}>
            <section aria-labelledby="original">
              <Heading as="h3" id="original">
                As published
              </Heading>
              <RecordMarkdown tree={erratum.original} />
            </section>
            <section aria-labelledby="proposed">
              <Heading as="h3" id="proposed">
                Proposed
              </Heading>
              {erratum.proposed ? (
                <RecordMarkdown tree={erratum.proposed} />
              ) : (
                <p>No replacement text was proposed.</p>
              )}
              <p>
                <Link to={erratum.anchor}>Read the revised section in full</Link>
              </p>
            </section>
          </div>
        )}

        {erratum.evidence.length > 0 && (
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
        )}

        {erratum.resolution && (
          <>
            <Heading as="h2" id="resolution">
              Resolution
            </Heading>
            <p>
              {erratum.resolution.date}, {erratum.resolution.where}
            </p>
            <RecordMarkdown tree={erratum.resolution.decision} />
          </>
        )}

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

        <Heading as="h2" id="threads">
          Threads
        </Heading>
        {erratum.threads.length === 0 ? (
          <p>No thread is recorded yet.</p>
        ) : (
          <ul>
            {erratum.threads.map((thread) => (
              <li key={`${thread.kind}-${thread.label}`}>
                {thread.url ? <a href={thread.url}>{thread.label}</a> : thread.label} (
                {thread.detail}; last activity {thread.lastActivity})
              </li>
            ))}
          </ul>
        )}
      </main>
    </Layout>
  );
}
