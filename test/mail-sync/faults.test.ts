/**
 * The mail sync against a misbehaving server: resets, 500s, 429/503 with Retry-After, truncated
 * bodies, a slow server, pages missing from a month — and SIGKILL at seeded random points. The
 * sync completes with the same files as a clean run, or stops with a clear error leaving every
 * record as it was; a killed run is repaired by running again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { FetchError } from '../../src/lib/archive';
import { seededRandom } from '../../src/lib/bench/seeded-random';
import { runMailSync, type MailSyncReport } from '../../src/lib/mail-sync';
import { startErrataCli, type ErrataCliResult } from '../support/errata-cli';
import { buildArchive, serveArchive, type ArchiveServer } from '../support/mhonarc';
import { COMMENT, createSyncSite, scenarioMessages, TC, type SyncSite } from './scenario';

let archiveDir: string;
let server: ArchiveServer;
let reference: Map<string, string>;
let referenceReport: MailSyncReport;
const sites: SyncSite[] = [];

const CLIENT = { concurrency: 2, requestsPerSecond: Infinity, retries: 3, backoffMs: 5 };

async function newSite(): Promise<SyncSite> {
  const site = await createSyncSite();
  sites.push(site);
  return site;
}

function sync(site: SyncSite, client: Record<string, number> = {}): Promise<MailSyncReport> {
  // checkpointMs 0: what was read is saved after every month, as the interrupted runs need.
  return runMailSync({
    paths: site.paths,
    archive: server.url,
    checkpointMs: 0,
    client: { ...CLIENT, ...client },
  });
}

beforeAll(async () => {
  archiveDir = await mkdtemp(path.join(tmpdir(), 'mail-archive-faults-'));
  await buildArchive(archiveDir, scenarioMessages());
  server = await serveArchive(archiveDir);
  const site = await newSite();
  referenceReport = await sync(site);
  reference = await site.snapshot();
});
afterEach(() => {
  server.clearFaults();
  server.onRequest = undefined;
});
afterAll(async () => {
  await server.close();
  await Promise.all(sites.map((site) => site.remove()));
  await rm(archiveDir, { recursive: true, force: true });
});

describe('faults the sync rides out', () => {
  test('resets, 500s, 429 and 503 with Retry-After, and a truncated body: same files as a clean run', async () => {
    server.addFault({
      path: `${COMMENT}/201505/msg00000.html`,
      fault: { kind: 'reset' },
      times: 2,
    });
    server.addFault({
      path: `${TC}/201505/maillist.html`,
      fault: { kind: 'status', status: 500 },
      times: 2,
    });
    server.addFault({
      path: `${COMMENT}/201506/msg00000.html`,
      fault: { kind: 'status', status: 429, retryAfter: '1' },
      times: 1,
    });
    const soon = new Date(Date.now() + 1000).toUTCString();
    server.addFault({
      path: `${TC}/201506/maillist.html`,
      fault: { kind: 'status', status: 503, retryAfter: soon },
      times: 1,
    });
    server.addFault({ path: `${TC}/201505/msg00002.html`, fault: { kind: 'truncate' }, times: 1 });
    const site = await newSite();
    const arrivals: number[] = [];
    server.onRequest = (request) => {
      if (request.path.endsWith(`${COMMENT}/201506/msg00000.html`))
        arrivals.push(performance.now());
    };
    server.resetLog();
    const report = await sync(site);
    expect(await site.snapshot()).toEqual(reference);
    expect(report.requests.retries).toBeGreaterThanOrEqual(7);
    // The 429's Retry-After was honoured: its retry came a second after it, not at the 5 ms backoff.
    const faulted = server.requests.filter((r) =>
      r.path.endsWith(`${COMMENT}/201506/msg00000.html`),
    );
    expect(faulted.map((r) => r.status)).toEqual([429, 200]);
    expect((arrivals[1] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(950);
  });

  test('a slow server beyond the timeout stops the sync with a clear error; no record is touched', async () => {
    server.addFault({
      path: /201506\/maillist\.html$/,
      fault: { kind: 'delay', ms: 1500 },
      times: Infinity,
    });
    const site = await newSite();
    const before = await site.snapshot();
    const failure = await sync(site, { timeoutMs: 200, retries: 1 }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(FetchError);
    expect((failure as Error).message).toMatch(/201506\/maillist\.html/);
    expect((failure as Error).message).toMatch(/time/i);
    const after = await site.snapshot();
    expect(after.get('E-0001.yaml')).toBe(before.get('E-0001.yaml'));
    expect([...after.keys()].filter((file) => file.startsWith('inbox/'))).toEqual([]);
    // What was read before the failure is kept; the next run finishes the work.
    expect(after.get('sync/mail-state.json')).toContain('201505');
    server.clearFaults();
    server.resetLog();
    await sync(site);
    expect(await site.snapshot()).toEqual(reference);
    const refetched = server.requests.filter((r) => /201505\/msg\d+\.html$/.test(r.path));
    expect(refetched).toEqual([]);
  });

  test('a server error that does not pass gives up after the retries, naming the page', async () => {
    server.addFault({
      path: `${COMMENT}/201507/maillist.html`,
      fault: { kind: 'status', status: 500 },
      times: Infinity,
    });
    const site = await newSite();
    const failure = await sync(site, { retries: 2 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FetchError);
    expect((failure as Error).message).toContain(`${COMMENT}/201507/maillist.html`);
    expect((failure as FetchError).attempts).toBe(3);
  });

  test('a page the month index links but the server lacks: a warning, the rest synced, filled in next run', async () => {
    server.addFault({
      path: `${COMMENT}/201506/msg00001.html`,
      fault: { kind: 'status', status: 404 },
      times: Infinity,
    });
    const site = await newSite();
    const report = await sync(site);
    expect(report.warnings).toEqual([expect.stringContaining(`${COMMENT}/201506/msg00001.html`)]);
    expect((await site.snapshot()).get('E-0001.yaml')).toBe(reference.get('E-0001.yaml'));
    server.clearFaults();
    const next = await sync(site);
    expect(next.warnings).toEqual([]);
    expect(await site.snapshot()).toEqual(reference);
  });
});

/** Runs the CLI in the site folder, killed at the server's `killAtRequest`-th request if given. */
function runCli(
  site: SyncSite,
  env: Record<string, string>,
  killAtRequest?: number,
): Promise<ErrataCliResult> {
  const args = ['sync-mail', '--archive', server.url, '--concurrency', '1', '--checkpoint', '0'];
  const run = startErrataCli(site.dir, [...args, '--rate', '10000'], env);
  if (killAtRequest !== undefined) {
    server.onRequest = (_request, arrivals) => {
      if (arrivals === killAtRequest) run.child.kill('SIGKILL');
    };
  }
  return run.done;
}

