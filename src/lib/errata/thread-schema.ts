/**
 * The sync-owned threads of an erratum, one kind per source: a mail thread in the list archive,
 * a GitHub issue, a finding of the audit of the TC's sources, a change upstream.
 */
import * as z from 'zod';

import { count, date, ERRATUM_ID, repository, text, timestamp, url } from './field-schemas';

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
  repository,
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
  repository,
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

export type Thread = z.infer<typeof Thread>;
export type MailThread = z.infer<typeof MailThread>;
export type GitHubThread = z.infer<typeof GitHubThread>;
export type AuditThread = z.infer<typeof AuditThread>;
export type UpstreamThread = z.infer<typeof UpstreamThread>;
