/**
 * Docusaurus plugin: writes the pending PDF manifest (src/lib/pdf/manifest.ts) into every build.
 * The PDF step, when it runs, replaces it with the real one; until then the guide pages learn from
 * it that there is no PDF to offer, instead of requesting a file that is not there.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from '@docusaurus/types';
import { PDF_MANIFEST, PENDING_PDF_MANIFEST } from '../../lib/pdf/manifest';

export default function pluginPdfManifest(): Plugin {
  return {
    name: 'pdf-manifest',
    async postBuild({ outDir }) {
      await writeFile(
        path.join(outDir, PDF_MANIFEST),
        `${JSON.stringify(PENDING_PDF_MANIFEST, null, 2)}\n`,
      );
    },
  };
}
