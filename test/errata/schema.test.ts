import { describe, expect, test } from 'vitest';
import {
  Affected,
  Erratum,
  HUMAN_OWNED_FIELDS,
  InboxProposal,
  MailThread,
  sectionLabel,
  STATUSES,
  SYNC_OWNED_FIELDS,
  TYPES,
} from '../../src/lib/errata';

const mail = {
  kind: 'mail',
  list: 'pkcs11',
  subject: 'FW: PKCS#11 Usage Guide vs. POSIX issue',
  messages: 1,
  lastActivity: '2015-05',
};

describe('the erratum schema', () => {
  test('human-owned and sync-owned fields are separate lists, threads the only sync-owned one', () => {
    expect(HUMAN_OWNED_FIELDS).toEqual([
      'id',
      'title',
      'type',
      'status',
      'affects',
      'anchor',
      'reported',
      'summary',
      'original',
      'proposed',
      'evidence',
      'resolution',
      'history',
    ]);
    expect(SYNC_OWNED_FIELDS).toEqual(['threads']);
  });

  test('statuses and types are the RFC Editor-inspired sets', () => {
    expect(STATUSES).toEqual([
      'reported',
      'under-review',
      'accepted',
      'rejected',
      'held-for-revision',
      'resolved',
    ]);
    expect(TYPES).toEqual(['technical', 'editorial']);
  });

  test('a mail thread may lack its Message-ID when its archive URL is known, but not both', () => {
    const archiveUrl = 'https://lists.oasis-open.org/archives/pkcs11/201505/msg00002.html';
    expect(MailThread.safeParse({ ...mail, archiveUrl }).success).toBe(true);
    expect(MailThread.safeParse({ ...mail, messageId: '<a.b@c.example>' }).success).toBe(true);
    const neither = MailThread.safeParse(mail);
    expect(neither.success).toBe(false);
    expect(neither.error?.issues[0]?.message).toBe(
      'a mail thread needs a messageId or an archiveUrl (or both)',
    );
  });

  test('dates are YYYY-MM-DD or YYYY-MM; thread activity may be a date-time with a zone', () => {
    const thread = { ...mail, messageId: '<a@b.example>' };
    expect(MailThread.safeParse({ ...thread, lastActivity: '2015-05-11T09:00:00Z' }).success).toBe(
      true,
    );
    expect(MailThread.safeParse({ ...thread, lastActivity: '2015-05-11T09:00:00' }).success).toBe(
      false,
    );
    expect(MailThread.safeParse({ ...thread, lastActivity: '11 May 2015' }).success).toBe(false);
  });

  test('a thread of an unknown kind is refused with the kinds that exist', () => {
    const result = Erratum.shape.threads.safeParse([{ kind: 'fax' }]);
    expect(result.error?.issues[0]?.message).toBe('expected kind: mail, github, audit or upstream');
  });

  test('an audit thread carries its finding key, which names no line', () => {
    const thread = {
      kind: 'audit',
      key: 'audit-0123456789abcdef',
      check: 'spelling',
      file: 'working/doc/ug/General_Overview.md',
      line: 326,
      source: 'working/doc/ug',
      found: '2026-12-06',
    };
    expect(Erratum.shape.threads.safeParse([thread]).success).toBe(true);
    const result = Erratum.shape.threads.safeParse([{ ...thread, key: 'audit-326' }]);
    expect(result.error?.issues[0]?.message).toBe(
      'expected audit- and 16 hex digits, as npm run guide -- audit --propose writes it',
    );
  });

  test('the inbox schema is relaxed: a title, the report and a thread suffice', () => {
    expect(
      InboxProposal.safeParse({
        title: 'T',
        reported: { date: '2024-01-01', by: 'Ada Example', via: 'GitHub' },
        threads: [{ ...mail, archiveUrl: 'https://example.org/m' }],
      }).success,
    ).toBe(true);
    expect(
      InboxProposal.safeParse({
        title: 'T',
        reported: { date: '2024-01-01', by: 'Ada Example', via: 'GitHub' },
        threads: [],
      }).error?.issues[0]?.message,
    ).toBe('a proposal needs the thread it came from');
  });

  test('blank text is refused even though it is a string', () => {
    expect(Erratum.shape.title.safeParse('   ').error?.issues[0]?.message).toBe(
      'the title is empty',
    );
  });

  test('a section is a number, an appendix by its letter, or the front matter', () => {
    const section = (value: string) =>
      Affected.safeParse({ document: 'ug-3.2-cn01', section: value });
    for (const good of ['2.5.2', '4', 'Appendix B', 'Appendix A.1', 'front matter'])
      expect(section(good).success, good).toBe(true);
    for (const bad of ['Appendix', 'appendix B', '2.5.', 'Front Matter', '§2.5.2'])
      expect(section(bad).error?.issues[0]?.message, bad).toBe(
        'expected a section number such as 2.5.2, an appendix such as Appendix B, or front matter',
      );
    expect(['2.5.2', 'Appendix B', 'front matter'].map(sectionLabel)).toEqual([
      '§2.5.2',
      'Appendix B',
      'front matter',
    ]);
  });
});
