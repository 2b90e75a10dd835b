import React, { useEffect, useState, type ReactNode } from 'react';
import useBaseUrl from '@docusaurus/useBaseUrl';
import type { PdfManifest, PendingPdfManifest } from '@site/src/lib/pdf/manifest';
import styles from './styles.module.css';

/** The manifest beside the PDF: `file` is null when the site was built without its PDF. */
type Manifest = PdfManifest | PendingPdfManifest;

function size(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * "Download PDF" with the PDF's size and page count. The PDF is rendered after the site build,
 * so its size is read from its manifest when the page loads; the link works without it. A site
 * built without the PDF says so in the manifest, and the link goes.
 */
export default function PdfDownload(): ReactNode {
  const pdf = useBaseUrl('/pkcs11-fork-guide.pdf');
  const manifestUrl = useBaseUrl('/pkcs11-fork-guide.pdf.json');
  const [manifest, setManifest] = useState<Manifest>();
  useEffect(() => {
    let live = true;
    fetch(manifestUrl)
      .then((response) => (response.ok ? (response.json() as Promise<Manifest>) : undefined))
      .then((data) => {
        if (live && data) setManifest(data);
      })
      .catch(() => {
        // No manifest (`npm start`): the plain link stays.
      });
    return () => {
      live = false;
    };
  }, [manifestUrl]);
  if (manifest?.file === null) return null;
  return (
    <p className={`pdf-download ${styles.download}`}>
      <a href={pdf} download>
        Download PDF
      </a>{' '}
      <span className={styles.detail}>
        {manifest
          ? `(the whole guide, ${manifest.pages} pages, ${size(manifest.bytes)})`
          : '(the whole guide)'}
      </span>
    </p>
  );
}
