/**
 * Text from the archive is data. Hostile subjects and bodies (script tags, MDX expressions, import
 * lines), a 10 MB body and broken encodings go through the sync into proposals and, once screened,
 * records, as the literal text they were: the same string after a YAML round trip, valid files, no
 * markup. The site renders record text as text (test/e2e/errata-hostile.spec.ts shows that).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { acceptProposal, loadErrataSet, validateErrata } from '../../src/lib/errata';
import { runMailSync, type MailSyncReport } from '../../src/lib/mail-sync';
import { buildArchive, serveArchive, type ArchiveServer } from '../support/mhonarc';
import { COMMENT, createSyncSite, type SyncSite } from './scenario';

const HOSTILE_SUBJECT = "<script>window.__pwned = 1</script> {import('x')} Usage Guide ${y} `z`";
const TEN_MB = 10 * 1024 * 1024;

let archiveDir: string;
let server: ArchiveServer;
let site: SyncSite;
let report: MailSyncReport;

beforeAll(async () => {
  archiveDir = await mkdtemp(path.join(tmpdir(), 'mail-archive-hostile-'));
  const line = 'export default function X() { return <b onClick={() => alert(1)}>x</b> }\n';
  await buildArchive(archiveDir, [
    {
      list: COMMENT,
      from: '"{props.name}" <mdx@comments.example>',
      subject: HOSTILE_SUBJECT,
      date: 'Mon, 3 Aug 2015 10:00:00 +0000',
      messageId: '<big.hostile@comments.example>',
      body: {
        kind: 'text',
        text: `import fs from 'node:fs'\n${line.repeat(Math.ceil(TEN_MB / line.length))}`,
      },
    },
    {
      list: COMMENT,
      from: '=?UTF-8?B?/w==?= Broken <broken@comments.example>',
      subject: '=?UTF-8?B?/w==?= Usage Guide and a broken encoded word',
      date: 'Tue, 4 Aug 2015 10:00:00 +0000',
      messageId: '<broken.encoding@comments.example>',
      body: {
        kind: 'raw',
        contentType: 'text/plain; charset=utf-8',
        transferEncoding: '8bit',
        raw: Buffer.concat([
          Buffer.from('bytes that are not UTF-8: '),
          Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
          Buffer.from('\n'),
        ]),
      },
    },
  ]);
  server = await serveArchive(archiveDir);
  site = await createSyncSite();
  report = await runMailSync({
    paths: site.paths,
    archive: server.url,
    lists: [COMMENT],
    client: { requestsPerSecond: Infinity, timeoutMs: 60_000 },
  });
}, 180_000);
afterAll(async () => {
  await server.close();
  await site.remove();
  await rm(archiveDir, { recursive: true, force: true });
});

describe('hostile archive content', () => {
  test('the proposals hold the subjects as literal text, and every file is valid', async () => {
    expect(report.crawl.pagesRead).toBe(2);
    const set = await loadErrataSet(site.paths);
    expect(set.proposals.map((p) => p.findings)).toEqual([[], []]);
    const titles = set.proposals.map((p) => p.value?.title).sort();
    expect(titles).toEqual(
      ['\uFFFD Usage Guide and a broken encoded word', HOSTILE_SUBJECT].sort(),
    );
    const hostile = set.proposals.find((p) => p.value?.title === HOSTILE_SUBJECT);
    expect(hostile?.value?.reported.by).toBe('{props.name}');
    // The 10 MB body is not stored anywhere: proposals and the state hold subjects and names only.
    for (const file of [
      ...set.proposals.map((p) => p.path),
      path.join(site.paths.errataDir, 'sync', 'mail-state.json'),
    ]) {
      const text = await readFile(file, 'utf8');
      expect(text.length).toBeLessThan(20_000);
      expect(text).not.toContain('onClick');
    }
  });

  test('screened into a record, the hostile subject stays the same string and the record is valid', async () => {
    const set = await loadErrataSet(site.paths);
    const hostile = set.proposals.find((p) => p.value?.title === HOSTILE_SUBJECT);
    const created = await acceptProposal(site.paths, path.basename(hostile?.path ?? '', '.yaml'), {
      type: 'technical',
      affects: [{ document: 'ug-3.2-cn01', section: '2.5.2' }],
      anchor: '/guide/#the-rule-the-revision-is-built-on',
      summary: 'A thread whose subject is hostile markup.',
      original: 'Not applicable: a test thread.',
    });
    if (created.kind !== 'accepted') throw new Error(JSON.stringify(created));
    const record = parse(await readFile(created.path, 'utf8')) as { title: string };
    expect(record.title).toBe(HOSTILE_SUBJECT);
    const { findings } = await validateErrata(site.paths);
    expect(findings.filter((f) => f.file.endsWith(path.basename(created.path)))).toEqual([]);
  });
});
