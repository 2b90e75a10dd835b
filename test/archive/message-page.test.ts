import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseMessagePage, parseWholeMessagePage } from '../../src/lib/archive';
import { mhonarcSkeleton } from '../../src/lib/archive/mhonarc-skeleton';
import { scenarioMessages } from '../mail-sync/scenario';
import { buildArchive } from '../support/mhonarc';

const LOCATION = {
  list: 'pkcs11-comment',
  month: '201505',
  number: 3,
  url: 'https://lists.example/archives/pkcs11-comment/201505/msg00003.html',
};

/** A page shaped as MHonArc writes one; `parts` replace its pieces. */
function page(parts: { head?: string; body?: string; shown?: string } = {}): string {
  const head =
    parts.head ??
    [
      '<!-- MHonArc v2.6.19+ -->',
      '<!--X-Subject: Re: fork and C&#45;Initialize -->',
      '<!--X-From-R13: Oyvpr &#60;nyvprNrknzcyr.bet> -->',
      '<!--X-Date: Sun, 10 May 2015 12:55:00 +0000 -->',
      '<!--X-Message-Id: r1@comments.example -->',
      '<!--X-Reference: c1@comments.example -->',
    ].join('\n');
  return `${head}
<!--X-Head-End-->
<html><head><title>Re: fork and C-Initialize</title></head><body>
<div class="navigation">[<a href="msg00002.html">Date Prev</a>]</div>
<h1>Re: fork and C-Initialize</h1><hr>
<ul>
${parts.shown ?? '<li><em>Subject</em>: Re: fork and C-Initialize</li>\n<li><em>Date</em>: Mon, 11 May 2015 09:00:00 +0000</li>'}
</ul>
<hr>
<!--X-Body-of-Message-->
${parts.body ?? '<pre>The child must not call C_Initialize before it execs.</pre>'}
<!--X-Body-of-Message-End-->
<!--X-Follow-Ups-->
<hr><ul><li><strong>Follow-Ups</strong>:<ul>
<li><strong><a name="00007" href="msg00007.html">Re: fork</a></strong></li></ul></li></ul>
<!--X-Follow-Ups-End-->
<!--X-References-->
<ul><li><strong>References</strong>:<ul>
<li><strong><a name="00001" href="msg00001.html">fork</a></strong></li></ul></li></ul>
<!--X-References-End-->
<hr><ul><li>Prev by Date: <strong><a href="msg00002.html">fork</a></strong></li></ul>
</body></html>
`;
}

describe('a page read from its comments and marked regions alone', () => {
  test('reads the same message as the whole page', () => {
    const html = page();
    expect(mhonarcSkeleton(html)).toBeDefined();
    const read = parseMessagePage(html, LOCATION);
    expect(read).toEqual(parseWholeMessagePage(html, LOCATION));
    expect(read).toMatchObject({
      subject: 'Re: fork and C-Initialize',
      from: 'Alice',
      date: '2015-05-10T12:55:00Z',
      references: ['c1@comments.example'],
      followUpUrls: ['https://lists.example/archives/pkcs11-comment/201505/msg00007.html'],
      referenceUrls: ['https://lists.example/archives/pkcs11-comment/201505/msg00001.html'],
    });
    expect(read.body).toEqual([
      { kind: 'new', text: 'The child must not call C_Initialize before it execs.' },
    ]);
  });

  test('links to other messages resolve into the folder of the page, as a browser resolves them', () => {
    const url = 'https://lists.example/archives/pkcs11-comment/201505/msg00003.html?view=raw#top';
    const read = parseMessagePage(page(), { ...LOCATION, url });
    expect(read.followUpUrls).toEqual([new URL('msg00007.html', url).href]);
    expect(read.referenceUrls).toEqual([
      'https://lists.example/archives/pkcs11-comment/201505/msg00001.html',
    ]);
    expect(parseMessagePage(page(), { ...LOCATION, url: 'not a URL' }).followUpUrls).toEqual([]);
  });

  test('a header field missing from the comments is read from the visible list, as before', () => {
    const head = page()
      .split('\n')
      .slice(0, 6)
      .filter((line) => !line.startsWith('<!--X-Date'));
    const html = page({ head: head.join('\n') });
    const read = parseMessagePage(html, LOCATION);
    expect(read.date).toBe('2015-05-11T09:00:00Z');
    expect(read).toEqual(parseWholeMessagePage(html, LOCATION));
  });

  test('an element left open in the body takes in what follows, as the whole page reads it', () => {
    const html = page({ body: '<p>Unclosed <b>bold text' });
    const read = parseMessagePage(html, LOCATION);
    expect(read).toEqual(parseWholeMessagePage(html, LOCATION));
    // Read whole, the open <b> holds the rest of the page, the bottom navigation included.
    expect(read.body.map((block) => block.text).join('\n')).toContain('Prev by Date');
  });

  test('pages not laid out as MHonArc writes them are not cut down', () => {
    expect(mhonarcSkeleton('<html><body><p>hand-made</p></body></html>')).toBeUndefined();
    const twice = page({ body: '<!--X-Body-of-Message-->again' });
    expect(mhonarcSkeleton(twice)).toBeUndefined();
    const notOnlyComments = page({ head: '<!--X-Subject: a -->\n<p>stray</p>' });
    expect(mhonarcSkeleton(notOnlyComments)).toBeUndefined();
    const outOfOrder = page().replace(
      /(<!--X-Follow-Ups-->[\s\S]*<!--X-Follow-Ups-End-->)\n(<!--X-References-->[\s\S]*<!--X-References-End-->)/,
      '$2\n$1',
    );
    expect(mhonarcSkeleton(outOfOrder)).toBeUndefined();
    for (const html of [twice, notOnlyComments, outOfOrder]) {
      expect(parseMessagePage(html, LOCATION)).toEqual(parseWholeMessagePage(html, LOCATION));
    }
  });
});

describe('every page of a real MHonArc archive reads the same cut down as whole', () => {
  let root = '';
  const pages: { file: string; html: string }[] = [];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'message-page-'));
    await buildArchive(root, scenarioMessages());
    const files = await readdir(root, { recursive: true });
    for (const file of files.filter((name) => /msg\d+\.html$/.test(name)).sort()) {
      pages.push({ file, html: (await readFile(path.join(root, file))).toString('latin1') });
    }
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('each message page', () => {
    expect(pages.length).toBeGreaterThan(10);
    for (const { file, html } of pages) {
      // Every page MHonArc wrote is laid out as the cut-down reading expects.
      expect(mhonarcSkeleton(html), file).toBeDefined();
      expect(parseMessagePage(html, LOCATION), file).toEqual(parseWholeMessagePage(html, LOCATION));
    }
  });
});
