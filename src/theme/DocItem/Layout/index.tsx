import React, { type ReactNode } from 'react';
import clsx from 'clsx';
import { useDoc } from '@docusaurus/plugin-content-docs/client';
import ContentVisibility from '@theme/ContentVisibility';
import DocBreadcrumbs from '@theme/DocBreadcrumbs';
import type { Props } from '@theme/DocItem/Layout';
import DocItemContent from '@theme/DocItem/Content';
import DocItemFooter from '@theme/DocItem/Footer';
import DocItemPaginator from '@theme/DocItem/Paginator';
import DocItemTOCDesktop from '@theme/DocItem/TOC/Desktop';
import DocItemTOCMobile from '@theme/DocItem/TOC/Mobile';
import DocVersionBadge from '@theme/DocVersionBadge';
import DocVersionBanner from '@theme/DocVersionBanner';
import styles from '@docusaurus/theme-classic/lib/theme/DocItem/Layout/styles.module.css';
import { useAdoptedLinks } from '@site/src/components/ServerRendered';

/**
 * Docusaurus's DocItemLayout (theme-classic 3.10) with both tables of contents always rendered.
 * The original renders both on the server, then, once useWindowSize() knows the screen, drops
 * the desktop one on a phone: a render of the page's layout after hydration. Both have CSS that
 * hides them where they do not belong (TOC: at most 996 px; TOC/Mobile: from 997 px and in
 * print), so the page looks the same and React has nothing to do. It also wires the links of
 * the blocks the browser adopted without hydrating (src/components/ServerRendered).
 */
export default function DocItemLayout({ children }: Props): ReactNode {
  const { frontMatter, toc, metadata } = useDoc();
  const hidden = frontMatter.hide_table_of_contents;
  const canRender = !hidden && toc.length > 0;
  useAdoptedLinks();
  return (
    <div className="row">
      <div className={clsx('col', !hidden && styles.docItemCol)}>
        <ContentVisibility metadata={metadata} />
        <DocVersionBanner />
        <div className={styles.docItemContainer}>
          <article>
            <DocBreadcrumbs />
            <DocVersionBadge />
            {canRender && <DocItemTOCMobile />}
            <DocItemContent>{children}</DocItemContent>
            <DocItemFooter />
          </article>
          <DocItemPaginator />
        </div>
      </div>
      {canRender && (
        <div className="col col--3">
          <DocItemTOCDesktop />
        </div>
      )}
    </div>
  );
}
