/**
 * Where the errata live in a checkout, and which JSON Schema each kind of file names on its first
 * line. The schema paths are relative to the file, so an editor finds the schema of the same
 * checkout (records and schema change together in one commit) without a network or a deployment.
 */
import path from 'node:path';
import { SITE_DOCS_INSTANCES, type DocsInstance } from '../docs-headings';

export interface ErrataPaths {
  /** The site (repository) folder. */
  siteDir: string;
  /** errata/: one E-NNNN.yaml per erratum. */
  errataDir: string;
  /** errata/inbox/: proposals made by the syncs. */
  inboxDir: string;
  /** errata/inbox/ignored.yaml: screened-out threads. */
  ignoredFile: string;
  /** Docs whose headings anchors may point at. */
  docsInstances: readonly DocsInstance[];
}

export function errataPaths(
  siteDir: string,
  errataDir = path.join(siteDir, 'errata'),
): ErrataPaths {
  return {
    siteDir,
    errataDir,
    inboxDir: path.join(errataDir, 'inbox'),
    ignoredFile: path.join(errataDir, 'inbox', 'ignored.yaml'),
    docsInstances: SITE_DOCS_INSTANCES,
  };
}

/** Schema files under static/ (served at /schemas/… by the site). */
export const SCHEMA_FILES = {
  erratum: 'static/schemas/erratum.schema.json',
  proposal: 'static/schemas/erratum-proposal.schema.json',
  ignored: 'static/schemas/errata-ignored.schema.json',
} as const;

/** The `$schema` path written on the first line of each kind of file. */
export const SCHEMA_REFERENCES = {
  erratum: `../${SCHEMA_FILES.erratum}`,
  proposal: `../../${SCHEMA_FILES.proposal}`,
  ignored: `../../${SCHEMA_FILES.ignored}`,
} as const;

/** A path as findings show it: relative to the site folder, POSIX separators. */
export function displayPath(paths: ErrataPaths, absolute: string): string {
  const relative = path.relative(paths.siteDir, absolute);
  return relative.startsWith('..') ? absolute : relative.split(path.sep).join('/');
}
