/**
 * The GitHub sync's upstream drift watch, on the local GitHub (test/support/github, held to
 * GitHub's OpenAPI description) holding the project's synthetic Usage Guide folder as a TC-like
 * repository: a first run records the chapter's blob SHA and the section's hash; a run with
 * nothing new writes nothing and reads only 304s; a change elsewhere in the chapter proposes
 * nothing; a changed section, or one that is gone, becomes exactly one inbox proposal with the
 * section's word diff, and the erratum's record is never touched.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';

import { UPSTREAM_DOCUMENTS, type UpstreamDocument } from '../../src/config';
import { errataPaths, InboxProposal, validateErrata, type ErrataPaths } from '../../src/lib/errata';
import { loadContract, startFakeGitHub, type Contract, type FakeGitHub } from '../support/github';
import { runGitHubSync, sectionWordDiff, type GitHubSyncReport } from '../../src/lib/github-sync';
import { readTree } from '../support/file-tree';

const PROJECT_DIR = path.resolve(import.meta.dirname, '..', '..');
const FIXTURE = path.join(PROJECT_DIR, 'test', 'fixtures', 'usage-guide-src');
const OPENAPI = path.join(PROJECT_DIR, 'test', 'fixtures', 'github', 'openapi-subset.json');
const TOKEN = 'ghp_upstreamDriftTestToken0123456789';
const CHAPTER = 'working/doc/ug/General_Overview.md';
const TC = 'tc-example/pkcs11';
/** The configured document, pointed at a TC-like repository on the local GitHub. */
const DOCUMENTS: Record<string, UpstreamDocument> = {
  'ug-3.2-cn01': {
    ...(UPSTREAM_DOCUMENTS['ug-3.2-cn01'] as UpstreamDocument),
    repository: { owner: 'tc-example', name: 'pkcs11' },
  },
};

