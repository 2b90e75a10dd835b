/**
 * Citations are facts (issue #21): a record's mail thread is matched by Message-ID first, by page
 * only within the archive it names (or a mirror mapped in mail-rules.yaml), and only when the page
 * agrees with what the record holds. A disagreement is a conflict that leaves the file as it is;
 * a URL moves only when the same Message-ID is proven at a renumbered page of the same archive.
 * Every archive here is a real MHonArc archive served over local HTTP.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Erratum, MailThread } from '../../src/lib/errata';
import { parseMessagePage } from '../../src/lib/archive';
import { decodePage, runMailSync, type MailSyncReport } from '../../src/lib/mail-sync';
import {
  buildArchive,
  serveArchive,
  type ArchiveServer,
  type MailMessage,
} from '../support/mhonarc';
import { startErrataCli } from '../support/errata-cli';
import { createSyncSite, IDS, OASIS_ROOT, scenarioMessages, TC, type SyncSite } from './scenario';

const FAST = { concurrency: 2, requestsPerSecond: Infinity, retries: 2, backoffMs: 5 };
const CITED = `${OASIS_ROOT}${TC}/201505/msg00002.html`;

/** The same lists and months, other conversations: every path holds another message. */
function otherConversations(): MailMessage[] {
  const renamed = (id: string | undefined) =>
    id === undefined ? undefined : id.replace(/^<([^@]+)@.*>$/, '<other-$1@elsewhere.example>');
  return scenarioMessages().map((message, i) => {
    const other: MailMessage = {
      ...message,
      subject: `Other conversation ${i}`,
      body: { kind: 'text', text: `Nothing to do with the guide, number ${i}.\n` },
    };
    delete other.attachments;
    const messageId = renamed(message.messageId);
    if (messageId === undefined) delete other.messageId;
    else other.messageId = messageId;
    const inReplyTo = renamed(message.inReplyTo);
    if (inReplyTo === undefined) delete other.inReplyTo;
    else other.inReplyTo = inReplyTo;
    if (message.references !== undefined) {
      other.references = message.references.map((ref) => renamed(ref) ?? ref);
    }
    return other;
  });
}

const folders: string[] = [];
const servers: ArchiveServer[] = [];
async function archiveOf(messages: MailMessage[]): Promise<{ dir: string; server: ArchiveServer }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mail-citations-'));
  folders.push(dir);
  await buildArchive(path.join(dir, 'archives'), messages);
  const server = await serveArchive(path.join(dir, 'archives'));
  servers.push(server);
  return { dir: path.join(dir, 'archives'), server };
}

