import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Plugin } from '@docusaurus/types';
import { describe, expect, test } from 'vitest';
import { PDF_MANIFEST, PENDING_PDF_MANIFEST } from '../../src/lib/pdf/manifest';
import pluginPdfManifest from '../../src/plugins/pdf-manifest';

describe('the pdf-manifest plugin', () => {
  test('writes the pending manifest, which names no file, into every build', async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), 'pdf-manifest-'));
    try {
      const plugin = pluginPdfManifest();
      // The hook reads only outDir of what Docusaurus hands it.
      type PostBuildProps = Parameters<NonNullable<Plugin['postBuild']>>[0];
      await plugin.postBuild?.({ outDir } as PostBuildProps);
      const written = JSON.parse(
        await readFile(path.join(outDir, PDF_MANIFEST), 'utf8'),
      ) as unknown;
      expect(written).toEqual(PENDING_PDF_MANIFEST);
      expect(PENDING_PDF_MANIFEST.file).toBeNull();
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