let contract: Contract;
const cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => {
  contract = await loadContract(OPENAPI);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

interface Setup {
  fake: FakeGitHub;
  paths: ErrataPaths;
  errataDir: string;
  chapter: string;
  sync: () => Promise<GitHubSyncReport>;
}

async function setup(): Promise<Setup> {
  const fake = await startFakeGitHub({
    contract,
    owner: 'example',
    repo: 'usage-guide',
    token: TOKEN,
  });
  cleanups.push(() => fake.close());
  const files: Record<string, Buffer> = {};
  for (const name of await readdir(FIXTURE))
    files[`working/doc/ug/${name}`] = await readFile(path.join(FIXTURE, name));
  fake.pushFiles('master', files, 'Synthetic Usage Guide sources', TC);

  const dir = await mkdtemp(path.join(tmpdir(), 'upstream-drift-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const errataDir = path.join(dir, 'errata');
  await mkdir(errataDir, { recursive: true });
  // The project's own E-0001: it affects ug-3.2-cn01 §2.5.2 (and v2.40, which has no GitHub home).
  await copyFile(
    path.join(PROJECT_DIR, 'errata', 'E-0001.yaml'),
    path.join(errataDir, 'E-0001.yaml'),
  );
  const paths = errataPaths(PROJECT_DIR, errataDir);
  return {
    fake,
    paths,
    errataDir,
    chapter: await readFile(path.join(FIXTURE, 'General_Overview.md'), 'utf8'),
    sync: () =>
      runGitHubSync({
        paths,
        repository: 'example/usage-guide',
        token: TOKEN,
        apiUrl: fake.url,
        pageUrl: (id) => `https://example.org/errata/${id}`,
        upstreamDocuments: DOCUMENTS,
        client: { minWriteIntervalMs: 0, retryBaseDelayMs: 20 },
      }),
  };
}

async function inbox(errataDir: string): Promise<Map<string, string>> {
  const files = await readTree(errataDir);
  return new Map([...files].filter(([name]) => name.startsWith('inbox/')));
}

async function state(errataDir: string): Promise<{ upstream?: Record<string, string>[] }> {
  return parse(await readFile(path.join(errataDir, 'sync', 'github-state.yaml'), 'utf8')) as {
    upstream?: Record<string, string>[];
  };
}

describe('the upstream drift watch', () => {
  test('records the blob SHA and the section hash; a re-run writes nothing and reads only 304s', async () => {
    const s = await setup();
    const first = await s.sync();
    expect(first.drift).toEqual([]);
    const [watch] = (await state(s.errataDir)).upstream ?? [];
    expect(watch).toMatchObject({
      erratum: 'E-0001',
      document: 'ug-3.2-cn01',
      section: '2.5.2',
      file: `${TC}@master:working/doc/ug/General_Overview.md`,
    });
    expect(watch?.blobSha).toMatch(/^[0-9a-f]{40}$/);
    expect(watch?.sectionHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await inbox(s.errataDir)).toEqual(new Map());

    const before = await readTree(s.errataDir);
    s.fake.resetLog();
    const second = await s.sync();
    expect(second.changes).toEqual([]);
    expect(await readTree(s.errataDir)).toEqual(before);
    expect(s.fake.requests.filter((request) => request.write)).toEqual([]);
    const reads = s.fake.requests.filter((request) => request.method === 'GET');
    expect(reads.some((request) => request.path.startsWith(`/repos/${TC}/`))).toBe(true);
    expect(reads.map((request) => request.status).filter((status) => status !== 304)).toEqual([]);
    expect(s.fake.violations).toEqual([]);
  });

  test('a change elsewhere in the chapter updates the blob SHA and proposes nothing', async () => {
    const s = await setup();
    await s.sync();
    const blob = (await state(s.errataDir)).upstream?.[0]?.blobSha;
    s.fake.pushFiles(
      'master',
      { [CHAPTER]: s.chapter.replace('A placeholder about threads.', 'A placeholder on threads.') },
      'Edit the threads section',
      TC,
    );
    const report = await s.sync();
    expect(report.drift).toEqual([]);
    expect(await inbox(s.errataDir)).toEqual(new Map());
    expect((await state(s.errataDir)).upstream?.[0]?.blobSha).not.toBe(blob);
  });

  test('a changed section becomes exactly one proposal with its word diff; the record is untouched', async () => {
    const s = await setup();
    await s.sync();
    const record = await readFile(path.join(s.errataDir, 'E-0001.yaml'), 'utf8');
    const commit = s.fake.pushFiles(
      'master',
      {
        [CHAPTER]: s.chapter.replace(
          'stands where the real guide explains',
          'now says, as the revision proposes, it explains',
        ),
      },
      'Revise 2.5.2',
      TC,
    );
    const report = await s.sync();
    expect(report.drift).toHaveLength(1);
    expect(report.drift[0]).toMatchObject({ erratum: 'E-0001', kind: 'changed', commit });

    const proposals = await inbox(s.errataDir);
    expect([...proposals.keys()]).toEqual([
      `inbox/upstream-tc-example-pkcs11-e-0001-2.5.2-${commit.slice(0, 12)}.yaml`,
    ]);
    const proposal = InboxProposal.parse(parse([...proposals.values()][0] ?? ''));
    expect(proposal.title).toBe(
      `upstream changed §2.5.2 in ${commit.slice(0, 12)}: review whether E-0001 is resolved`,
    );
    expect(proposal.summary).toContain(
      'placeholder paragraph [-stands where-] {+now says, as+} the [-real guide-] {+revision proposes, it+} explains what',
    );
    expect(proposal.affects).toEqual([{ document: 'ug-3.2-cn01', section: '2.5.2' }]);
    expect(proposal.threads[0]).toMatchObject({
      kind: 'upstream',
      erratum: 'E-0001',
      repository: TC,
      commit,
      url: `https://github.com/${TC}/commit/${commit}`,
    });
    // Human-owned fields (and everything else of the record) stay as the maintainer wrote them.
    expect(await readFile(path.join(s.errataDir, 'E-0001.yaml'), 'utf8')).toBe(record);
    // The proposal is a valid inbox file: the errata validator has nothing to say about it.
    const validation = await validateErrata(s.paths);
    expect(validation.findings.filter((finding) => finding.file.includes('inbox'))).toEqual([]);

    // Nothing new: no second proposal, no write, only 304s.
    const before = await readTree(s.errataDir);
    s.fake.resetLog();
    const again = await s.sync();
    expect(again.drift).toEqual([]);
    expect(await readTree(s.errataDir)).toEqual(before);
    expect(s.fake.requests.filter((request) => request.write)).toEqual([]);
    expect(
      s.fake.requests.filter((request) => request.method === 'GET' && request.status !== 304),
    ).toEqual([]);
    expect(s.fake.violations).toEqual([]);
  });

  test('a section that can no longer be found is proposed once as well', async () => {
    const s = await setup();
    await s.sync();
    const commit = s.fake.pushFiles(
      'master',
      { [CHAPTER]: s.chapter.replace('### Applications and processes', '### Processes') },
      'Rename 2.5.2',
      TC,
    );
    const report = await s.sync();
    expect(report.drift).toEqual([expect.objectContaining({ kind: 'missing', commit })]);
    expect([...(await inbox(s.errataDir)).keys()]).toHaveLength(1);
    expect((await state(s.errataDir)).upstream?.[0]?.sectionHash).toBe('missing');
    const again = await s.sync();
    expect(again.drift).toEqual([]);
    expect([...(await inbox(s.errataDir)).keys()]).toHaveLength(1);
  });
});

describe('the section word diff', () => {
  test('marks removed and added words and shortens long unchanged stretches', () => {
    const same = Array.from({ length: 30 }, (_, index) => `w${index}`).join(' ');
    expect(sectionWordDiff(`${same} old word ${same}`, `${same} new word ${same}`)).toBe(
      '… w22 w23 w24 w25 w26 w27 w28 w29 [-old-] {+new+} word w0 w1 w2 w3 w4 w5 w6 …',
    );
    expect(sectionWordDiff('a  b\nc', 'a b c')).toBe('a b c');
  });
});
