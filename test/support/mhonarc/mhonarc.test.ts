/**
 * The MHonArc archive fixture: real mhonarc output in the OASIS layout, the message encoders it
 * relies on, and the archive server with its validators and injected faults.
 */
import { request } from 'node:http';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  addToArchive,
  buildArchive,
  formatMbox,
  formatMessage,
  monthOf,
  serveArchive,
  type ArchiveServer,
  type BuiltArchive,
  type MailMessage,
} from './';

const COMMENT = 'pkcs11-comment';
const TC = 'pkcs11';
const PDF_BYTES = Buffer.from('%PDF-1.4\n% fixture\n');

/** Given out of date order on purpose: message numbers must follow the dates. */
const MESSAGES: MailMessage[] = [
  {
    list: COMMENT,
    from: 'Bob Builder <bob@example.com>',
    subject: 'Re: =?utf-8?Q?Gr=C3=BC=C3=9Fe?= from the list',
    date: 'Mon, 11 May 2015 09:00:00 +0000',
    messageId: '<may-2@example.com>',
    inReplyTo: '<may-1@example.com>',
    references: ['<may-1@example.com>'],
    body: {
      kind: 'text',
      text: 'Caf\u00e9 reply.\n',
      charset: 'iso-8859-1',
      encoding: 'quoted-printable',
    },
  },
  {
    list: COMMENT,
    from: '=?utf-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen@example.com>',
    subject: '=?utf-8?Q?Gr=C3=BC=C3=9Fe?= from the list',
    date: 'Sun, 10 May 2015 12:55:00 +0100',
    messageId: '<may-1@example.com>',
    body: { kind: 'text', text: 'Hello.\nFrom the start of a line.\n' },
  },
  {
    list: COMMENT,
    from: 'Carol <carol@example.com>',
    subject: 'A message without a Message-ID',
    date: 'Tue, 12 May 2015 09:00:00 +0000',
    body: { kind: 'text', text: 'No id here.\n' },
  },
  {
    list: COMMENT,
    from: 'Dave <dave@example.com>',
    subject: 'Draft attached',
    date: 'Wed, 13 May 2015 09:00:00 +0000',
    messageId: '<may-4@example.com>',
    body: { kind: 'text', text: 'See the attachment.\n' },
    attachments: [{ filename: 'spec.pdf', contentType: 'application/pdf', content: PDF_BYTES }],
  },
  {
    list: COMMENT,
    alsoTo: [TC],
    from: 'Eve <eve@example.com>',
    subject: 'Cross-posted question',
    date: 'Mon, 1 Jun 2015 10:00:00 +0000',
    messageId: '<cross@example.com>',
    body: { kind: 'text', text: 'To both lists.\n' },
  },
  {
    list: COMMENT,
    from: 'Frank <frank@example.com>',
    subject: 'Base64 body',
    date: 'Tue, 2 Jun 2015 10:00:00 +0000',
    messageId: '<jun-2@example.com>',
    body: { kind: 'text', text: 'Encoded as base64.\n', encoding: 'base64' },
  },
  {
    list: TC,
    from: 'Grace <grace@example.com>',
    subject: 'Late in April, local time',
    // 01:30 UTC on 1 May: the archive month is the UTC one.
    date: 'Thu, 30 Apr 2015 23:30:00 -0200',
    messageId: '<tc-1@example.com>',
    body: { kind: 'html', html: '<p>Hello <b>TC</b></p>\n' },
  },
  {
    list: TC,
    from: 'Heidi <heidi@example.com>',
    subject: 'TC June',
    date: 'Wed, 3 Jun 2015 10:00:00 +0000',
    messageId: '<tc-2@example.com>',
    body: { kind: 'text', text: 'June.\n' },
  },
];

let tempDir: string;
let root: string;
let archive: BuiltArchive;
let server: ArchiveServer;

beforeAll(async () => {
  tempDir = await mkdtemp(path.join(tmpdir(), 'mhonarc-fixture-test-'));
  root = path.join(tempDir, 'archives');
  archive = await buildArchive(root, MESSAGES);
  server = await serveArchive(root);
});

afterAll(async () => {
  await server.close();
  await rm(tempDir, { recursive: true, force: true });
});

function page(...segments: string[]): Promise<string> {
  return readFile(path.join(root, ...segments), 'latin1');
}

async function messagePages(...segments: string[]): Promise<string[]> {
  return (await readdir(path.join(root, ...segments)))
    .filter((name) => /^msg\d+\.html$/.test(name))
    .sort();
}

