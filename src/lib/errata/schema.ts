/**
 * The erratum record (ARCHITECTURE.md, "The erratum record"); this schema is the truth. Fields are split
 * into those a maintainer writes (human-owned) and those the syncs write (sync-owned): a sync never
 * edits a human-owned field of a published record. Rules that span fields or files (history,
 * anchors, ids, e-mail addresses) live in `rules.ts`, so the generated JSON Schema stays exact.
 * The sync-owned threads are thread-schema.ts; the inbox's files, inbox-schema.ts.
 */
import * as z from 'zod';
import { OASIS_DOCUMENTS } from '../../data/oasis-documents';
import { date, ERRATUM_ID, text } from './field-schemas';
import { Thread } from './thread-schema';

/** Borrowed from the RFC Editor's errata states; `held-for-revision` = "held for document update". */
export const STATUSES = [
  'reported',
  'under-review',
  'accepted',
  'rejected',
  'held-for-revision',
  'resolved',
] as const;
export type Status = (typeof STATUSES)[number];

/** The RFC Editor's split: technical errata change meaning, editorial ones only wording. */
export const TYPES = ['technical', 'editorial'] as const;
export type ErratumType = (typeof TYPES)[number];

export const DOCUMENT_IDS = OASIS_DOCUMENTS.map((document) => document.id);

export { ERRATUM_ID } from './field-schemas';

/** Where in a document: a numbered section, an appendix, or the front matter before section 1. */
export const SECTION = /^(\d+(\.\d+)*|Appendix [A-Z](\.\d+)*|front matter)$/;

/** How a section is named in text: §2.5.2, Appendix B, front matter. */
export function sectionLabel(section: string): string {
  return /^\d/.test(section) ? `§${section}` : section;
}

export const Affected = z
  .strictObject({
    document: z.enum(DOCUMENT_IDS, {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not a document id of src/data/oasis-documents.ts; expected one of: ${DOCUMENT_IDS.join(', ')}`,
    }),
    section: z
      .string({ error: "expected a section number as quoted text, e.g. '2.5' or 2.5.2" })
      .regex(SECTION, {
        error:
          'expected a section number such as 2.5.2, an appendix such as Appendix B, or front matter',
      })
      .meta({
        description:
          'A numbered section (2.5.2), an appendix (Appendix B, Appendix A.1) or front matter (the title page, abstract and notices before section 1).',
      }),
  })
  .meta({ description: 'One section of one OASIS document that the erratum is about.' });

export const Reported = z.strictObject({
  date,
  by: text('the commenter’s name').meta({ description: 'A name, never an e-mail address.' }),
  via: text('the channel (e.g. pkcs11-comment, GitHub)'),
});

export const Resolution = z.strictObject({
  decision: text('the decision'),
  date,
  where: text('where it was decided (a meeting, a ballot, a document)'),
});

export const HistoryEntry = z.strictObject({
  date,
  status: z.enum(STATUSES, {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is not a status; expected one of: ${STATUSES.join(', ')}`,
  }),
  note: text('the note').optional(),
});

/** A heading of this site's docs: its route and heading id. */
const siteAnchor = z
  .string({ error: 'expected the anchor as text, e.g. /guide/#some-heading' })
  .regex(/^\/\S*#[^\s#]+$/, {
    error: 'expected a route and heading id, e.g. /guide/#some-heading',
  });

export const Evidence = z.strictObject({
  title: text('what the page shows'),
  anchor: siteAnchor,
});

/** Written by maintainers; a sync never changes these in a published record. */
export const humanOwnedShape = {
  id: z
    .string({ error: 'expected the id as text, e.g. E-0001' })
    .regex(ERRATUM_ID, { error: 'expected an id E-NNNN, e.g. E-0001' })
    .meta({ description: 'E-NNNN; equals the file name. Given by `npm run errata -- new`.' }),
  title: text('the title').meta({ description: 'One line saying what is wrong.' }),
  type: z
    .enum(TYPES, {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not a type; expected one of: ${TYPES.join(', ')}`,
    })
    .meta({ description: 'technical: changes meaning; editorial: wording only.' }),
  status: z
    .enum(STATUSES, {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not a status; expected one of: ${STATUSES.join(', ')}`,
    })
    .meta({
      description:
        'reported → under-review → accepted | rejected | held-for-revision; accepted and held-for-revision → resolved.',
    }),
  affects: z
    .array(Affected, { error: 'expected a list of {document, section}' })
    .min(1, { error: 'name at least one affected document and section' }),
  anchor: siteAnchor.meta({
    description: 'Route and heading id of the page that carries the fix.',
  }),
  reported: Reported.meta({ description: 'When, by whom (a name) and through which channel.' }),
  summary: text('the summary').meta({ description: 'The comment in our own words.' }),
  original: text('the original text (a short quote or a paraphrase)').meta({
    description: 'The text as published: a short quote or a paraphrase.',
  }),
  proposed: text('the proposed text')
    .optional()
    .meta({ description: 'The replacement text, when there is one.' }),
  evidence: z.array(Evidence, { error: 'expected a list of {title, anchor}' }).optional().meta({
    description:
      'Pages of this site that carry the evidence (measurements, field reports): a line saying what each shows, and its route and heading id.',
  }),
  resolution: Resolution.optional().meta({
    description: 'The decision; required once the status is accepted, rejected, held or resolved.',
  }),
  history: z
    .array(HistoryEntry, { error: 'expected a list of {date, status, note}' })
    .min(1, { error: 'the history needs at least the reported entry' })
    .meta({
      description:
        'Dated status changes, oldest first; the first is reported, the last equals status.',
    }),
} as const;

/** Written by the syncs (mail archive, GitHub); maintainers do not edit them. */
export const syncOwnedShape = {
  threads: z.array(Thread, { error: 'expected a list of threads' }).optional().meta({
    description:
      'Sync-owned: the mail and GitHub threads about this erratum, written by the syncs. Do not edit.',
  }),
} as const;

export type HumanOwnedField = keyof typeof humanOwnedShape;
export type SyncOwnedField = keyof typeof syncOwnedShape;

/** The fields a sync must never change in a published record. */
export const HUMAN_OWNED_FIELDS = Object.keys(humanOwnedShape) as readonly HumanOwnedField[];
export const SYNC_OWNED_FIELDS = Object.keys(syncOwnedShape) as readonly SyncOwnedField[];

export const Erratum = z.strictObject({ ...humanOwnedShape, ...syncOwnedShape }).meta({
  title: 'PKCS #11 Usage Guide erratum',
  description: 'One record of errata/E-NNNN.yaml.',
});

export type Erratum = z.infer<typeof Erratum>;
export type HistoryEntry = z.infer<typeof HistoryEntry>;
