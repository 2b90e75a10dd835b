/**
 * The official OASIS PKCS 11 TC documents this site refers to, as published on
 * docs.oasis-open.org. Every entry was checked against the document's own front matter
 * ("This stage" / "This version" URLs, stage name and date); see docs/usage-guide.md, "Sources".
 *
 * URLs name a fixed stage (cn01, cn02, csd01, cs01, os, errata01/os), never the moving
 * "latest stage" address, so a link keeps pointing at the text it was written against.
 * The 2.40 documents list `http://` addresses; the same paths are served over `https://`.
 */

/** A PKCS #11 version this site tracks. */
export type Pkcs11Version = '2.40' | '3.2';

/**
 * OASIS stage of a published work product:
 * `CN` Committee Note, `CSD` Committee Specification Draft, `CS` Committee Specification,
 * `OS` OASIS Standard, `OS-Errata01` OASIS Standard incorporating Approved Errata 01.
 */
export type OasisStage = 'CN01' | 'CN02' | 'CSD01' | 'CS01' | 'OS' | 'OS-Errata01';

/** One published stage of one OASIS document. */
export interface OasisDocument {
  /** Stable id used by pages and errata records, e.g. `ug-3.2-cn01`. */
  readonly id: string;
  /** Title as printed on the document's cover page. */
  readonly title: string;
  /** PKCS #11 version the document belongs to. */
  readonly version: Pkcs11Version;
  /** Stage code, as used in the document's file names. */
  readonly stage: OasisStage;
  /** Stage as printed on the cover page, e.g. `Committee Note 01`. */
  readonly stageName: string;
  /** Date of the stage, ISO 8601 (`YYYY-MM-DD`). */
  readonly date: string;
  /** HTML rendering of this stage. */
  readonly htmlUrl: string;
  /** PDF rendering of this stage. */
  readonly pdfUrl: string;
}

const BASE = 'https://docs.oasis-open.org/pkcs11';

/** The documents, newest Usage Guide first, then the specifications they relate to. */
export const OASIS_DOCUMENTS = [
  {
    id: 'ug-3.2-cn01',
    title: 'PKCS #11 Cryptographic Token Interface Usage Guide Version 3.2',
    version: '3.2',
    stage: 'CN01',
    stageName: 'Committee Note 01',
    date: '2025-04-15',
    htmlUrl: `${BASE}/pkcs11-ug/v3.2/cn01/pkcs11-ug-v3.2-cn01.html`,
    pdfUrl: `${BASE}/pkcs11-ug/v3.2/cn01/pkcs11-ug-v3.2-cn01.pdf`,
  },
  {
    id: 'ug-2.40-cn02',
    title: 'PKCS #11 Cryptographic Token Interface Usage Guide Version 2.40',
    version: '2.40',
    stage: 'CN02',
    stageName: 'Committee Note 02',
    date: '2014-11-16',
    htmlUrl: `${BASE}/pkcs11-ug/v2.40/cn02/pkcs11-ug-v2.40-cn02.html`,
    pdfUrl: `${BASE}/pkcs11-ug/v2.40/cn02/pkcs11-ug-v2.40-cn02.pdf`,
  },
  {
    id: 'ug-2.40-cn01',
    title: 'PKCS #11 Cryptographic Token Interface Usage Guide Version 2.40',
    version: '2.40',
    stage: 'CN01',
    stageName: 'Committee Note 01',
    date: '2014-09-16',
    htmlUrl: `${BASE}/pkcs11-ug/v2.40/cn01/pkcs11-ug-v2.40-cn01.html`,
    pdfUrl: `${BASE}/pkcs11-ug/v2.40/cn01/pkcs11-ug-v2.40-cn01.pdf`,
  },
  {
    id: 'spec-3.2-cs01',
    title: 'PKCS #11 Specification Version 3.2',
    version: '3.2',
    stage: 'CS01',
    stageName: 'Committee Specification 01',
    date: '2025-11-14',
    htmlUrl: `${BASE}/pkcs11-spec/v3.2/cs01/pkcs11-spec-v3.2-cs01.html`,
    pdfUrl: `${BASE}/pkcs11-spec/v3.2/cs01/pkcs11-spec-v3.2-cs01.pdf`,
  },
  {
    id: 'spec-3.2-csd01',
    title: 'PKCS #11 Specification Version 3.2',
    version: '3.2',
    stage: 'CSD01',
    stageName: 'Committee Specification Draft 01',
    date: '2025-04-16',
    htmlUrl: `${BASE}/pkcs11-spec/v3.2/csd01/pkcs11-spec-v3.2-csd01.html`,
    pdfUrl: `${BASE}/pkcs11-spec/v3.2/csd01/pkcs11-spec-v3.2-csd01.pdf`,
  },
  {
    id: 'base-2.40-os',
    title: 'PKCS #11 Cryptographic Token Interface Base Specification Version 2.40',
    version: '2.40',
    stage: 'OS',
    stageName: 'OASIS Standard',
    date: '2015-04-14',
    htmlUrl: `${BASE}/pkcs11-base/v2.40/os/pkcs11-base-v2.40-os.html`,
    pdfUrl: `${BASE}/pkcs11-base/v2.40/os/pkcs11-base-v2.40-os.pdf`,
  },
  {
    id: 'base-2.40-errata01-os',
    title: 'PKCS #11 Cryptographic Token Interface Base Specification Version 2.40 Plus Errata 01',
    version: '2.40',
    stage: 'OS-Errata01',
    stageName: 'OASIS Standard Incorporating Approved Errata 01',
    date: '2016-05-13',
    htmlUrl: `${BASE}/pkcs11-base/v2.40/errata01/os/pkcs11-base-v2.40-errata01-os-complete.html`,
    pdfUrl: `${BASE}/pkcs11-base/v2.40/errata01/os/pkcs11-base-v2.40-errata01-os-complete.pdf`,
  },
] as const satisfies readonly OasisDocument[];

/** Id of one of the documents above. */
export type OasisDocumentId = (typeof OASIS_DOCUMENTS)[number]['id'];

/** The document with the given id (ids are checked at compile time). */
export function oasisDocument(id: OasisDocumentId): OasisDocument {
  const found = OASIS_DOCUMENTS.find((document) => document.id === id);
  if (found === undefined) {
    // Unreachable while the id type is derived from the list; kept for JavaScript callers.
    throw new Error(`unknown OASIS document id: ${id}`);
  }
  return found;
}