describe('killed at seeded random points', () => {
  test('20 SIGKILLs, half of them between writing a temp file and renaming it: a rerun gives the same files', async () => {
    const random = seededRandom(20151005);
    // Every month visited writes the state once, then records, proposals and the state at the end.
    const writes = referenceReport.crawl.monthsVisited + referenceReport.changes.length - 1;
    server.resetLog();
    const site0 = await newSite();
    await sync(site0, { concurrency: 1 });
    const requests = server.requests.length;
    for (let i = 0; i < 20; i += 1) {
      const site = await newSite();
      server.resetLog();
      const atCommit = i % 2 === 0;
      const point = 1 + Math.floor(random() * (atCommit ? writes : requests));
      const outcome = atCommit
        ? await runCli(site, { ERRATA_CRASH_BEFORE_COMMIT: String(point) })
        : await runCli(site, {}, point);
      server.onRequest = undefined;
      if (atCommit) {
        // Killed with the temp file written and not yet renamed: it is still there.
        const files = [...(await site.snapshot()).keys()];
        expect(
          files.some((file) => file.endsWith('.tmp')),
          `iteration ${i}`,
        ).toBe(true);
      }
      expect(outcome.signal, `iteration ${i} (exit ${outcome.code}): ${outcome.stderr}`).toBe(
        'SIGKILL',
      );
      await sync(site);
      expect(
        await site.snapshot(),
        `iteration ${i} (${atCommit ? 'commit' : 'request'} ${point})`,
      ).toEqual(reference);
    }
  }, 240_000);
});