/** The Message-ID of MHonArc's comment; MHonArc writes `-` as `&#45;` so a comment cannot end early. */
function messageIdOf(html: string): string | undefined {
  return /<!--X-Message-Id: (.*?) -->/
    .exec(html)?.[1]
    ?.replace(/&#(\d+);/g, (_whole, code: string) => String.fromCharCode(Number(code)));
}

/** The visible text of some HTML: tags removed, white space folded. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function topNavigation(html: string): string {
  const start = html.indexOf('<!--X-TopPNI-->');
  const end = html.indexOf('<!--X-TopPNI-End-->');
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  return html.slice(start + '<!--X-TopPNI-->'.length, end);
}

function links(html: string): { href: string; text: string }[] {
  return [...html.matchAll(/<a href="([^"]*)"[^>]*>(.*?)<\/a>/g)].map((match) => ({
    href: match[1] ?? '',
    text: match[2] ?? '',
  }));
}

const NAVIGATION =
  '[Date Prev] | [Thread Prev] | [Thread Next] | [Date Next] -- [Date Index] | [Thread Index] | [List Home]';

describe('buildArchive', () => {
  test('makes a folder per list and UTC month, and reports the message counts', async () => {
    expect(archive).toEqual({
      root,
      lists: [
        {
          name: TC,
          months: [
            { month: '201505', messages: 1 },
            { month: '201506', messages: 2 },
          ],
        },
        {
          name: COMMENT,
          months: [
            { month: '201505', messages: 4 },
            { month: '201506', messages: 2 },
          ],
        },
      ],
    });
    expect((await readdir(root)).sort()).toEqual(['index.html', TC, COMMENT].sort());
    expect((await readdir(path.join(root, COMMENT))).sort()).toEqual([
      '201505',
      '201506',
      'index.html',
    ]);
    const monthFiles = await readdir(path.join(root, COMMENT, '201505'));
    expect(monthFiles).toEqual(
      expect.arrayContaining(['maillist.html', 'threads.html', '.mhonarc.db']),
    );
  });

  test('numbers each month from msg00000 in date order', async () => {
    expect(await messagePages(COMMENT, '201505')).toEqual([
      'msg00000.html',
      'msg00001.html',
      'msg00002.html',
      'msg00003.html',
    ]);
    expect(await messagePages(COMMENT, '201506')).toEqual(['msg00000.html', 'msg00001.html']);
    expect(messageIdOf(await page(COMMENT, '201505', 'msg00000.html'))).toBe('may-1@example.com');
    expect(messageIdOf(await page(COMMENT, '201505', 'msg00001.html'))).toBe('may-2@example.com');
    expect(messageIdOf(await page(TC, '201505', 'msg00000.html'))).toBe('tc-1@example.com');
  });

  test('puts a cross-post in each list with the same Message-ID', async () => {
    expect(messageIdOf(await page(COMMENT, '201506', 'msg00000.html'))).toBe('cross@example.com');
    expect(messageIdOf(await page(TC, '201506', 'msg00000.html'))).toBe('cross@example.com');
  });

  test('writes the top navigation in the OASIS order, linking what exists', async () => {
    const middle = topNavigation(await page(COMMENT, '201505', 'msg00001.html'));
    expect(textOf(middle)).toBe(NAVIGATION);
    expect(links(middle)).toEqual([
      { href: 'msg00000.html', text: 'Date Prev' },
      { href: 'msg00000.html', text: 'Thread Prev' },
      { href: 'msg00002.html', text: 'Thread Next' },
      { href: 'msg00002.html', text: 'Date Next' },
      { href: 'maillist.html#00001', text: 'Date Index' },
      { href: 'threads.html#00001', text: 'Thread Index' },
      { href: '../', text: 'List Home' },
    ]);

    const first = topNavigation(await page(COMMENT, '201505', 'msg00000.html'));
    expect(textOf(first)).toBe(NAVIGATION);
    const firstLinks = links(first).map((link) => link.text);
    expect(firstLinks).not.toContain('Date Prev');
    expect(firstLinks).not.toContain('Thread Prev');
    expect(firstLinks).toContain('Date Next');
  });

  test('keeps the banner and MHonArc machine comments', async () => {
    const html = await page(COMMENT, '201505', 'msg00001.html');
    expect(html).toContain('<div class="banner">');
    expect(html).toContain('<!--X-Message-Id: may&#45;2@example.com -->');
    expect(html).toMatch(
      /<!--X-Subject: Re: =\?utf&#45;8\?Q\?Gr=C3=BC=C3=9Fe\?= from the list -->/,
    );
    expect(html).toContain('<!--X-From-R13: ');
    expect(html).toContain('<!--X-Reference: may&#45;1@example.com -->');
    expect(html).toContain('<!--X-Body-of-Message-->');
    for (const index of ['maillist.html', 'threads.html']) {
      expect(await page(COMMENT, '201505', index)).toContain('<div class="banner">');
    }
    // A message without a Message-ID gets one MHonArc makes up from the header.
    expect(messageIdOf(await page(COMMENT, '201505', 'msg00002.html'))).toMatch(
      /^[0-9a-f]{32}@NO-ID-FOUND\.mhonarc\.org$/,
    );
  });

  test('writes attachments below the message and links them', async () => {
    const html = await page(COMMENT, '201505', 'msg00003.html');
    expect(html).toContain('href="msg00003/spec.pdf"');
    expect(await readFile(path.join(root, COMMENT, '201505', 'msg00003', 'spec.pdf'))).toEqual(
      PDF_BYTES,
    );
  });

  test('writes list home pages with the months newest first, and a root page', async () => {
    const home = await page(COMMENT, 'index.html');
    expect(home).toContain(`<title>${COMMENT}</title>`);
    const june = home.indexOf('<a href="201506/threads.html">June 2015</a>');
    const may = home.indexOf('<a href="201505/threads.html">May 2015</a>');
    expect(june).toBeGreaterThanOrEqual(0);
    expect(may).toBeGreaterThan(june);
    expect(home).toContain('<a href="201505/maillist.html">date</a>');
    const rootPage = await page('index.html');
    expect(rootPage).toContain(`<a href="${COMMENT}/">`);
    expect(rootPage).toContain(`<a href="${TC}/">`);
  });

  test('refuses a folder that is not empty, and says when mhonarc is missing', async () => {
    await expect(buildArchive(root, MESSAGES)).rejects.toThrow(/not empty/);
    const savedPath = process.env.PATH;
    process.env.PATH = path.join(tempDir, 'no-such-bin');
    try {
      await expect(buildArchive(path.join(tempDir, 'other'), MESSAGES)).rejects.toThrow(
        'mhonarc is not installed (run scripts/setup.sh)',
      );
    } finally {
      process.env.PATH = savedPath;
    }
  });

  test('reports a failed mhonarc run with its exit status and stderr', async () => {
    const bin = path.join(tempDir, 'failing-bin');
    await mkdir(bin);
    await writeFile(
      path.join(bin, 'mhonarc'),
      '#!/bin/sh\necho "cannot read the rc" >&2\nexit 3\n',
      {
        mode: 0o755,
      },
    );
    const savedPath = process.env.PATH;
    process.env.PATH = bin;
    try {
      await expect(
        buildArchive(path.join(tempDir, 'failing'), MESSAGES.slice(0, 1)),
      ).rejects.toThrow(
        /mhonarc failed for pkcs11-comment\/201505 \(exit status 3\): cannot read the rc/,
      );
    } finally {
      process.env.PATH = savedPath;
    }
  });
});

/** Undoes quoted-printable: soft line breaks go, `=XX` becomes the byte. */
function decodeQuotedPrintable(text: string): Buffer {
  const joined = text.replace(/=\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i += 1) {
    if (joined[i] === '=') {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(joined.charCodeAt(i));
    }
  }
  return Buffer.from(bytes);
}

function splitMessage(bytes: Buffer): { head: string; body: string } {
  const text = bytes.toString('latin1');
  const end = text.indexOf('\n\n');
  return { head: text.slice(0, end), body: text.slice(end + 2) };
}

function message(body: MailMessage['body'], extra: Partial<MailMessage> = {}): MailMessage {
  return {
    list: COMMENT,
    from: 'Test <test@example.com>',
    subject: 'Encoding',
    date: 'Sun, 10 May 2015 12:55:00 +0100',
    messageId: '<enc@example.com>',
    body,
    ...extra,
  };
}

describe('formatMessage', () => {
  test('writes real quoted-printable that decodes to the text', () => {
    const text = `${'x'.repeat(150)} caf\u00e9 = 1 \nFrom the start\ntrailing space \n`;
    const { head, body } = splitMessage(
      formatMessage(message({ kind: 'text', text, encoding: 'quoted-printable' })),
    );
    expect(head).toContain('Content-Type: text/plain; charset=utf-8');
    expect(head).toContain('Content-Transfer-Encoding: quoted-printable');
    expect(head).toContain('MIME-Version: 1.0');
    expect(body).toContain('=C3=A9');
    expect(body).toContain('=3D');
    expect(body).not.toMatch(/^From /m);
    for (const line of body.split('\n')) {
      expect(line.length).toBeLessThanOrEqual(76);
      expect(line).not.toMatch(/[ \t]$/);
      expect(line).toMatch(/^[\x21-\x7e \t]*$/);
    }
    expect(body.split('\n').some((line) => line.endsWith('='))).toBe(true);
    expect(decodeQuotedPrintable(body)).toEqual(Buffer.from(text, 'utf8'));
  });

  test('writes base64 in lines of 76 that decode to the bytes', () => {
    const text = `${'Gr\u00fc\u00dfe, '.repeat(40)}\n`;
    const { head, body } = splitMessage(
      formatMessage(message({ kind: 'text', text, encoding: 'base64' })),
    );
    expect(head).toContain('Content-Transfer-Encoding: base64');
    const lines = body.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines.slice(0, -1)) expect(line).toHaveLength(76);
    expect(Buffer.from(body, 'base64')).toEqual(Buffer.from(text, 'utf8'));

    const allBytes = Buffer.from(Array.from({ length: 256 }, (_, byte) => byte));
    const withAttachment = formatMessage(
      message(
        { kind: 'text', text: 'Body.\n' },
        {
          attachments: [
            { filename: 'bytes.bin', contentType: 'application/octet-stream', content: allBytes },
          ],
        },
      ),
    ).toString('latin1');
    const boundary = /boundary="([^"]+)"/.exec(withAttachment)?.[1] ?? '';
    expect(boundary).not.toBe('');
    const parts = withAttachment.split(`--${boundary}`);
    // Preamble, body, attachment, and the closing "--".
    expect(parts).toHaveLength(4);
    const attachment = splitMessage(Buffer.from(parts[2] ?? '', 'latin1'));
    expect(attachment.head).toContain('filename="bytes.bin"');
    expect(Buffer.from(attachment.body, 'base64')).toEqual(allBytes);
  });

  test('writes no Message-ID header when there is none, and header values as given', () => {
    const { head } = splitMessage(
      formatMessage(
        message({ kind: 'text', text: 'x' }, { messageId: undefined, subject: 'Gr\u00fc\u00dfe' }),
      ),
    );
    expect(head).not.toMatch(/^Message-ID:/im);
    expect(Buffer.from(head, 'latin1').toString('utf8')).toContain('Subject: Gr\u00fc\u00dfe');
  });

  test('takes the month of the date in UTC', () => {
    const at = (date: string): string => monthOf(message({ kind: 'text', text: 'x' }, { date }));
    expect(at('Thu, 30 Apr 2015 23:30:00 -0200')).toBe('201505');
    expect(at('Sun, 31 May 2015 23:30:00 +0000')).toBe('201505');
    expect(at('1 Jun 2015 00:30:00 +0100')).toBe('201505');
    expect(at('Mon, 1 Jun 2015 00:30:00 EDT')).toBe('201506');
  });

  test('writes an mbox with separator lines, >From escaping and blank lines between', () => {
    const mbox = formatMbox([
      message({ kind: 'text', text: 'From the start.\n' }),
      message({ kind: 'text', text: 'Second.\n' }, { from: 'Other <other@example.org>' }),
    ]).toString('latin1');
    expect(mbox.startsWith('From test@example.com Sun May 10 11:55:00 2015\n')).toBe(true);
    expect(mbox).toContain('\n>From the start.\n');
    expect(mbox).toContain('\n\nFrom other@example.org Sun May 10 11:55:00 2015\n');
    expect(mbox.match(/^From /gm)).toHaveLength(2);
  });
});

