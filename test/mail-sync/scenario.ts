/**
 * The mail archive the sync tests share: two lists over four months with every shape the OASIS
 * archives show — a comment with replies in the next month, its Outlook forward to the TC list
 * (no References, only the quoted header block) and a reply there, a cross-post, an HTML-only
 * message with an attachment, a message without Message-ID, odd characters in a Message-ID,
 * encoded-word and non-ASCII senders, quoted-printable, an unsubscribe request, TC chatter, and
 * hostile subjects and bodies. The TC list's May 2015 forward is its third message, so it is
 * msg00002.html as in the OASIS archive that errata/E-0001.yaml cites.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { errataPaths, type ErrataPaths } from '../../src/lib/errata';
import type { MailMessage } from '../support/mhonarc';
import { readTree } from '../support/file-tree';

const PROJECT_DIR = path.resolve(import.meta.dirname, '..', '..');
export const COMMENT = 'pkcs11-comment';
export const TC = 'pkcs11';

const SUBJECT = 'PKCS#11 Usage Guide vs. POSIX issue';

export const IDS = {
  comment: '<c1.2015@comments.example>',
  reply: '<c2.2015@comments.example>',
  nextMonthReply: '<c3.2015@comments.example>',
  forward: '<fw.2015@tc.example>',
  tcReply: '<t2.2015@tc.example>',
  htmlOnly: '<odd.id+tag/=x$y~!@comments.example>',
  crossPost: '<x7.2015@comments.example>',
  hostile: '<h8.2015@comments.example>',
  unsubscribe: '<u5.2015@comments.example>',
  chatter: ['<agenda1@tc.example>', '<agenda2@tc.example>', '<draft3@tc.example>'],
} as const;

export function scenarioMessages(): MailMessage[] {
  return [
    {
      list: TC,
      from: 'Chair Person <chair@tc.example>',
      subject: '[pkcs11] Agenda for the call',
      date: 'Fri, 1 May 2015 09:00:00 +0000',
      messageId: IDS.chatter[0],
      body: { kind: 'text', text: 'Agenda attached.\n' },
    },
    {
      list: TC,
      from: 'Member One <m1@tc.example>',
      subject: 'Re: [pkcs11] Agenda for the call',
      date: 'Sat, 2 May 2015 09:00:00 +0000',
      messageId: IDS.chatter[1],
      inReplyTo: IDS.chatter[0],
      references: [IDS.chatter[0]],
      body: { kind: 'text', text: 'Thanks.\n' },
    },
    {
      list: COMMENT,
      from: '=?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@comments.example>',
      subject: SUBJECT,
      date: 'Sun, 10 May 2015 12:55:00 +0100',
      messageId: IDS.comment,
      body: {
        kind: 'text',
        encoding: 'quoted-printable',
        text: 'Section 2.5.2 of the Usage Guide says a child must call C_Initialize() "immediately" after fork(); with pthread_atfork() that is not safe. Grüße.\n',
      },
    },
    {
      list: TC,
      from: 'Chair Person <chair@tc.example>',
      subject: `FW: ${SUBJECT}`,
      date: 'Tue, 12 May 2015 08:00:00 -0400',
      messageId: IDS.forward,
      body: {
        kind: 'text',
        text: [
          'For review in the call this week.',
          '',
          '-----Original Message-----',
          'From: pkcs11-comment@lists.example.org [mailto:pkcs11-comment@lists.example.org] On Behalf Of Jörg Müller',
          'Sent: Sunday, May 10, 2015 7:55 AM',
          'To: pkcs11-comment@lists.example.org',
          `Subject: [pkcs11-comment] ${SUBJECT}`,
          '',
          'Section 2.5.2 of the Usage Guide says …',
          '',
        ].join('\n'),
      },
    },
    {
      list: TC,
      from: '"Member, Two" <m2@tc.example>',
      subject: `RE: FW: ${SUBJECT}`,
      date: 'Wed, 13 May 2015 10:00:00 +0000',
      messageId: IDS.tcReply,
      inReplyTo: IDS.forward,
      references: [IDS.forward],
      body: { kind: 'text', text: 'Agreed, we should fix it.\n\n> For review in the call\n' },
    },
    {
      list: COMMENT,
      from: 'Bob Smith <bob@comments.example>',
      subject: `Re: [pkcs11-comment] ${SUBJECT}`,
      date: 'Sun, 31 May 2015 23:30:00 +0000',
      messageId: IDS.reply,
      inReplyTo: IDS.comment,
      references: [IDS.comment],
      body: {
        kind: 'text',
        text: 'Same here.\n\nOn Sun, 10 May 2015, Jörg wrote:\n> Section 2.5.2\n',
      },
    },
    {
      list: COMMENT,
      from: '=?ISO-8859-1?Q?Ren=E9e_Dupont?= <renee@comments.example>',
      subject: `AW: Re: [pkcs11-comment] ${SUBJECT}`,
      date: 'Tue, 2 Jun 2015 08:00:00 +0200',
      messageId: IDS.nextMonthReply,
      inReplyTo: IDS.reply,
      references: [IDS.comment, IDS.reply],
      body: { kind: 'text', text: 'A reply in the next month.\n', charset: 'iso-8859-1' },
    },
    {
      list: TC,
      from: 'Editor <editor@tc.example>',
      subject: '[pkcs11] Draft 3 of the base specification',
      date: 'Mon, 1 Jun 2015 12:00:00 +0000',
      messageId: IDS.chatter[2],
      body: { kind: 'text', text: 'The TC’s own drafting, not a comment.\n' },
    },
    {
      list: COMMENT,
      from: 'Ann Example <ann@comments.example>',
      subject: 'Question about the Usage Guide, section 2.5.1',
      date: 'Wed, 10 Jun 2015 10:00:00 +0000',
      messageId: IDS.htmlOnly,
      body: {
        kind: 'html',
        html: '<html><body><p>Is <b>2.5.1</b> still right?</p><blockquote>old text</blockquote></body></html>',
      },
      attachments: [
        { filename: 'notes.pdf', contentType: 'application/pdf', content: '%PDF-1.4\n%%EOF\n' },
      ],
    },
    {
      list: COMMENT,
      alsoTo: [TC],
      from: 'Carl Cross <carl@comments.example>',
      subject: 'Usage Guide: fork and threads',
      date: 'Mon, 15 Jun 2015 10:00:00 +0000',
      messageId: IDS.crossPost,
      body: { kind: 'text', text: 'Posted to both lists.\n' },
    },
    {
      list: COMMENT,
      from: 'list-user@comments.example',
      subject: 'unsubscribe',
      date: 'Wed, 1 Jul 2015 10:00:00 +0000',
      messageId: IDS.unsubscribe,
      body: { kind: 'text', text: 'unsubscribe me\n' },
    },
    {
      list: COMMENT,
      from: 'No Id <noid@comments.example>',
      subject: 'Usage guide typo in 3.1',
      date: 'Thu, 2 Jul 2015 10:00:00 +0000',
      body: { kind: 'text', text: 'The message without a Message-ID.\n' },
    },
    {
      list: COMMENT,
      from: '"<img src=x onerror=alert(1)>" <evil@comments.example>',
      subject: '<script>alert(1)</script> {process.exit(1)} Usage Guide ${x}',
      date: 'Fri, 3 Jul 2015 10:00:00 +0000',
      messageId: IDS.hostile,
      body: {
        kind: 'text',
        text: "import fs from 'node:fs'\n{fs.rmSync('/', {recursive: true})}\n<script>alert(2)</script>\n",
      },
    },
  ];
}

export interface SyncSite {
  dir: string;
  paths: ErrataPaths;
  /** Every file under errata/ (relative path → text), to compare runs. */
  snapshot(): Promise<Map<string, string>>;
  remove(): Promise<void>;
}

