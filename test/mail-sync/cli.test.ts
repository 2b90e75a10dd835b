/** `npm run errata -- sync-mail` as a program: its JSON report, --dry-run, and its exit codes. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MailThreadSummary } from '../../src/lib/archive';
import type { MailSyncChange } from '../../src/lib/mail-sync';
import { buildArchive, serveArchive, type ArchiveServer } from '../support/mhonarc';
import { startErrataCli, type ErrataCliResult } from '../support/errata-cli';
import { COMMENT, createSyncSite, IDS, scenarioMessages, TC, type SyncSite } from './scenario';

let archiveDir: string;
let server: ArchiveServer;
let site: SyncSite;

function syncMail(...args: string[]): Promise<ErrataCliResult> {
  return startErrataCli(site.dir, ['sync-mail', ...args]).done;
}

beforeAll(async () => {
  archiveDir = await mkdtemp(path.join(tmpdir(), 'mail-archive-cli-'));
  await buildArchive(archiveDir, scenarioMessages());
  server = await serveArchive(archiveDir);
  site = await createSyncSite({ mirror: server.url });
});
afterAll(async () => {
  await server.close();
  await site.remove();
  await rm(archiveDir, { recursive: true, force: true });
});

interface JsonReport {
  dryRun: boolean;
  threads: MailThreadSummary[];
  changes: MailSyncChange[];
}

describe('npm run errata -- sync-mail', () => {
  test('--dry-run --json reports the threads and the changes a run would make, and writes nothing', async () => {
    const before = await site.snapshot();
    const dry = await syncMail('--archive', server.url, '--rate', '1000', '--dry-run', '--json');
    expect(dry.code).toBe(0);
    const report = JSON.parse(dry.stdout) as JsonReport;
    expect(report.dryRun).toBe(true);
    expect(report.threads.find((t) => t.rootMessageId === IDS.comment.slice(1, -1))).toEqual({
      rootMessageId: IDS.comment.slice(1, -1),
      subject: 'PKCS#11 Usage Guide vs. POSIX issue',
      lists: [TC, COMMENT].sort(),
      messageIds: expect.any(Array) as unknown,
      messageCount: 5,
      firstDate: '2015-05-10T11:55:00Z',
      lastDate: '2015-06-02T06:00:00Z',
    });
    expect(report.changes).toContainEqual({ file: 'errata/E-0001.yaml', kind: 'updated' });
    expect(report.changes).toContainEqual({ file: 'errata/sync/mail-state.json', kind: 'created' });
    expect(await site.snapshot()).toEqual(before);

    const real = await syncMail('--archive', server.url, '--rate', '1000', '--json');
    expect(real.code).toBe(0);
    expect((JSON.parse(real.stdout) as JsonReport).changes).toEqual(report.changes);
    const again = await syncMail('--archive', server.url, '--rate', '1000');
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toContain('No file changed.');
  });

  test('usage errors exit 2; a list the archive lacks exits 2; an unreachable archive exits 1', async () => {
    const since = await syncMail('--since', '2015-13');
    expect(since.code).toBe(2);
    expect(since.stderr).toContain('--since 2015-13: expected a month YYYY-MM');
    const list = await syncMail('--archive', server.url, '--list', 'no-such-list');
    expect(list.code).toBe(2);
    expect(list.stderr).toContain(`there is no list no-such-list at ${server.url}no-such-list/`);
    const closed = await ArchiveGone();
    const down = await syncMail('--archive', closed, '--retries', '0');
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(
      /error: GET http:\/\/127\.0\.0\.1:\d+\/archives\/\S+ failed after 1 attempt: connect ECONNREFUSED/,
    );
    expect(down.stderr).toContain('No erratum was written');
    const help = await syncMail('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run errata -- sync-mail');
  });
});

/** The URL of an archive server that has just stopped: connections are refused. */
async function ArchiveGone(): Promise<string> {
  const gone = await serveArchive(archiveDir);
  await gone.close();
  return gone.url;
}
