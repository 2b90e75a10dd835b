import React, { type ReactNode } from 'react';
import useBrokenLinks from '@docusaurus/useBrokenLinks';
import type {
  RecommendationView,
  ShownClaim,
  ShownRecommendation,
} from '@site/src/lib/recommendations/view';
import styles from './styles.module.css';
import ServerRendered from '@site/src/components/ServerRendered';

const AUDIENCES: Readonly<Record<RecommendationView['audience'], string>> = {
  app: 'applications',
  module: 'module implementers',
  wrapper: 'wrapper libraries and runtimes',
};

/** The data src/remark/recommendation-props writes into the page; without it, say so. */
function given<T>(data: T | undefined, element: string): T {
  if (data === undefined) {
    throw new Error(`${element}: no registry data; is src/remark/recommendation-props configured?`);
  }
  return data;
}

/** Registry text is the project's own, but it is still shown as text: `code` spans only. */
function InlineText({ text }: { text: string }): ReactNode {
  return text
    .trim()
    .split(/(`[^`]+`)/)
    .map((part, index) =>
      part.startsWith('`') && part.endsWith('`') && part.length > 1 ? (
        <code key={index}>{part.slice(1, -1)}</code>
      ) : (
        <React.Fragment key={index}>{part}</React.Fragment>
      ),
    );
}

function Evidence({ claim }: { claim: ShownClaim }): ReactNode {
  return (
    <>
      <InlineText text={claim.text} />{' '}
      <span className={styles.measured}>
        {claim.measured === undefined
          ? '(measured: where this page cites it in its text)'
          : `(measured: ${claim.measured}; ${claim.moduleVersion ?? ''})`}
      </span>
    </>
  );
}

/**
 * One recommendation of the registry (docs/guide/recommendations.yaml), shown where the guide
 * discusses it: statement, reason, the tested examples, and the module behaviour measured for it.
 * Its id is a link target (#R-…), registered with the broken-anchor check.
 */
export default function Recommendation({
  id,
  view,
}: {
  id: string;
  view?: ShownRecommendation;
}): ReactNode {
  const brokenLinks = useBrokenLinks();
  const r = given(view, `<Recommendation id="${id}" />`);
  brokenLinks.collectAnchor(r.id);
  const headingId = `${r.id}-title`;
  return (
    <ServerRendered>
      <section id={r.id} className={styles.recommendation} aria-labelledby={headingId}>
        <p className={styles.heading} id={headingId}>
          <a className={styles.id} href={`#${r.id}`}>
            {r.id}
          </a>{' '}
          <strong>{r.title}</strong>
          <span className={styles.audience}>
            For {AUDIENCES[r.audience]}
            {r.since === '3.0' ? '; PKCS #11 3.0 and later' : ''}
          </span>
        </p>
        <p className={styles.statement}>
          <InlineText text={r.statement} />
        </p>
        <p>
          <em>Why:</em> <InlineText text={r.reason} />
        </p>
        <p className={styles.examples}>
          Tested in{' '}
          {r.examples.map((example, index) => (
            <React.Fragment key={example.name}>
              {index > 0 ? ', ' : ''}
              <a href={example.url}>
                <code>examples/{example.name}.c</code>
              </a>
            </React.Fragment>
          ))}
          .
        </p>
        {r.claims.length > 0 && (
          <details className={styles.claims}>
            <summary>How the tested modules behave ({r.claims.length})</summary>
            <ul>
              {r.claims.map((claim) => (
                <li key={claim.id}>
                  <Evidence claim={claim} />
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>
    </ServerRendered>
  );
}

/** A claim about a module's behaviour, in running text, with what was measured. */
export function Claim({ id, claim }: { id: string; claim?: ShownClaim }): ReactNode {
  return <Evidence claim={given(claim, `<Claim id="${id}" />`)} />;
}
