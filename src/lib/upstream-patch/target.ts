/**
 * Which TC document the proposed text goes to, and the date of its revision row: the
 * `--document` and `--date` of `guide upstream-patch`, read once for the patch and the pull request.
 */
import { UPSTREAM_DOCUMENTS, type UpstreamDocument } from '../../config';
import { InvalidInputError } from '../errors';

export interface UpstreamTarget {
  /** The errata document id, a key of UPSTREAM_DOCUMENTS. */
  id: string;
  document: UpstreamDocument;
  date: Date;
}

/** Defaults: the first mapped document, today. */
export function upstreamTarget(values: { document?: string; date?: string }): UpstreamTarget {
  const id = values.document ?? Object.keys(UPSTREAM_DOCUMENTS)[0] ?? '';
  const document = UPSTREAM_DOCUMENTS[id];
  if (document === undefined)
    throw new InvalidInputError(
      `--document ${id} has no entry in UPSTREAM_DOCUMENTS (src/config.ts); expected one of: ${Object.keys(UPSTREAM_DOCUMENTS).join(', ')}`,
    );
  const date = values.date === undefined ? new Date() : new Date(`${values.date}T00:00:00Z`);
  if (Number.isNaN(date.getTime()))
    throw new InvalidInputError(`--date ${values.date ?? ''} is not a date; expected YYYY-MM-DD`);
  return { id, document, date };
}
