/** `guide upstream-patch --format json`: the patch without the files' texts, which can be long. */
import type { UpstreamPatch } from './patch';

export function patchSummaryJson(documentId: string, patch: UpstreamPatch): string {
  const { files, ...rest } = patch;
  const summary = {
    document: documentId,
    ...rest,
    files: files.map(({ path, blobSha }) => ({ path, blobSha })),
  };
  return `${JSON.stringify(summary, null, 2)}\n`;
}
