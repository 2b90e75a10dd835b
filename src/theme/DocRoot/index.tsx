import React, { type ReactNode } from 'react';
import Head from '@docusaurus/Head';
import { useActivePlugin } from '@docusaurus/plugin-content-docs/client';
import DocRoot from '@theme-original/DocRoot';
import type DocRootType from '@theme/DocRoot';
import type { WrapperProps } from '@docusaurus/types';

type Props = WrapperProps<typeof DocRootType>;

/** Pages of the `dogfood` instance are test fixtures: keep them out of search engines and the sitemap. */
export default function DocRootWrapper(props: Props): ReactNode {
  const plugin = useActivePlugin();
  return (
    <>
      {plugin?.pluginId === 'dogfood' && (
        <Head>
          <meta name="robots" content="noindex, nofollow" />
        </Head>
      )}
      <DocRoot {...props} />
    </>
  );
}
