/**
 * The GitHub sync against a local GitHub whose every request and response is checked against
 * GitHub's OpenAPI description (test/fixtures/github/openapi-subset.json): push, pull, inbox
 * proposals, conflicts, idempotence, faults, kill -9, and the token kept out of everything.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  errataPaths,
  serialiseErratum,
  type Erratum,
  type ErrataPaths,
} from '../../src/lib/errata';
import { loadContract, startFakeGitHub, type Contract, type FakeGitHub } from '../support/github';
import { startErrataCli } from '../support/errata-cli';
import { readTree } from '../support/file-tree';
import { markerOf, runGitHubSync, type GitHubSyncReport } from '../../src/lib/github-sync';

const PROJECT_DIR = path.resolve(import.meta.dirname, '..', '..');
const TOKEN = 'ghp_TESTTOKEN_d0n0tl3ak_7Qx9';
const OWNER = 'example';
const REPO = 'usage-guide';
const REPOSITORY = `${OWNER}/${REPO}`;

let contract: Contract;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  contract = await loadContract(
    path.join(PROJECT_DIR, 'test', 'fixtures', 'github', 'openapi-subset.json'),
  );
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function fakeGitHub(): Promise<FakeGitHub> {
  const fake = await startFakeGitHub({ contract, owner: OWNER, repo: REPO, token: TOKEN });
  cleanups.push(() => fake.close());
  return fake;
}

const STATUSES: Erratum['status'][] = [
  'reported',
  'under-review',
  'resolved',
  'rejected',
  'reported',
];

/** Record n of a set of 50: statuses and types vary, decided ones carry a resolution. */
function record(n: number): Erratum {
  const id = `E-${String(n).padStart(4, '0')}`;
  const status = STATUSES[(n - 1) % STATUSES.length] ?? 'reported';
  const history: Erratum['history'] = [{ date: '2024-01-02', status: 'reported' }];
  if (status !== 'reported') history.push({ date: '2024-02-03', status: 'under-review' });
  if (status === 'resolved')
    history.push(
      { date: '2024-03-04', status: 'accepted' },
      { date: '2024-04-05', status: 'resolved' },
    );
  if (status === 'rejected') history.push({ date: '2024-03-04', status: 'rejected' });
  return {
    id,
    title: `Erratum number ${n} of the test set`,
    type: n % 3 === 0 ? 'editorial' : 'technical',
    status,
    affects: [{ document: 'ug-3.2-cn01', section: '2.5.2' }],
    anchor: '/guide/#the-rule-the-revision-is-built-on',
    reported: { date: '2024-01-02', by: `Commenter ${n}`, via: 'pkcs11-comment' },
    summary: `What is wrong in case ${n}.`,
    original: 'The text as published.',
    ...(status === 'resolved' || status === 'rejected'
      ? { resolution: { decision: 'Decided.', date: '2024-03-04', where: 'TC call' } }
      : {}),
    history,
  };
}

interface Site {
  dir: string;
  paths: ErrataPaths;
  files(): Promise<Map<string, string>>;
}

