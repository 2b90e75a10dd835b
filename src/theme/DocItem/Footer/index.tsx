import React, { type ReactNode } from 'react';
import Footer from '@theme-original/DocItem/Footer';
import { useDoc } from '@docusaurus/plugin-content-docs/client';
import PdfDownload from '@site/src/components/PdfDownload';

/** The guide's pages offer the PDF of the whole guide above the usual doc footer. */
export default function FooterWrapper(): ReactNode {
  const { metadata } = useDoc();
  return (
    <>
      {metadata.id.startsWith('guide/') && <PdfDownload />}
      <Footer />
    </>
  );
}
