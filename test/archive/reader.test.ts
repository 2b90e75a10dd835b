import { describe, expect, test } from 'vitest';
import {
  dayOf,
  decodeEncodedWords,
  isForwardSubject,
  mergePages,
  mhonarcRot13,
  normaliseSubject,
  parseListHome,
  parseMonthIndex,
  readMhonarcComments,
  readQuotedHeader,
  rebuildThreads,
  senderName,
  splitBody,
  uncommentize,
  type MessagePage,
} from '../../src/lib/archive';
import { withoutAddresses } from '../../src/lib/privacy';

describe('MHonArc comments', () => {
  test('R13 rotates lower case by 13 and @A–Z[ by 14, and is its own inverse', () => {
    expect(mhonarcRot13('joerg@example.org')).toBe('wbretNrknzcyr.bet');
    expect(mhonarcRot13('Smith, Bob')).toBe('Ezvgu, Pbo');
    expect(mhonarcRot13('[@AZ')).toBe('MNOL');
    const text = 'Zoë "Q. Public" <zq@Example.ORG> [x]';
    expect(mhonarcRot13(mhonarcRot13(text))).toBe(text);
  });

  test('commentize references are undone, and the header fields are read up to X-Head-End', () => {
    expect(uncommentize('a&#45;b &#38;&#60;c')).toBe('a-b &<c');
    const comments = readMhonarcComments([
      ' MHonArc v2.6.19+ ',
      'X-Subject: Re: fork&#45;safety ',
      'X-From-R13: "Ezvgu, Pbo" &#60;oboNrknzcyr.bet> ',
      'X-Date: Sun, 10 May 2015 12:55:00 +0100 ',
      'X-Message-Id: a.b&#45;c@x.example ',
      'X-Content-Type: text/plain ',
      'X-Reference: first@x ',
      'X-Reference: second@x ',
      'X-Derived: pdf1.pdf ',
      'X-Head-End',
      'X-Reference: after-the-head@x ',
    ]);
    expect(comments).toEqual({
      subject: 'Re: fork-safety',
      from: '"Smith, Bob" <bob@example.org>',
      date: 'Sun, 10 May 2015 12:55:00 +0100',
      messageId: 'a.b-c@x.example',
      contentType: 'text/plain',
      references: ['first@x', 'second@x'],
      derived: ['pdf1.pdf'],
    });
    expect(readMhonarcComments([' an ordinary comment '])).toBeUndefined();
  });
});

describe('header text', () => {
  test('encoded words in Q and B, adjacent words joined, legacy charsets', () => {
    expect(decodeEncodedWords('=?ISO-8859-1?Q?Re=3A_caf=E9?= now')).toBe('Re: café now');
    expect(decodeEncodedWords('=?UTF-8?B?SsO2cmc=?= =?UTF-8?Q?_M=C3=BCller?=')).toBe('Jörg Müller');
    expect(decodeEncodedWords('=?windows-1252?Q?=93quoted=94?=')).toBe('“quoted”');
    expect(decodeEncodedWords('=?x-unknown?Q?abc?=')).toBe('abc');
  });

  test('sender names keep the name and never the address', () => {
    expect(senderName('"Smith, Bob" <bob@example.org>')).toBe('Smith, Bob');
    expect(senderName('=?UTF-8?Q?J=C3=B6rg?= <j@example.org>')).toBe('Jörg');
    expect(senderName('bob@example.org (Bob Smith)')).toBe('Bob Smith');
    expect(senderName('bob@example.org')).toBeUndefined();
    expect(senderName('<bob@example.org>')).toBeUndefined();
    expect(senderName('Bob bob@example.org')).toBe('Bob');
    expect(withoutAddresses('write to dwmw2@xxxxxxxxxxxxx or a@b.example')).toBe(
      'write to [address removed] or [address removed]',
    );
  });

  test('subject prefixes pile up and are all removed', () => {
    expect(normaliseSubject('RE: AW: [pkcs11] FW: [pkcs11-comment] Re[2]:  Usage   Guide')).toBe(
      'Usage Guide',
    );
    expect(normaliseSubject('Fwd: fork() (fwd)')).toBe('fork()');
    expect(normaliseSubject('Review of the guide')).toBe('Review of the guide');
    expect(isForwardSubject('[pkcs11] FW: x')).toBe(true);
    expect(isForwardSubject('Re: x')).toBe(false);
  });
});