async function site(count: number): Promise<Site> {
  const dir = await mkdtemp(path.join(tmpdir(), 'github-sync-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const errataDir = path.join(dir, 'errata');
  await mkdir(errataDir, { recursive: true });
  for (let n = 1; n <= count; n += 1) {
    const value = record(n);
    await writeFile(path.join(errataDir, `${value.id}.yaml`), serialiseErratum(value));
  }
  const files = () => readTree(errataDir);
  return { dir, paths: errataPaths(PROJECT_DIR, errataDir), files };
}

function sync(
  s: Site,
  fake: FakeGitHub,
  extra: Partial<Parameters<typeof runGitHubSync>[0]> = {},
): Promise<GitHubSyncReport> {
  return runGitHubSync({
    paths: s.paths,
    repository: REPOSITORY,
    token: TOKEN,
    apiUrl: fake.url,
    pageUrl: (id) => `https://example.org/errata/${id}`,
    // GitHub asks for a second between writes and backs off in seconds; the local server needs neither.
    client: { minWriteIntervalMs: 0, retryBaseDelayMs: 20 },
    ...extra,
  });
}

function recordIn(files: Map<string, string>, id: string): Erratum {
  return parse(files.get(`${id}.yaml`) ?? '') as Erratum;
}

describe('push and pull', () => {
  test('a first sync of 50 records creates 50 issues; a second sends no write and is answered 304 throughout', async () => {
    const fake = await fakeGitHub();
    const s = await site(50);
    const first = await sync(s, fake);
    const issues = fake.issues();
    expect(issues).toHaveLength(50);
    expect(issues.map((issue) => markerOf(issue.body)).sort()).toEqual(
      Array.from({ length: 50 }, (_, i) => `E-${String(i + 1).padStart(4, '0')}`).sort(),
    );
    const e3 = issues.find((issue) => markerOf(issue.body) === 'E-0003');
    expect(e3).toMatchObject({
      title: 'E-0003: Erratum number 3 of the test set',
      state: 'closed',
    });
    expect(e3?.labels.sort()).toEqual(['erratum', 'status:resolved', 'type:editorial']);
    expect(issues.find((issue) => markerOf(issue.body) === 'E-0001')?.state).toBe('open');
    const files = await s.files();
    expect(recordIn(files, 'E-0003').threads).toEqual([
      {
        kind: 'github',
        repository: REPOSITORY,
        issue: e3?.number,
        url: expect.stringMatching(new RegExp(`/${REPOSITORY}/issues/${e3?.number}$`)) as unknown,
        state: 'closed',
        labels: ['erratum', 'status:resolved', 'type:editorial'],
        comments: 0,
        linkedPullRequests: [],
        lastActivity: e3?.updatedAt,
      },
    ]);
    expect(fake.violations).toEqual([]);
    const writesFirst = fake.requests.filter((r) => r.write).length;
    // 50 creates, and a close for each of the 20 resolved or rejected records.
    expect(writesFirst).toBe(70);
    expect(first.stats.writes).toBe(70);

    fake.resetLog();
    const second = await sync(s, fake);
    expect(fake.requests.filter((r) => r.write)).toEqual([]);
    expect(fake.requests.every((r) => r.conditional && r.status === 304)).toBe(true);
    expect(second.changes).toEqual([]);
    expect(await s.files()).toEqual(files);
    expect(fake.violations).toEqual([]);
    console.info(
      `50 records: first sync ${first.stats.requests} requests (${first.stats.reads} reads, ${first.stats.writes} writes); no-change re-sync ${second.stats.requests} requests (${second.stats.notModified} answered 304, ${second.stats.writes} writes)`,
    );
  });

  test('comments and a pull request that mentions the issue flow into the record without a write', async () => {
    const fake = await fakeGitHub();
    const s = await site(2);
    await sync(s, fake);
    const issue = fake.issues().find((i) => markerOf(i.body) === 'E-0001');
    if (issue === undefined) throw new Error('no issue for E-0001');
    fake.addComment(issue.number, 'The TC discussed this on the call.');
    fake.addCrossReference(issue.number, { number: 99, title: 'Fix §2.5.2' });
    fake.resetLog();
    const report = await sync(s, fake);
    expect(report.stats.writes).toBe(0);
    const entry = recordIn(await s.files(), 'E-0001').threads?.[0];
    expect(entry).toMatchObject({ comments: 1 });
    expect(entry?.kind === 'github' ? entry.linkedPullRequests : []).toEqual([
      expect.stringMatching(/\/pull\/99$/) as unknown,
    ]);
    expect(fake.violations).toEqual([]);
  });

  test('a status changed in the record is pushed: labels and state, nothing else', async () => {
    const fake = await fakeGitHub();
    const s = await site(1);
    await sync(s, fake);
    const file = path.join(s.paths.errataDir, 'E-0001.yaml');
    const value = recordIn(await s.files(), 'E-0001');
    await writeFile(
      file,
      serialiseErratum({
        ...value,
        status: 'under-review',
        history: [...value.history, { date: '2024-05-06', status: 'under-review' }],
      }),
    );
    const report = await sync(s, fake);
    expect(report.conflicts).toEqual([]);
    expect(report.requests).toEqual([
      expect.objectContaining({ method: 'PATCH', id: 'E-0001', fields: ['body', 'labels'] }),
    ]);
    expect(fake.issues()[0]?.labels.sort()).toEqual([
      'erratum',
      'status:under-review',
      'type:technical',
    ]);
  });

  test('an issue labelled erratum that no record claims becomes an inbox proposal', async () => {
    const fake = await fakeGitHub();
    const s = await site(1);
    const stray = fake.seedIssue({
      title: 'The guide says fork is safe (mail me: someone@example.org)',
      labels: ['erratum'],
      author: 'octocat',
    });
    fake.seedIssue({ title: 'Not an erratum', labels: ['question'] });
    await sync(s, fake);
    const key = `github-${OWNER}-${REPO}-${stray.number}`;
    const files = await s.files();
    const proposal = parse(files.get(`inbox/${key}.yaml`) ?? '') as {
      title: string;
      reported: unknown;
    };
    expect(proposal.title).toBe('The guide says fork is safe (mail me: [address removed])');
    expect(proposal.reported).toMatchObject({ by: 'octocat', via: 'GitHub' });
    expect([...files.keys()].filter((f) => f.startsWith('inbox/'))).toHaveLength(1);
  });
});

describe('conflicts: the record owns status and type', () => {
  async function conflicted() {
    const fake = await fakeGitHub();
    const s = await site(1);
    await sync(s, fake);
    const issue = fake.issues()[0];
    if (issue === undefined) throw new Error('no issue');
    fake.editIssue(issue.number, {
      labels: ['erratum', 'status:under-review', 'type:technical', 'help wanted'],
    });
    return { fake, s };
  }

  test('a label changed on GitHub is reported and neither side changes', async () => {
    const { fake, s } = await conflicted();
    const before = await s.files();
    fake.resetLog();
    const report = await sync(s, fake);
    expect(report.conflicts).toEqual([
      expect.objectContaining({
        id: 'E-0001',
        field: 'status',
        record: 'reported',
        github: 'under-review',
        lastSynced: 'reported',
      }),
    ]);
    expect(fake.requests.filter((r) => r.write)).toEqual([]);
    const after = recordIn(await s.files(), 'E-0001');
    expect(after.status).toBe('reported');
    expect(after.history).toEqual(recordIn(before, 'E-0001').history);
  });

  test('--prefer github takes the status into the record with a history entry; --prefer record pushes it back', async () => {
    const { fake, s } = await conflicted();
    const taken = await sync(s, fake, { prefer: 'github' });
    expect(taken.conflicts).toEqual([]);
    const value = recordIn(await s.files(), 'E-0001');
    expect(value.status).toBe('under-review');
    expect(value.history.at(-1)).toMatchObject({ status: 'under-review' });
    expect(value.history.at(-1)?.note).toContain('GitHub');
    // The maintainer's own label stays.
    expect(fake.issues()[0]?.labels).toContain('help wanted');
    const again = await sync(s, fake);
    expect(again.conflicts).toEqual([]);
    expect(again.stats.writes).toBe(0);

    const other = await conflicted();
    await sync(other.s, other.fake, { prefer: 'record' });
    expect(other.fake.issues()[0]?.labels.sort()).toEqual([
      'erratum',
      'help wanted',
      'status:reported',
      'type:technical',
    ]);
    expect(recordIn(await other.s.files(), 'E-0001').status).toBe('reported');
  });
});

describe('dry run, faults, kill -9 and the token', () => {
  test('--dry-run reads, plans and prints the write requests, and writes nothing anywhere', async () => {
    const fake = await fakeGitHub();
    const s = await site(3);
    const before = await s.files();
    const report = await sync(s, fake, { dryRun: true });
    expect(report.requests.map((r) => `${r.method} ${r.path} ${r.id}`)).toEqual([
      `POST /repos/${REPOSITORY}/issues E-0001`,
      `POST /repos/${REPOSITORY}/issues E-0002`,
      `POST /repos/${REPOSITORY}/issues E-0003`,
    ]);
    expect(fake.requests.filter((r) => r.write)).toEqual([]);
    expect(fake.issues()).toEqual([]);
    expect(await s.files()).toEqual(before);
  });

  test('a rate limit hit mid-run, 5xx bursts and resets: the sync completes, one issue per record', async () => {
    const fake = await fakeGitHub();
    const s = await site(12);
    fake.addFault({
      method: 'POST',
      path: /\/issues$/,
      times: 2,
      fault: { kind: 'status', status: 502 },
    });
    fake.addFault({ method: 'GET', path: /\/issues$/, times: 1, fault: { kind: 'reset' } });
    fake.addFault({
      method: 'PATCH',
      path: /\/issues\/\d+$/,
      times: 1,
      fault: { kind: 'secondary-rate-limit', status: 429, retryAfter: 1 },
    });
    fake.onRequest = (_request, arrivals) => {
      if (arrivals === 8) fake.exhaustRateLimit(1);
    };
    const report = await sync(s, fake);
    expect(report.stats.retries + report.stats.rateLimited).toBeGreaterThanOrEqual(4);
    expect(fake.issues()).toHaveLength(12);
    expect(new Set(fake.issues().map((issue) => markerOf(issue.body))).size).toBe(12);
    expect(fake.violations).toEqual([]);
  });

  test('kill -9 in the middle of creating issues, then a rerun: no duplicate issue, every record linked', async () => {
    const fake = await fakeGitHub();
    const s = await site(10);
    const run = (killAtPost?: number) => {
      const { child, done } = startErrataCli(s.dir, ['sync-github', '--repo', REPOSITORY], {
        GITHUB_TOKEN: TOKEN,
        GITHUB_API_URL: fake.url,
      });
      let posts = 0;
      fake.onRequest = (request) => {
        if (request.method === 'POST') posts += 1;
        if (killAtPost !== undefined && posts === killAtPost) child.kill('SIGKILL');
      };
      return done.then((result) => ({ ...result, output: result.stdout + result.stderr }));
    };
    const killed = await run(6);
    expect(killed.signal).toBe('SIGKILL');
    const created = fake.issues().length;
    expect(created).toBeGreaterThan(0);
    expect(created).toBeLessThan(10);
    const rerun = await run();
    expect(rerun.code, rerun.output).toBe(0);
    const markers = fake.issues().map((issue) => markerOf(issue.body));
    expect(markers).toHaveLength(10);
    expect(new Set(markers).size).toBe(10);
    const files = await s.files();
    for (let n = 1; n <= 10; n += 1) {
      const id = `E-${String(n).padStart(4, '0')}`;
      const issue = fake.issues().find((i) => markerOf(i.body) === id);
      expect(recordIn(files, id).threads?.[0]).toMatchObject({
        kind: 'github',
        issue: issue?.number,
      });
    }
    expect(fake.violations).toEqual([]);
    // The token is nowhere: not in the output, not in any file the sync wrote.
    expect(rerun.output + killed.output).not.toContain(TOKEN);
    for (const [file, text] of files) expect(text, file).not.toContain(TOKEN);
  });

  test('a refused token: a clear error naming the status, and the token is not in it', async () => {
    const fake = await startFakeGitHub({
      contract,
      owner: OWNER,
      repo: REPO,
      token: 'another-token',
    });
    cleanups.push(() => fake.close());
    const s = await site(1);
    const failure = await sync(s, fake).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    const text = `${String(failure)} ${JSON.stringify(failure)} ${(failure as Error).stack ?? ''}`;
    expect(text).toContain('401');
    expect(text).not.toContain(TOKEN);
  });
});
