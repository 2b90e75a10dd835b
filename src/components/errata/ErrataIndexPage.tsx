import React, { type ReactNode } from 'react';
import Link from '@docusaurus/Link';
import useBaseUrl from '@docusaurus/useBaseUrl';
import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import Heading from '@theme/Heading';
import Layout from '@theme/Layout';
import type { ErrataIndexData } from '../../plugins/errata/view';
import ErrataFilters, { selectErrata, useErrataQuery } from './ErrataFilters';
import { RobotsMeta, type ErrataPageProps } from './ErrataPageProps';
import ErrataTable from './ErrataTable';

interface Props extends ErrataPageProps {
  errata: ErrataIndexData;
}

/** What the index is, and the other forms of the same data (log, feeds). */
function ErrataIntro({ indexRoute, feeds }: Pick<Props, 'indexRoute' | 'feeds'>): ReactNode {
  const jsonFeedUrl = useBaseUrl('/errata.json');
  const atomFeedUrl = useBaseUrl('/errata.atom');
  return (
    <p>
      Every comment on the Usage Guide that this project tracks, with its status. Each record
      follows its thread on the OASIS lists through to the TC&apos;s decision. Also as the{' '}
      <Link to={`${indexRoute}/resolution-log`}>Comment Resolution Log</Link>
      {feeds && (
        <>
          , a <a href={jsonFeedUrl}>JSON feed</a> and an{' '}
          <a href={atomFeedUrl}>Atom feed of status changes</a>
        </>
      )}
      .
    </p>
  );
}

/** Where to report a new erratum: a GitHub issue form, or the TC's comment list. */
function ReportAnErratum(): ReactNode {
  const { siteConfig } = useDocusaurusContext();
  const newIssueUrl = `https://github.com/${siteConfig.organizationName ?? ''}/${siteConfig.projectName ?? ''}/issues/new?template=erratum.yml`;
  return (
    <>
      <Heading as="h2" id="report">
        Report an erratum
      </Heading>
      <p>
        Found a problem in the Usage Guide or in the revised section?{' '}
        <a href={newIssueUrl}>Open an erratum report on GitHub</a>, or write to the PKCS 11
        TC&apos;s comment list, <code>pkcs11-comment@lists.oasis-open.org</code> (subscription
        required; comments sent there fall under the OASIS Feedback License). New reports appear
        here once a maintainer has screened them.
      </p>
    </>
  );
}

/** The errata index: filters and sort order live in the URL, so a filtered view can be shared. */
export default function ErrataIndexPage({
  errata: data,
  indexRoute,
  noIndex,
  feeds,
}: Props): ReactNode {
  const errataQuery = useErrataQuery();
  const shown = selectErrata(data.errata, errataQuery);
  return (
    <Layout
      title="Errata"
      description="Comments on the PKCS #11 Usage Guide, tracked from their thread to their resolution."
    >
      <RobotsMeta noIndex={noIndex} />
      <main className="container margin-vert--lg errata-page">
        <Heading as="h1">Errata</Heading>
        <ErrataIntro indexRoute={indexRoute} feeds={feeds} />
        <ErrataFilters data={data} errataQuery={errataQuery} />
        <p role="status">
          {shown.length} of {data.errata.length} errata shown
        </p>
        <ErrataTable errata={shown} />
        <ReportAnErratum />
      </main>
    </Layout>
  );
}