describe('bodies', () => {
  test('new, quoted (with its attribution) and forwarded text are separated', () => {
    const blocks = splitBody(
      [
        'I agree.',
        '',
        'On Mon, 11 May 2015, Bob wrote:',
        '> the child',
        '> must not',
        'Yes.',
        '',
        '-----Original Message-----',
        'From: pkcs11-comment@lists.example.org [mailto:x@example.org] On Behalf Of David Woodhouse',
        'Sent: Sunday, May 10, 2015 7:55 AM',
        'To: pkcs11-comment@lists.example.org',
        'Subject: [pkcs11-comment] PKCS#11 Usage Guide vs. POSIX issue',
        '',
        'The text.',
      ].join('\n'),
    );
    expect(blocks.map((block) => block.kind)).toEqual(['new', 'quoted', 'new', 'forwarded']);
    expect(blocks[1]?.text).toBe('On Mon, 11 May 2015, Bob wrote:\n> the child\n> must not');
    const header = readQuotedHeader(blocks[3]?.text ?? '');
    expect(header).toEqual({
      from: 'David Woodhouse',
      sent: 'Sunday, May 10, 2015 7:55 AM',
      sentDay: '2015-05-10',
      subject: '[pkcs11-comment] PKCS#11 Usage Guide vs. POSIX issue',
    });
  });

  test('an Outlook header block without a marker line starts a forward too', () => {
    const blocks = splitBody('FYI\n\nFrom: Alice\nSent: 3 June 2016 10:00\nSubject: x\n\nbody');
    expect(blocks.map((block) => block.kind)).toEqual(['new', 'forwarded']);
    expect(dayOf('Fri, 3 Jun 2016 10:00:00 +0000')).toBe('2016-06-03');
    expect(dayOf('no date here')).toBeUndefined();
  });

  test('takes linear time on long runs of blanks, where regular expressions backtrack', () => {
    // `^\s*.*\bwrote` tried on a line that starts with n blanks takes time quadratic in n (about
    // 0.5 s for 20,000); so does `\s+$` on blanks inside a block.
    const blanks = ' '.repeat(200_000);
    const started = performance.now();
    const blocks = splitBody(`${blanks}x\n> quoted\n${blanks}y${blanks}z`);
    expect(blocks.map((block) => block.kind)).toEqual(['new', 'quoted', 'new']);
    expect(blocks[2]?.text).toBe(`${blanks}y${blanks}z`);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  test('an attribution is a line ending in "wrote:" before a quote, however it starts', () => {
    const kinds = (text: string) => splitBody(text).map((block) => block.kind);
    expect(kinds('Bob WROTE :\n> q')).toEqual(['quoted']);
    expect(kinds('On Mon, Bob wrote:\nnot quoted')).toEqual(['new']);
    expect(kinds('Bob rewrote:\n> q')).toEqual(['new', 'quoted']);
    // Line separators are not what `.` matches: such a line is not an attribution.
    expect(kinds('Bob\u2028 wrote:\n> q')).toEqual(['new', 'quoted']);
  });
});

describe('index pages', () => {
  test('the list home gives its months once each, oldest first; other links are ignored', () => {
    const html = `<ul><li><a href="201506/threads.html">June 2015</a> <a href="201506/maillist.html">date</a></li>
      <li><a href="201505/threads.html">May 2015</a></li><li><a href="../other/201504/">x</a></li>
      <li><a href="https://elsewhere.example/201503/">y</a></li></ul>`;
    expect(parseListHome(html, 'http://h/archives/pkcs11/')).toEqual([
      { month: '201505', url: 'http://h/archives/pkcs11/201505/' },
      { month: '201506', url: 'http://h/archives/pkcs11/201506/' },
    ]);
  });

  test('a month index gives its message pages, not other months’ or the navigation', () => {
    const html = `<a href="threads.html">Thread Index</a><ul>
      <li><strong><a name="00000" href="msg00000.html">First</a></strong>
        <ul><li><strong><a href="msg00002.html">Re: First</a></strong></li></ul></li>
      <li><a href="msg00000.html#x">again</a><a href="../201504/msg00009.html">old</a></li></ul>`;
    const entries = parseMonthIndex(html, 'http://h/a/l/201505/threads.html');
    expect(entries).toEqual([
      { number: 0, url: 'http://h/a/l/201505/msg00000.html', subject: 'First', depth: 0 },
      { number: 2, url: 'http://h/a/l/201505/msg00002.html', subject: 'Re: First', depth: 1 },
    ]);
  });
});

function page(
  list: string,
  month: string,
  number: number,
  fields: Partial<MessagePage> & { messageId: string },
): MessagePage {
  return {
    location: { list, month, number, url: `http://h/${list}/${month}/msg${number}.html` },
    source: 'comments',
    syntheticId: false,
    subject: 'Subject',
    references: [],
    body: [],
    attachments: [],
    followUpUrls: [],
    referenceUrls: [],
    ...fields,
  };
}

describe('threads', () => {
  test('across months and lists, cross-posts merged, a lost ancestor still joins its replies', () => {
    const messages = mergePages([
      page('c', '201505', 0, { messageId: 'root@x', date: '2015-05-30T10:00:00Z' }),
      page('c', '201506', 0, {
        messageId: 'r1@x',
        date: '2015-06-01T10:00:00Z',
        references: ['root@x'],
      }),
      page('t', '201506', 3, {
        messageId: 'r1@x',
        date: '2015-06-01T10:00:00Z',
        references: ['root@x'],
      }),
      page('t', '201507', 1, {
        messageId: 'r2@x',
        date: '2015-07-01T10:00:00Z',
        references: ['root@x', 'r1@x'],
      }),
      page('t', '201507', 2, {
        messageId: 'a@y',
        date: '2015-07-02T10:00:00Z',
        references: ['lost@y'],
      }),
      page('t', '201507', 3, {
        messageId: 'b@y',
        date: '2015-07-03T10:00:00Z',
        references: ['lost@y', 'a@y'],
      }),
    ]);
    expect(messages.find((m) => m.messageId === 'r1@x')?.pages.map((p) => p.list)).toEqual([
      'c',
      't',
    ]);
    const { threads } = rebuildThreads(messages);
    expect(threads.map((t) => [t.rootMessageId, t.messageIds, t.lists])).toEqual([
      ['root@x', ['root@x', 'r1@x', 'r2@x'], ['c', 't']],
      ['a@y', ['a@y', 'b@y'], ['t']],
    ]);
  });

  test('a forward without References joins the message its quoted header describes', () => {
    const messages = mergePages([
      page('c', '201505', 0, {
        messageId: 'comment@x',
        subject: 'PKCS#11 Usage Guide vs. POSIX issue',
        from: 'David Woodhouse',
        date: '2015-05-10T11:55:00Z',
      }),
      page('c', '201505', 1, {
        messageId: 'other@x',
        subject: 'PKCS#11 Usage Guide vs. POSIX issue',
        from: 'Someone Else',
        date: '2015-04-01T11:55:00Z',
      }),
      page('t', '201505', 2, {
        messageId: 'fw@y',
        subject: 'FW: PKCS#11 Usage Guide vs. POSIX issue',
        from: 'Chair',
        date: '2015-05-12T09:00:00Z',
        forwardedHeader: {
          from: 'David Woodhouse',
          sentDay: '2015-05-10',
          subject: '[pkcs11-comment] PKCS#11 Usage Guide vs. POSIX issue',
        },
      }),
    ]);
    const { threads, forwards } = rebuildThreads(messages);
    expect(forwards.get('fw@y')).toBe('comment@x');
    const thread = threads.find((t) => t.messageIds.includes('fw@y'));
    expect(thread?.rootMessageId).toBe('comment@x');
    expect(thread?.lists).toEqual(['c', 't']);
  });
});
