/**
 * The PDF's manifest, served beside it: the download link on the guide pages reads the size and
 * page count from it. The PDF is rendered from the built site, so the site build first writes a
 * pending manifest (`file: null`), which the PDF step replaces; a site built without the PDF step
 * then says so instead of linking a file that is not there.
 */

/** The file name of the PDF in the built site, and of its manifest. */
export const PDF_FILE = 'pkcs11-fork-guide.pdf';
export const PDF_MANIFEST = 'pkcs11-fork-guide.pdf.json';

export interface PdfManifest {
  file: string;
  bytes: number;
  pages: number;
  commit: string;
  generated: string;
}

export interface PendingPdfManifest {
  file: null;
  /** Why there is no PDF, for a person reading the file. */
  note: string;
}

export const PENDING_PDF_MANIFEST: PendingPdfManifest = {
  file: null,
  note: 'The site was built without its PDF; npm run pdf renders it.',
};