/** The archive root errata/E-0001.yaml cites. */
export const OASIS_ROOT = 'https://lists.oasis-open.org/archives/';

export interface SyncSiteOptions {
  /** Map this archive root (or these) as a mirror of the OASIS archive in mail-rules.yaml. */
  mirror?: string | readonly string[];
  /** Extra text appended to mail-rules.yaml (e.g. a `confirmed` list). */
  rules?: string;
  /** A folder of the project (e.g. `dogfood/errata`) whose records are all copied; default E-0001 of errata/. */
  records?: string;
}

/**
 * A temp errata folder holding a copy of the project's E-0001 (or of every record of `records`);
 * docs stay the project's. With
 * `mirror`, the rules map the local archive as a mirror of the OASIS one, so E-0001's citation
 * is matched against it by page.
 */
export async function createSyncSite(options: SyncSiteOptions = {}): Promise<SyncSite> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mail-sync-'));
  const errataDir = path.join(dir, 'errata');
  await mkdir(path.join(errataDir, 'sync'), { recursive: true });
  const from = path.join(PROJECT_DIR, options.records ?? 'errata');
  const names =
    options.records === undefined
      ? ['E-0001.yaml']
      : (await readdir(from)).filter((name) => /^E-\d{4,}\.yaml$/.test(name));
  for (const name of names) await copyFile(path.join(from, name), path.join(errataDir, name));
  const rules = await readFile(path.join(PROJECT_DIR, 'errata', 'sync', 'mail-rules.yaml'), 'utf8');
  const mirrors = options.mirror === undefined ? [] : [options.mirror].flat();
  const mirrorRules =
    mirrors.length === 0
      ? ''
      : `mirrors:\n${mirrors.map((root) => `  - root: ${root}\n    of: ${OASIS_ROOT}\n`).join('')}`;
  await writeFile(
    path.join(errataDir, 'sync', 'mail-rules.yaml'),
    rules + mirrorRules + (options.rules ?? ''),
  );
  const snapshot = () => readTree(errataDir);
  return {
    dir,
    paths: errataPaths(PROJECT_DIR, errataDir),
    snapshot,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
