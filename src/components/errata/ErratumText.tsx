import React, { type ReactNode } from 'react';
import Link from '@docusaurus/Link';
import Heading from '@theme/Heading';
import type { ErratumView } from '../../plugins/errata/view';
import RecordMarkdown from './RecordMarkdown';
import styles from './errata.module.css';

/** The change word by word, when the original and the proposal are short enough to compare. */
function WordDiff({ erratum }: { erratum: ErratumView }): ReactNode {
  return (
    <>
      <p>
        The change, word by word (<del>removed</del>, <ins>added</ins>):
      </p>
      <blockquote className={styles.diff}>
        {erratum.diff?.map((segment, index) => {
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
  );
}

/** The published text and the proposal, side by side. */
function SideBySide({ erratum }: { erratum: ErratumView }): ReactNode {
  return (
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
  );
}

/** "The text and the proposal": a word diff when the view has one, else both texts. */
export default function ErratumText({ erratum }: { erratum: ErratumView }): ReactNode {
  return (
    <>
      <Heading as="h2" id="text">
        The text and the proposal
      </Heading>
      {erratum.diff ? <WordDiff erratum={erratum} /> : <SideBySide erratum={erratum} />}
    </>
  );
}
