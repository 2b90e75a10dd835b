import React, { type ReactNode } from 'react';
import Head from '@docusaurus/Head';

/** Route props the errata plugin gives every errata page (src/plugins/errata). */
export interface ErrataPageProps {
  /** Route of this instance's index, without the base URL, e.g. `/errata`. */
  indexRoute: string;
  /** Fixture pages stay out of search engines and the sitemap. */
  noIndex: boolean;
  /** Whether this instance publishes the JSON and Atom feeds and the CSV log. */
  feeds: boolean;
}

export function RobotsMeta({ noIndex }: Pick<ErrataPageProps, 'noIndex'>): ReactNode {
  return noIndex ? (
    <Head>
      <meta name="robots" content="noindex, nofollow" />
    </Head>
  ) : null;
}
