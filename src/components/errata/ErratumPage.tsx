import React, { type ReactNode } from 'react';
import Link from '@docusaurus/Link';
import Heading from '@theme/Heading';
import Layout from '@theme/Layout';
import type { ErratumView } from '../../plugins/errata/view';
import { RobotsMeta, type ErrataPageProps } from './ErrataPageProps';
import ErratumFields from './ErratumFields';
import {
  ErratumEvidence,
  ErratumHistory,
  ErratumResolution,
  ErratumThreads,
} from './ErratumRecord';
import ErratumText from './ErratumText';
import RecordMarkdown from './RecordMarkdown';

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
        <ErratumFields erratum={erratum} />
        <Heading as="h2" id="summary">
          Summary
        </Heading>
        <RecordMarkdown tree={erratum.summary} />
        <ErratumText erratum={erratum} />
        <ErratumEvidence erratum={erratum} />
        <ErratumResolution erratum={erratum} />
        <ErratumHistory erratum={erratum} />
        <ErratumThreads erratum={erratum} />
      </main>
    </Layout>
  );
}