/** A GET with the path sent exactly as written (fetch would normalise `..`). */
function rawGet(url: string, rawPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request(
      { host: target.hostname, port: target.port, path: rawPath, method: 'GET' },
      (res) => {
        res.resume();
        res.on('end', () => {
          resolve(res.statusCode ?? 0);
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('serveArchive', () => {
  const pagePath = `${COMMENT}/201505/msg00000.html`;

  test('serves pages with validators and answers 304', async () => {
    server.resetLog();
    const response = await fetch(server.url + pagePath);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html');
    const etag = response.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/);
    const lastModified = response.headers.get('last-modified') ?? '';
    expect(Number.isNaN(Date.parse(lastModified))).toBe(false);
    const body = await response.text();
    expect(messageIdOf(body)).toBe('may-1@example.com');

    const byEtag = await fetch(server.url + pagePath, { headers: { 'If-None-Match': etag } });
    expect(byEtag.status).toBe(304);
    expect(await byEtag.text()).toBe('');
    const byDate = await fetch(server.url + pagePath, {
      headers: { 'If-Modified-Since': lastModified },
    });
    expect(byDate.status).toBe(304);
    const stale = await fetch(server.url + pagePath, { headers: { 'If-None-Match': '"old"' } });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();

    const head = await fetch(server.url + pagePath, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(body, 'latin1')));

    expect(server.requests.map(({ status, conditional }) => ({ status, conditional }))).toEqual([
      { status: 200, conditional: false },
      { status: 304, conditional: true },
      { status: 304, conditional: true },
      { status: 200, conditional: true },
      { status: 200, conditional: false },
    ]);
    expect(server.requests[0]?.path).toBe(`/archives/${pagePath}`);
    expect(server.requests[0]?.bodyBytes).toBe(Buffer.byteLength(body, 'latin1'));
  });

  test('can leave out either validator', async () => {
    const plain = await serveArchive(root, { etag: false, lastModified: false });
    try {
      const response = await fetch(plain.url + pagePath, { headers: { 'If-None-Match': '*' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBeNull();
      expect(response.headers.get('last-modified')).toBeNull();
      await response.arrayBuffer();
    } finally {
      await plain.close();
    }
  });

  test('answers 404 for missing pages, dot files and paths out of the root', async () => {
    const missing = await fetch(`${server.url}${COMMENT}/201505/msg09999.html`);
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
    const database = await fetch(`${server.url}${COMMENT}/201505/.mhonarc.db`);
    expect(database.status).toBe(404);
    await database.arrayBuffer();
    expect(await rawGet(server.url, `/archives/${COMMENT}/201505/%2Emhonarc.db`)).toBe(404);
    // `..` segments are resolved by URL parsing; an encoded slash must not smuggle one through.
    expect(await rawGet(server.url, '/archives/../../package.json')).toBe(404);
    expect(await rawGet(server.url, '/archives/..%2f..%2fpackage.json')).toBe(404);
    expect(await rawGet(server.url, `/archives/${COMMENT}%2f..%2f..%2fpackage.json`)).toBe(404);
    expect(await rawGet(server.url, '/archives/index.html')).toBe(200);
    const post = await fetch(server.url, { method: 'POST' });
    expect(post.status).toBe(405);
    await post.arrayBuffer();
  });

  test('a reset fault breaks the connection, then counts down', async () => {
    server.resetLog();
    server.addFault({ path: `${COMMENT}/index.html`, fault: { kind: 'reset' }, times: 1 });
    await expect(fetch(`${server.url}${COMMENT}/index.html`)).rejects.toThrow();
    const after = await fetch(`${server.url}${COMMENT}/index.html`);
    expect(after.status).toBe(200);
    await after.arrayBuffer();
    expect(server.requests.map((entry) => [entry.status, entry.fault])).toEqual([
      [0, 'reset'],
      [200, undefined],
    ]);
    server.clearFaults();
  });

  test('a status fault sends its status and Retry-After for the given number of times', async () => {
    server.resetLog();
    server.addFault({
      path: /maillist\.html$/,
      fault: { kind: 'status', status: 503, retryAfter: '120' },
      times: 2,
    });
    const url = `${server.url}${COMMENT}/201505/maillist.html`;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await fetch(url);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('120');
      await response.arrayBuffer();
    }
    const third = await fetch(url);
    expect(third.status).toBe(200);
    await third.arrayBuffer();

    const retryDate = 'Wed, 21 Oct 2015 07:28:00 GMT';
    server.addFault({
      path: `/archives/${COMMENT}/201505/threads.html`,
      fault: { kind: 'status', status: 429, retryAfter: retryDate },
      times: Infinity,
    });
    const limited = await fetch(`${server.url}${COMMENT}/201505/threads.html`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe(retryDate);
    await limited.arrayBuffer();
    server.clearFaults();
    const cleared = await fetch(`${server.url}${COMMENT}/201505/threads.html`);
    expect(cleared.status).toBe(200);
    await cleared.arrayBuffer();
    expect(server.requests.map((entry) => entry.status)).toEqual([503, 503, 200, 429, 200]);
  });

  test('a truncate fault sends less than its Content-Length', async () => {
    server.resetLog();
    server.addFault({ path: pagePath, fault: { kind: 'truncate' }, times: 1 });
    const full = (await readFile(path.join(root, pagePath))).length;
    const response = await fetch(server.url + pagePath);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(full));
    await expect(response.arrayBuffer()).rejects.toThrow();
    expect(server.requests[0]).toMatchObject({
      fault: 'truncate',
      bodyBytes: Math.floor(full / 2),
    });
  });

  test('a delay fault answers late; a hang fault never answers until close', async () => {
    server.resetLog();
    server.addFault({ path: pagePath, fault: { kind: 'delay', ms: 300 }, times: 1 });
    const started = performance.now();
    const delayed = await fetch(server.url + pagePath);
    expect(delayed.status).toBe(200);
    await delayed.arrayBuffer();
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);

    server.addFault({ path: pagePath, fault: { kind: 'hang' }, times: 1 });
    await expect(
      fetch(server.url + pagePath, { signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    expect(server.requests.map((entry) => [entry.fault, entry.status])).toEqual([
      ['delay', 200],
      ['hang', 0],
    ]);

    const other = await serveArchive(root);
    other.addFault({ path: /./, fault: { kind: 'hang' }, times: Infinity });
    const pending = fetch(other.url);
    const outcome = pending.then(
      () => 'answered',
      () => 'failed',
    );
    await vi.waitFor(() => {
      expect(other.requests).toHaveLength(1);
    });
    await other.close();
    expect(await outcome).toBe('failed');
  });
});

describe('addToArchive', () => {
  test('adds to the months with -add, keeping page numbers and changing the index ETag', async () => {
    const etagOf = async (relative: string): Promise<string | null> => {
      const response = await fetch(server.url + relative);
      await response.arrayBuffer();
      return response.headers.get('etag');
    };
    const indexPath = `${COMMENT}/201505/maillist.html`;
    const untouchedPath = `${COMMENT}/201506/msg00001.html`;
    const indexBefore = await etagOf(indexPath);
    const untouchedBefore = await etagOf(untouchedPath);
    const idsBefore = await Promise.all(
      (await messagePages(COMMENT, '201505')).map(async (name) =>
        messageIdOf(await page(COMMENT, '201505', name)),
      ),
    );

    const added = await addToArchive(archive, [
      {
        list: COMMENT,
        from: 'Ivan <ivan@example.com>',
        subject: 'Re: =?utf-8?Q?Gr=C3=BC=C3=9Fe?= from the list',
        date: 'Thu, 14 May 2015 09:00:00 +0000',
        messageId: '<may-5@example.com>',
        inReplyTo: '<may-1@example.com>',
        body: { kind: 'text', text: 'Late reply.\n' },
      },
      {
        list: TC,
        from: 'Judy <judy@example.com>',
        subject: 'A new month',
        date: 'Wed, 1 Jul 2015 10:00:00 +0000',
        messageId: '<tc-3@example.com>',
        body: { kind: 'text', text: 'July.\n' },
      },
    ]);

    const pages = await messagePages(COMMENT, '201505');
    expect(pages).toHaveLength(5);
    const idsAfter = await Promise.all(
      pages.map(async (name) => messageIdOf(await page(COMMENT, '201505', name))),
    );
    expect(idsAfter.slice(0, 4)).toEqual(idsBefore);
    expect(idsAfter[4]).toBe('may-5@example.com');
    expect(await etagOf(indexPath)).not.toBe(indexBefore);
    expect(await etagOf(untouchedPath)).toBe(untouchedBefore);

    expect(added.lists.find((list) => list.name === COMMENT)?.months).toEqual([
      { month: '201505', messages: 5 },
      { month: '201506', messages: 2 },
    ]);
    expect(added.lists.find((list) => list.name === TC)?.months.at(-1)).toEqual({
      month: '201507',
      messages: 1,
    });
    const tcHome = await page(TC, 'index.html');
    expect(tcHome.indexOf('July 2015')).toBeLessThan(tcHome.indexOf('June 2015'));
    expect(tcHome.indexOf('July 2015')).toBeGreaterThanOrEqual(0);
  });
});
