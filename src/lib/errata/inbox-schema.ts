/** The inbox's files: a sync's proposal, and the tombstones of threads screened out. */
import * as z from 'zod';

import { date, text } from './field-schemas';
import { Affected, humanOwnedShape, Reported } from './schema';
import { Thread } from './thread-schema';

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
