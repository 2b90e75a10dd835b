import React, { type ReactNode } from 'react';
import { usePluginData } from '@docusaurus/useGlobalData';
import useBrokenLinks from '@docusaurus/useBrokenLinks';
import type {
  MeasuredClaim,
  RecommendationView,
  RecommendationsData,
} from '@site/src/plugins/recommendations/types';
import styles from './styles.module.css';

const AUDIENCES: Readonly<Record<RecommendationView['audience'], string>> = {
  app: 'applications',
  module: 'module implementers',
  wrapper: 'wrapper libraries and runtimes',
};

function useRegistry(): RecommendationsData {
  return usePluginData('recommendations') as RecommendationsData;
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

function Evidence({ claim }: { claim: MeasuredClaim }): ReactNode {
  return (
    <>
      <InlineText text={claim.text} />{' '}
      <span className={styles.measured}>
        (measured: {claim.measured}; {claim.moduleVersion})
      </span>
    </>
  );
}

/**
 * One recommendation of the registry (docs/guide/recommendations.yaml), shown where the guide
 * discusses it: statement, reason, the tested examples, and the module behaviour measured for it.
 * Its id is a link target (#R-…), registered with the broken-anchor check.
 */
export default function Recommendation({ id }: { id: string }): ReactNode {
  const registry = useRegistry();
  const brokenLinks = useBrokenLinks();
  const r = registry.recommendations.find((candidate) => candidate.id === id);
  if (r === undefined) throw new Error(`<Recommendation id="${id}" />: no such recommendation`);
  brokenLinks.collectAnchor(r.id);
  const headingId = `${r.id}-title`;
  return (
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
  );
}

/** A claim about a module's behaviour, in running text, with what was measured. */
export function Claim({ id }: { id: string }): ReactNode {
  const registry = useRegistry();
  const claim = registry.recommendations
    .flatMap((r) => r.claims)
    .find((candidate) => candidate.id === id);
  if (claim === undefined) throw new Error(`<Claim id="${id}" />: no such claim`);
  return <Evidence claim={claim} />;
}
