/**
 * The erratum record (ARCHITECTURE.md, "The erratum record"); this schema is the truth. Fields are split
 * into those a maintainer writes (human-owned) and those the syncs write (sync-owned): a sync never
 * edits a human-owned field of a published record. Rules that span fields or files (history,
 * anchors, ids, e-mail addresses) live in `rules.ts`, so the generated JSON Schema stays exact.
 */
import * as z from 'zod';
import { OASIS_DOCUMENTS } from '../../data/oasis-documents';

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

export const ERRATUM_ID = /^E-\d{4,}$/;

// ISO 8601 calendar date, or a reduced-precision month (`2015-05`) when the day is not known.
const DATE = /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const text = (what: string) =>
  z
    .string({ error: `expected ${what} as text` })
    .refine((value) => value.trim() !== '', { error: `${what} is empty` });

const date = z
  .string({ error: 'expected a date as text, e.g. 2015-05-10' })
  .regex(DATE, { error: 'expected a date YYYY-MM-DD (or YYYY-MM when the day is unknown)' })
  .meta({ description: 'YYYY-MM-DD, or YYYY-MM when the day is not known.' });

const timestamp = z
  .string({ error: 'expected a date or date-time as text, e.g. 2015-05-10T12:55:00Z' })
  .refine((value) => DATE.test(value) || DATE_TIME.test(value), {
    error: 'expected YYYY-MM-DD, YYYY-MM or an ISO 8601 date-time with a zone (…T12:55:00Z)',
  })
  .meta({ description: 'YYYY-MM-DD, YYYY-MM, or an ISO 8601 date-time with a time zone.' });

const url = z
  .string({ error: 'expected a URL as text' })
  .regex(/^https:\/\/\S+$/, { error: 'expected an https:// URL' });

const count = z
  .number({ error: 'expected a count (a whole number)' })
  .int({ error: 'expected a whole number' })
  .min(0, { error: 'a count cannot be negative' });

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

const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;

export const MailThread = z
  .strictObject({
    kind: z.literal('mail'),
    list: text('the list name (e.g. pkcs11-comment)'),
    messageId: z
      .string({ error: 'expected the Message-ID as text' })
      .regex(MESSAGE_ID, { error: 'expected a Message-ID in angle brackets, <left@right>' })
      .optional()
      .meta({ description: 'Message-ID of the first message, in angle brackets.' }),
    // Some list archives (OASIS's among them for years) answer on plain http as well.
    archiveUrl: z
      .string({ error: 'expected a URL as text' })
      .regex(/^https?:\/\/\S+$/, { error: 'expected an http:// or https:// URL' })
      .optional()
      .meta({ description: 'The archived page of the first message of the thread on this list.' }),
    subject: text('the subject'),
    messages: count,
    lastActivity: timestamp,
    movedFrom: z
      .array(
        z.strictObject({
          archiveUrl: z
            .string({ error: 'expected a URL as text' })
            .regex(/^https?:\/\/\S+$/, { error: 'expected an http:// or https:// URL' }),
          date,
        }),
      )
      .optional()
      .meta({
        description:
          'Earlier archive URLs of the same message (the archive renumbered its month), with the date the sync moved the citation.',
      }),
  })
  .refine((thread) => thread.messageId !== undefined || thread.archiveUrl !== undefined, {
    error: 'a mail thread needs a messageId or an archiveUrl (or both)',
  });

