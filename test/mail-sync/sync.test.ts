/**
 * The mail sync against real MHonArc archives served over HTTP: threads rebuilt across months,
 * lists and forwards; records and proposals written through the errata library; idempotent and
 * incremental runs; --since and --dry-run.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sourceKey, validateErrata, type Erratum, type MailThread } from '../../src/lib/errata';
import { parseMessagePage } from '../../src/lib/archive';
import { decodePage, runMailSync, type MailSyncReport } from '../../src/lib/mail-sync';
import {
  addToArchive,
  buildArchive,
  serveArchive,
  type ArchiveServer,
  type BuiltArchive,
} from '../support/mhonarc';
import {
  COMMENT,
  createSyncSite,
  IDS,
  OASIS_ROOT,
  scenarioMessages,
  TC,
  type SyncSite,
} from './scenario';

let archiveDir: string;
let archive: BuiltArchive;
let server: ArchiveServer;

const FAST = { concurrency: 2, requestsPerSecond: Infinity, retries: 2, backoffMs: 5 };

beforeAll(async () => {
  archiveDir = await mkdtemp(path.join(tmpdir(), 'mail-archive-'));
  archive = await buildArchive(archiveDir, scenarioMessages());
  server = await serveArchive(archiveDir);
});
afterAll(async () => {
  await server.close();
  await rm(archiveDir, { recursive: true, force: true });
});

async function sync(
  site: SyncSite,
  extra: Partial<Parameters<typeof runMailSync>[0]> = {},
): Promise<MailSyncReport> {
  return runMailSync({ paths: site.paths, archive: server.url, client: FAST, ...extra });
}

function bare(id: string): string {
  return id.replace(/^<|>$/g, '');
}

function recordOf(files: Map<string, string>, name: string): Erratum {
  return parse(files.get(name) ?? '') as Erratum;
}

describe('message pages as MHonArc writes them', () => {
  async function page(list: string, month: string, number: number) {
    const file = path.join(archiveDir, list, month, `msg${String(number).padStart(5, '0')}.html`);
    const html = decodePage(await readFile(file));
    const location = {
      list,
      month,
      number,
      url: `${server.url}${list}/${month}/msg${number}.html`,
    };
    return { html, location, parsed: parseMessagePage(html, location) };
  }

  test('the comments give the exact header values: R13 sender, encoded words, references', async () => {
    const { parsed } = await page(COMMENT, '201506', 0);
    expect(parsed).toMatchObject({
      source: 'comments',
      messageId: bare(IDS.nextMonthReply),
      from: 'Renée Dupont',
      subject: 'AW: Re: [pkcs11-comment] PKCS#11 Usage Guide vs. POSIX issue',
      date: '2015-06-02T06:00:00Z',
      references: [bare(IDS.comment), bare(IDS.reply)],
      body: [{ kind: 'new', text: 'A reply in the next month.' }],
    });
    const html = await page(COMMENT, '201506', 1);
    expect(html.parsed.attachments).toEqual([
      {
        name: 'notes.pdf',
        url: `${server.url}${COMMENT}/201506/msg00001/notes.pdf`,
        description: expect.any(String) as unknown,
      },
    ]);
    expect(html.parsed.body).toEqual([
      { kind: 'new', text: 'Is 2.5.1 still right?' },
      { kind: 'quoted', text: '> old text' },
    ]);
  });

  test('without the comments, the visible page gives the same subject, sender, date and text', async () => {
    for (const [list, month, number] of [
      [COMMENT, '201505', 0],
      [TC, '201505', 2],
      [COMMENT, '201506', 1],
    ] as const) {
      const { html, location, parsed } = await page(list, month, number);
      const bareHtml = html.replace(/<!--X-[\s\S]*?-->/g, '');
      expect(bareHtml).not.toContain('X-Body-of-Message');
      const visible = parseMessagePage(bareHtml, location);
      expect(visible.source).toBe('visible');
      expect(visible.syntheticId).toBe(true);
      expect({ ...visible, source: parsed.source, messageId: parsed.messageId }).toMatchObject({
        subject: parsed.subject,
        from: parsed.from,
        date: parsed.date,
        body: parsed.body,
      });
    }
  });
});

describe('a first sync of the archive', () => {
  let site: SyncSite;
  let report: MailSyncReport;
  let before: Map<string, string>;
  let after: Map<string, string>;
  beforeAll(async () => {
    site = await createSyncSite({ mirror: server.url });
    before = await site.snapshot();
    report = await sync(site);
    after = await site.snapshot();
  });
  afterAll(async () => {
    await site.remove();
  });

  test('the comment, its replies across a month, its forward to the TC list and the reply there are one thread', () => {
    const thread = report.threads.find((t) => t.rootMessageId === bare(IDS.comment));
    expect(thread).toMatchObject({
      subject: 'PKCS#11 Usage Guide vs. POSIX issue',
      lists: [TC, COMMENT].sort(),
      messageIds: [IDS.comment, IDS.forward, IDS.tcReply, IDS.reply, IDS.nextMonthReply].map(bare),
      messageCount: 5,
      firstDate: '2015-05-10T11:55:00Z',
      lastDate: '2015-06-02T06:00:00Z',
    });
  });

  test('a cross-post is one message in both lists; TC chatter is not followed', () => {
    const cross = report.threads.find((t) => t.rootMessageId === bare(IDS.crossPost));
    expect(cross).toMatchObject({ lists: [TC, COMMENT].sort(), messageCount: 1 });
    const followed = report.threads.flatMap((t) => t.messageIds);
    for (const chatter of IDS.chatter) expect(followed).not.toContain(bare(chatter));
  });

  test('the record citing the forward (on the mirrored root) keeps its URL, gains its Message-ID, counts and the comment list’s entry; human-owned fields unchanged', () => {
    const old = recordOf(before, 'E-0001.yaml');
    const record = recordOf(after, 'E-0001.yaml');
    const { threads, ...human } = record;
    delete old.threads;
    expect(human).toEqual(old);
    expect(threads).toEqual([
      {
        kind: 'mail',
        list: TC,
        messageId: IDS.forward,
        archiveUrl: `${OASIS_ROOT}${TC}/201505/msg00002.html`,
        subject: 'FW: PKCS#11 Usage Guide vs. POSIX issue',
        messages: 2,
        lastActivity: '2015-05-13T10:00:00Z',
      },
      {
        kind: 'mail',
        list: COMMENT,
        messageId: IDS.comment,
        archiveUrl: `${OASIS_ROOT}${COMMENT}/201505/msg00000.html`,
        subject: 'PKCS#11 Usage Guide vs. POSIX issue',
        messages: 3,
        lastActivity: '2015-06-02T06:00:00Z',
      },
    ]);
    // Comments and the $schema line survive: the file only grew where the threads changed.
    expect(after.get('E-0001.yaml')?.split('\n')[0]).toBe(
      before.get('E-0001.yaml')?.split('\n')[0],
    );
  });

  test('new comment threads about the guide become proposals; the unsubscribe and the TC draft do not', () => {
    const proposals = [...after.keys()].filter((file) => file.startsWith('inbox/')).sort();
    const expected = [IDS.htmlOnly, IDS.crossPost, IDS.hostile].map(
      (id) =>
        `inbox/${sourceKey({ kind: 'mail', list: COMMENT, messageId: id, subject: 'x', messages: 1, lastActivity: '2015-01' })}.yaml`,
    );
    // The message without Message-ID is keyed by its archived page, cited under the root the
    // local archive mirrors.
    const noId = `inbox/${sourceKey({ kind: 'mail', list: COMMENT, archiveUrl: `${OASIS_ROOT}${COMMENT}/201507/msg00001.html`, subject: 'x', messages: 1, lastActivity: '2015-01' })}.yaml`;
    expect(proposals).toEqual([...expected, noId].sort());
    const cross = parse(after.get(expected[1] ?? '') ?? '') as {
      title: string;
      reported: unknown;
      threads: MailThread[];
    };
    expect(cross.title).toBe('Usage Guide: fork and threads');
    expect(cross.reported).toEqual({ date: '2015-06-15', by: 'Carl Cross', via: COMMENT });
    expect(cross.threads.map((t) => t.list)).toEqual([COMMENT, TC]);
    const noIdProposal = parse(after.get(noId) ?? '') as { threads: MailThread[] };
    expect(noIdProposal.threads[0]?.messageId).toBeUndefined();
  });

  test('every file is valid, and no e-mail address is stored anywhere (names only)', async () => {
    const { findings } = await validateErrata(site.paths);
    expect(findings).toEqual([]);
    // Message-IDs look like addresses by definition and are kept; nothing else may.
    const ids = [...Object.values(IDS).flat()].map(bare);
    for (const [file, text] of after) {
      const withoutIds = ids.reduce((rest, id) => rest.split(id).join(''), text);
      expect(withoutIds, file).not.toMatch(/[A-Za-z0-9._-]+@(comments|tc|lists)\.example/);
    }
    expect(after.get('sync/mail-state.json')).toContain('"from": "Jörg Müller"');
  });

  test('report: threads and changes in the documented shape', () => {
    expect(report.changes).toEqual(
      expect.arrayContaining([
        { file: expect.stringMatching(/E-0001\.yaml$/) as string, kind: 'updated' },
      ]),
    );
    expect(report.changes.filter((c) => c.kind === 'created')).toHaveLength(5);
    expect(report.warnings).toEqual([]);
  });

  test('a second run with nothing new asks only conditional questions and changes no file', async () => {
    const mtimes = await Promise.all(
      [...after.keys()].map(async (f) => (await stat(path.join(site.paths.errataDir, f))).mtimeMs),
    );
    server.resetLog();
    const again = await sync(site);
    expect(again.changes).toEqual([]);
    expect(again.requests.bodies).toBe(0);
    expect(again.requests.requests).toBe(again.requests.notModified);
    expect(server.requests.every((r) => r.conditional && r.status === 304)).toBe(true);
    expect(await site.snapshot()).toEqual(after);
    const mtimesAfter = await Promise.all(
      [...after.keys()].map(async (f) => (await stat(path.join(site.paths.errataDir, f))).mtimeMs),
    );
    expect(mtimesAfter).toEqual(mtimes);
  });

  test('a state an earlier version kept as YAML is read, saved as JSON and removed', async () => {
    const syncDir = path.join(site.paths.errataDir, 'sync');
    const json = after.get('sync/mail-state.json') ?? '';
    await writeFile(path.join(syncDir, 'mail-state.yaml'), stringify(JSON.parse(json)));
    await rm(path.join(syncDir, 'mail-state.json'));
    const before = await site.snapshot();
    const dry = await sync(site, { dryRun: true });
    expect(await site.snapshot()).toEqual(before);
    const again = await sync(site);
    expect(dry.changes).toEqual(again.changes);
    expect(again.requests.bodies).toBe(0);
    expect(again.changes).toEqual([
      { file: expect.stringMatching(/sync\/mail-state\.json$/) as string, kind: 'created' },
      { file: expect.stringMatching(/sync\/mail-state\.yaml$/) as string, kind: 'removed' },
    ]);
    expect(await site.snapshot()).toEqual(after);
  });
});

describe('runs over time', () => {
  let site: SyncSite;
  beforeAll(async () => {
    site = await createSyncSite({ mirror: server.url });
  });
  afterAll(async () => {
    await site.remove();
  });

  test('--dry-run reports what a real run changes and writes nothing', async () => {
    const before = await site.snapshot();
    const dry = await sync(site, { dryRun: true });
    expect(await site.snapshot()).toEqual(before);
    const real = await sync(site);
    expect(dry.changes).toEqual(real.changes);
  });

  test('new messages in a later month: only they are fetched, and --since keeps the earlier thread whole', async () => {
    archive = await addToArchive(archive, [
      {
        list: COMMENT,
        from: 'Bob Smith <bob@comments.example>',
        subject: 'Re: PKCS#11 Usage Guide vs. POSIX issue',
        date: 'Tue, 1 Sep 2015 10:00:00 +0000',
        messageId: '<c9.2015@comments.example>',
        inReplyTo: IDS.nextMonthReply,
        references: [IDS.comment, IDS.reply, IDS.nextMonthReply],
        body: { kind: 'text', text: 'Any news?\n' },
      },
      {
        list: TC,
        from: 'Chair Person <chair@tc.example>',
        subject: 'RE: FW: PKCS#11 Usage Guide vs. POSIX issue',
        date: 'Wed, 2 Sep 2015 10:00:00 +0000',
        messageId: '<t9.2015@tc.example>',
        references: [IDS.forward, IDS.tcReply],
        body: { kind: 'text', text: 'Discussed in the call.\n' },
      },
    ]);
    server.resetLog();
    const report = await sync(site, { since: '2015-09' });
    const pagesFetched = server.requests.filter(
      (r) => /msg\d+\.html$/.test(r.path) && r.status === 200,
    );
    expect(pagesFetched.map((r) => r.path).sort()).toEqual(
      [`/archives/${TC}/201509/msg00000.html`, `/archives/${COMMENT}/201509/msg00000.html`].sort(),
    );
    const record = parse((await site.snapshot()).get('E-0001.yaml') ?? '') as Erratum;
    expect(
      record.threads?.map((t) => [
        t.kind === 'mail' ? t.list : '',
        t.kind === 'mail' ? t.messages : 0,
      ]),
    ).toEqual([
      [TC, 3],
      [COMMENT, 4],
    ]);
    expect(report.threads.find((t) => t.rootMessageId === bare(IDS.comment))?.messageCount).toBe(7);
  });

  test('a thread screened out in errata/inbox/ignored.yaml is not proposed again', async () => {
    const fresh = await createSyncSite({ mirror: server.url });
    try {
      const key = sourceKey({
        kind: 'mail',
        list: COMMENT,
        messageId: IDS.htmlOnly,
        subject: 'x',
        messages: 1,
        lastActivity: '2015-01',
      });
      const { writeFile, mkdir } = await import('node:fs/promises');
      await mkdir(fresh.paths.inboxDir, { recursive: true });
      await writeFile(
        fresh.paths.ignoredFile,
        `# yaml-language-server: $schema=../../static/schemas/errata-ignored.schema.json\n\nignored:\n  - key: ${key}\n    title: Question about the Usage Guide, section 2.5.1\n    date: 2015-07-01\n`,
      );
      await sync(fresh);
      expect([...(await fresh.snapshot()).keys()]).not.toContain(`inbox/${key}.yaml`);
    } finally {
      await fresh.remove();
    }
  });
});
