import React, { useEffect, useRef, type ReactNode } from 'react';
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

const WITHOUT_MANIFEST = '(the whole guide)';

/**
 * "Download PDF" with the PDF's size and page count. The PDF is rendered after the site build,
 * so its size is read from its manifest when the page loads; the link works without it. A site
 * built without the PDF says so in the manifest, and the link goes.
 *
 * What the manifest says is written into the DOM directly, not through React state: a state
 * change would make React render the page's footer again after every hydration. React never
 * touches the detail's text after the first render (it is set as HTML once), so the write stays.
 */
export default function PdfDownload(): ReactNode {
  const pdf = useBaseUrl('/pkcs11-fork-guide.pdf');
  const manifestUrl = useBaseUrl('/pkcs11-fork-guide.pdf.json');
  const paragraph = useRef<HTMLParagraphElement>(null);
  const detail = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let live = true;
    fetch(manifestUrl)
      .then((response) => (response.ok ? (response.json() as Promise<Manifest>) : undefined))
      .then((manifest) => {
        if (!live || manifest === undefined) return;
        if (manifest.file === null) {
          paragraph.current?.setAttribute('hidden', '');
        } else if (detail.current) {
          detail.current.textContent = `(the whole guide, ${manifest.pages} pages, ${size(manifest.bytes)})`;
        }
      })
      .catch(() => {
        // No manifest (`npm start`): the plain link stays.
      });
    return () => {
      live = false;
    };
  }, [manifestUrl]);
  return (
    <p ref={paragraph} className={`pdf-download ${styles.download}`}>
      <a href={pdf} download>
        Download PDF
      </a>{' '}
      <span
        ref={detail}
        className={styles.detail}
        // Constant, so React sets it once and leaves the manifest's text alone.
        dangerouslySetInnerHTML={{ __html: WITHOUT_MANIFEST }}
      />
    </p>
  );
}