export const GitHubThread = z.strictObject({
  kind: z.literal('github'),
  repository: z
    .string({ error: 'expected owner/name as text' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/, { error: 'expected owner/name' }),
  issue: z.number({ error: 'expected the issue number' }).int().positive(),
  url,
  state: z.enum(['open', 'closed'], { error: 'expected open or closed' }),
  labels: z.array(text('a label')),
  comments: count,
  linkedPullRequests: z.array(url),
  lastActivity: timestamp,
});

/**
 * A finding of the project's audit of the TC's sources (`npm run guide -- audit --propose`): the
 * erratum's source when a check, not a person, reported it. `key` identifies the finding across
 * runs (the check, the chapter file, the finding's sentence and the flagged text; never its line),
 * so a finding that has a record, a proposal or a tombstone is not proposed again.
 */
export const AuditThread = z.strictObject({
  kind: z.literal('audit'),
  key: z
    .string({ error: 'expected the finding key as text, e.g. audit-0123456789abcdef' })
    .regex(/^audit-[0-9a-f]{16}$/, {
      error: 'expected audit- and 16 hex digits, as npm run guide -- audit --propose writes it',
    })
    .meta({ description: 'The finding key; it does not depend on the line.' }),
  check: z
    .string({ error: 'expected the check name as text, e.g. spelling' })
    .regex(/^[a-z0-9-]+$/, { error: 'expected a check name such as pkcs11-identifiers' }),
  file: text('the chapter file (e.g. working/doc/ug/General_Overview.md)'),
  line: z
    .number({ error: 'expected the line as a whole number' })
    .int({ error: 'expected a whole number' })
    .positive({ error: 'lines count from 1' })
    .meta({ description: 'The line where the run found it (not part of the key).' }),
  source: text('the folder the audit read (e.g. working/doc/ug)'),
  commit: z
    .string({ error: 'expected the commit as text' })
    .regex(/^[0-9a-f]{7,40}$/, { error: 'expected a git commit (7 to 40 hex digits)' })
    .optional()
    .meta({ description: 'The commit of the sources the audit read, when known.' }),
  found: date.meta({ description: 'The date of the audit run that found it.' }),
});

/**
 * A change the GitHub sync's drift watch saw in the TC's sources: the section an erratum affects
 * changed (or went) at a commit of the TC's repository. Only proposals carry these.
 */
export const UpstreamThread = z.strictObject({
  kind: z.literal('upstream'),
  erratum: z
    .string({ error: 'expected the erratum id as text, e.g. E-0001' })
    .regex(ERRATUM_ID, { error: 'expected an id E-NNNN' })
    .meta({ description: 'The erratum whose affected section changed.' }),
  repository: z
    .string({ error: 'expected owner/name as text' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/, { error: 'expected owner/name' }),
  path: text('the file path in the repository'),
  section: z
    .string({ error: "expected a section number as quoted text, e.g. '2.5.2'" })
    .regex(/^\d+(\.\d+)*$/, { error: 'expected a section number such as 2.5.2' }),
  commit: z
    .string({ error: 'expected the commit SHA as text' })
    .regex(/^[0-9a-f]{40}$/, { error: 'expected a 40-digit commit SHA' })
    .meta({ description: 'The commit the changed section was first seen at.' }),
  url,
  lastActivity: timestamp,
});

export const Thread = z.discriminatedUnion(
  'kind',
  [MailThread, GitHubThread, AuditThread, UpstreamThread],
  { error: 'expected kind: mail, github, audit or upstream' },
);

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
export type Thread = z.infer<typeof Thread>;
export type MailThread = z.infer<typeof MailThread>;
export type GitHubThread = z.infer<typeof GitHubThread>;
export type AuditThread = z.infer<typeof AuditThread>;
export type UpstreamThread = z.infer<typeof UpstreamThread>;
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/**
 * A sync's proposal in errata/inbox/: what it can fill from a thread. Screening adds the rest.
 * The file name is the source key of its first thread (see `ids.ts`).
 */
export const InboxProposal = z
  .strictObject({
    title: text('the title'),
    reported: Reported,
    summary: text('the summary').optional(),
    type: humanOwnedShape.type.optional(),
    affects: z.array(Affected).optional(),
    original: text('the original text (a short quote)').optional(),
    proposed: text('the proposed text').optional(),
    threads: z
      .array(Thread, { error: 'expected a list of threads' })
      .min(1, { error: 'a proposal needs the thread it came from' }),
  })
  .meta({ title: 'Erratum proposal', description: 'One file of errata/inbox/, made by a sync.' });
export type InboxProposal = z.infer<typeof InboxProposal>;

/** errata/inbox/ignored.yaml: threads screened out, so no sync proposes them again. */
export const IgnoredList = z
  .strictObject({
    ignored: z.array(
      z.strictObject({
        key: z
          .string({ error: 'expected a source key as text' })
          .regex(/^(mail|github|audit|upstream)-[a-z0-9._-]+$/, {
            error:
              'expected a source key such as mail-<hash>, github-<owner>-<repo>-<n>, audit-<hash> or upstream-<owner>-<repo>-<erratum>-<section>-<commit>',
          }),
        title: text('the title'),
        date,
        note: text('the note').optional(),
      }),
    ),
  })
  .meta({
    title: 'Ignored threads',
    description: 'errata/inbox/ignored.yaml (tombstones of threads and audit findings).',
  });
export type IgnoredList = z.infer<typeof IgnoredList>;