let real: ArchiveServer;
let realDir: string;
let other: ArchiveServer;
beforeAll(async () => {
  ({ server: real, dir: realDir } = await archiveOf(scenarioMessages()));
  other = (await archiveOf(otherConversations())).server;
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

function sync(
  site: SyncSite,
  archive: ArchiveServer,
  today = '2026-12-06',
): Promise<MailSyncReport> {
  return runMailSync({ paths: site.paths, archive: archive.url, client: FAST, today });
}

async function record(site: SyncSite): Promise<{ text: string; value: Erratum }> {
  const text = (await site.snapshot()).get('E-0001.yaml') ?? '';
  return { text, value: parse(text) as Erratum };
}

function mailThreads(value: Erratum): MailThread[] {
  return (value.threads ?? []).filter((t): t is MailThread => t.kind === 'mail');
}

describe('a second archive root holding other conversations at the same paths', () => {
  test('not mapped as a mirror: the record is not matched by page, and no byte of it changes', async () => {
    const site = await createSyncSite();
    try {
      const before = await record(site);
      const report = await sync(site, other);
      expect((await record(site)).text).toBe(before.text);
      expect(report.conflicts).toEqual([]);
      expect(report.changes.map((c) => c.file)).not.toContain('errata/E-0001.yaml');
    } finally {
      await site.remove();
    }
  });

  test('mapped as a mirror: the page’s subject disagrees, so a conflict names file, field, record and archive, and nothing is written', async () => {
    const site = await createSyncSite({ mirror: other.url });
    try {
      const before = await record(site);
      const report = await sync(site, other);
      expect((await record(site)).text).toBe(before.text);
      expect(report.conflicts).toEqual([
        {
          file: expect.stringMatching(/(^|\/)errata\/E-0001\.yaml$/) as string,
          field: 'threads[0].subject',
          record: 'FW: PKCS#11 Usage Guide vs. POSIX issue',
          archive: `Other conversation 3 at ${CITED}`,
          citation: CITED,
        },
      ]);
    } finally {
      await site.remove();
    }
  });

  test('a conflict the maintainer confirmed in the rules file is not reported again', async () => {
    const site = await createSyncSite({
      mirror: other.url,
      rules: `confirmed:\n  - file: errata/E-0001.yaml\n    citation: ${CITED}\n    note: checked by hand\n`,
    });
    try {
      const before = await record(site);
      const report = await sync(site, other);
      expect(report.conflicts).toEqual([]);
      expect((await record(site)).text).toBe(before.text);
    } finally {
      await site.remove();
    }
  });
});

describe('npm run errata -- sync-mail against the other archive, mapped as a mirror', () => {
  test('every format reports the conflict and exits 1; no published record changes', async () => {
    const site = await createSyncSite({ mirror: other.url });
    try {
      const before = await record(site);
      const expected: Record<string, RegExp> = {
        text: /E-0001\.yaml: threads\[0\]\.subject: the record says FW: PKCS#11 Usage Guide vs\. POSIX issue; the archive says Other conversation 3/,
        json: /"field": "threads\[0\]\.subject"/,
        markdown:
          /\| threads\[0\]\.subject \| FW: PKCS#11 Usage Guide vs\. POSIX issue \| Other conversation 3/,
        github:
          /^::error file=\S*E-0001\.yaml,title=mail sync conflict::threads\[0\]\.subject: the record says/m,
      };
      for (const [format, pattern] of Object.entries(expected)) {
        const run = await startErrataCli(site.dir, [
          'sync-mail',
          '--archive',
          other.url,
          '--rate',
          '1000',
          '--format',
          format,
        ]).done;
        expect(run.code, format).toBe(1);
        expect(run.stdout, format).toMatch(pattern);
        expect((await record(site)).text, format).toBe(before.text);
      }
    } finally {
      await site.remove();
    }
  });
});

describe('the same record synced against two archives in turn', () => {
  test('the citation from the real archive stays intact; each archive keeps its own state', async () => {
    const site = await createSyncSite({ mirror: [real.url, other.url] });
    try {
      await sync(site, real);
      const first = await record(site);
      const [tc] = mailThreads(first.value);
      expect(tc).toMatchObject({ archiveUrl: CITED, messageId: IDS.forward, messages: 2 });

      // The other archive holds another message (another Message-ID) at the cited page.
      const report = await sync(site, other);
      expect((await record(site)).text).toBe(first.text);
      const onRecord = report.conflicts.filter((c) => c.file.endsWith('E-0001.yaml'));
      expect(onRecord).toEqual([
        {
          file: expect.stringMatching(/(^|\/)errata\/E-0001\.yaml$/) as string,
          field: 'threads[0].messageId',
          record: IDS.forward,
          archive: `<other-fw.2015@elsewhere.example> at ${CITED}`,
          citation: CITED,
        },
        expect.objectContaining({ field: 'threads[1].messageId' }),
      ]);

      const again = await sync(site, real);
      expect(again.conflicts).toEqual([]);
      expect((await record(site)).text).toBe(first.text);
      const state = (await site.snapshot()).get('sync/mail-state.json') ?? '';
      expect(state).toContain(`"archive": "${real.url}"`);
      expect(state).toContain(`"archive": "${other.url}"`);
    } finally {
      await site.remove();
    }
  });
});

describe('a renumbered month', () => {
  test('the same Message-ID at a new page moves the URL, and the old one is kept with the date', async () => {
    const messages = scenarioMessages();
    const { dir, server } = await archiveOf(messages);
    const site = await createSyncSite({ mirror: server.url });
    try {
      await sync(site, server);
      expect(mailThreads((await record(site)).value)[0]).toMatchObject({
        archiveUrl: CITED,
        messageId: IDS.forward,
      });

      // The month is rebuilt with a message that sorts before the forward: it becomes msg00003.
      for (const entry of await readdir(dir)) {
        await rm(path.join(dir, entry), { recursive: true, force: true });
      }
      await buildArchive(dir, [
        ...messages,
        {
          list: TC,
          from: 'Member Three <m3@tc.example>',
          subject: '[pkcs11] Minutes of the call',
          date: 'Mon, 11 May 2015 09:00:00 +0000',
          messageId: '<minutes@tc.example>',
          body: { kind: 'text', text: 'Minutes attached.\n' },
        },
      ]);
      const report = await sync(site, server, '2026-12-06');
      expect(report.conflicts).toEqual([]);
      const [tc] = mailThreads((await record(site)).value);
      expect(tc).toMatchObject({
        messageId: IDS.forward,
        archiveUrl: `${OASIS_ROOT}${TC}/201505/msg00003.html`,
        movedFrom: [{ archiveUrl: CITED, date: '2026-12-06' }],
      });
    } finally {
      await site.remove();
    }
  });
});

describe('decoding never invents characters', () => {
  test('invalid bytes in the subject and the body become U+FFFD one by one; every other character is kept', async () => {
    const file = path.join(realDir, 'pkcs11-comment', '201505', 'msg00000.html');
    const page = await readFile(file);
    const swap = (bytes: Buffer, from: string, to: Buffer) =>
      Buffer.from(bytes.toString('latin1').split(from).join(to.toString('latin1')), 'latin1');
    // 0xFF 0xFE are never valid UTF-8; 0xC3 before a space is a cut sequence; é and ✓ are valid.
    let mixed = swap(
      page,
      'vs. POSIX',
      Buffer.from([...Buffer.from('vs.'), 0xff, 0xfe, ...Buffer.from(' POSIX é')]),
    );
    mixed = swap(
      mixed,
      'Section 2.5.2',
      Buffer.from([...Buffer.from('Section'), 0xc3, ...Buffer.from(' 2.5.2 ✓')]),
    );
    const location = { list: 'pkcs11-comment', month: '201505', number: 0, url: `${real.url}x` };
    const parsed = parseMessagePage(decodePage(mixed), location);
    expect(Array.from(parsed.subject)).toEqual(
      Array.from('PKCS#11 Usage Guide vs.\uFFFD\uFFFD POSIX é issue'),
    );
    expect(parsed.from).toBe('Jörg Müller');
    const body = parsed.body.map((block) => block.text).join('\n');
    const start = 'Section\uFFFD 2.5.2 ✓ ';
    expect(Array.from(body.slice(0, start.length))).toEqual(Array.from(start));
    // A declared charset is honoured: the same bytes under ISO-8859-1 are two Latin-1 letters.
    expect(decodePage(Buffer.from([0x41, 0xff, 0xfe]), 'text/html; charset=iso-8859-1')).toBe(
      'Aÿþ',
    );
  });
});

describe('each page at most once per run', () => {
  test('a first run with an empty state fetches no page twice, not even the pages records cite', async () => {
    const site = await createSyncSite({ mirror: real.url });
    try {
      real.resetLog();
      await sync(site, real);
      const fetched = real.requests.filter((r) => r.status === 200).map((r) => r.path);
      expect(fetched.length).toBeGreaterThan(0);
      expect(fetched.filter((p, i) => fetched.indexOf(p) !== i)).toEqual([]);
      expect(fetched).toContain(`/archives/${TC}/201505/msg00002.html`);
    } finally {
      await site.remove();
    }
  });
});
