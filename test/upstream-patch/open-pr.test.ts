/**
 * `upstream-patch --open-pr` against the local GitHub (test/support/github, every request and
 * response held to GitHub's OpenAPI description), on the project's synthetic Usage Guide folder:
 * a fork made asynchronously, one commit on a branch through the Git Data API, one pull request;
 * a second run with nothing changed sends no write and opens nothing; a changed text updates the
 * branch and the same pull request; a token without the scope is an error naming the scope, and
 * the token appears in no output.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';

import { UPSTREAM_DOCUMENTS, type UpstreamDocument } from '../../src/config';
import {
  loadContract,
  startFakeGitHub,
  type Contract,
  type FakeGitHub,
  type FakeGitHubOptions,
} from '../support/github';
import { createGitHubClient } from '../../src/lib/github';
import { PROPOSED_TEXT_FILE } from '../../src/lib/recommendations';
import {
  buildUpstreamPatch,
  openPullRequest,
  pullRequestText,
  PullRequestSetupError,
  resolvePullRequestTarget,
} from '../../src/lib/upstream-patch';
import { openSource } from '../../src/lib/usage-guide-source';
import { PROJECT_DIR, runScript } from '../support/script';

const FIXTURE = path.join(PROJECT_DIR, 'test', 'fixtures', 'usage-guide-src');
const OPENAPI = path.join(PROJECT_DIR, 'test', 'fixtures', 'github', 'openapi-subset.json');
const DOCUMENT = UPSTREAM_DOCUMENTS['ug-3.2-cn01'] as UpstreamDocument;
const TOKEN = 'ghp_openPullRequestTestToken0123456789';
const SITE = 'https://pkcs11-companion.github.io/usage-guide-fork/';
const UPSTREAM = { owner: 'tc-example', repo: 'pkcs11' };
const EDITOR = 'tc-editor';

let contract: Contract;
let proposedPage = '';
const running: FakeGitHub[] = [];
beforeAll(async () => {
  contract = await loadContract(OPENAPI);
  proposedPage = await readFile(path.join(PROJECT_DIR, PROPOSED_TEXT_FILE), 'utf8');
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((fake) => fake.close()));
});

/** A TC-like repository (not the TC's) holding the synthetic folder on `master`. */
async function upstream(options: Partial<FakeGitHubOptions> = {}): Promise<FakeGitHub> {
  const fake = await startFakeGitHub({
    contract,
    ...UPSTREAM,
    token: TOKEN,
    login: EDITOR,
    ...options,
  });
  running.push(fake);
  const files: Record<string, Buffer> = {};
  for (const name of await readdir(FIXTURE))
    files[`working/doc/ug/${name}`] = await readFile(path.join(FIXTURE, name));
  fake.pushFiles('master', files, 'Synthetic Usage Guide sources');
  return fake;
}

async function run(fake: FakeGitHub, options: { dryRun: boolean; date?: string; page?: string }) {
  const client = createGitHubClient({ baseUrl: fake.url, token: TOKEN, minWriteIntervalMs: 0 });
  const source = openSource('tc-example/pkcs11@master:working/doc/ug', { octokit: client.octokit });
  const patch = await buildUpstreamPatch({
    source,
    document: DOCUMENT,
    proposedPage: options.page ?? proposedPage,
    date: new Date(`${options.date ?? '2026-12-06'}T00:00:00Z`),
    editor: 'Test Editor',
    siteUrl: SITE,
    pathPrefix: 'working/doc/ug',
  });
  fake.resetLog();
  return openPullRequest({
    octokit: client.octokit,
    target: { ...UPSTREAM, base: 'master' },
    files: patch.files,
    text: pullRequestText({ documentId: 'ug-3.2-cn01', document: DOCUMENT, siteUrl: SITE }),
    dryRun: options.dryRun,
    forkPollDelaysMs: [5, 5, 5],
  });
}

const writes = (fake: FakeGitHub) => fake.requests.filter((request) => request.write);

describe('the pull request target', () => {
  const source = { owner: 'oasis-tcs', repo: 'pkcs11', ref: 'master' };

  test("is never the TC's repository unless UPSTREAM_PR_REPOSITORY names it", () => {
    expect(() => resolvePullRequestTarget({ source, document: DOCUMENT, config: {} })).toThrow(
      /oasis-tcs\/pkcs11 is the TC's repository: .*UPSTREAM_PR_REPOSITORY=oasis-tcs\/pkcs11/,
    );
    expect(
      resolvePullRequestTarget({
        source,
        document: DOCUMENT,
        config: { repository: { owner: 'oasis-tcs', name: 'pkcs11' } },
      }),
    ).toEqual({ owner: 'oasis-tcs', repo: 'pkcs11', base: 'master' });
  });

  test('is the repository the patch was read from, which UPSTREAM_PR_REPOSITORY must agree with', () => {
    const other = { owner: 'tc-example', repo: 'pkcs11', ref: 'draft' };
    expect(resolvePullRequestTarget({ source: other, document: DOCUMENT, config: {} })).toEqual({
      owner: 'tc-example',
      repo: 'pkcs11',
      base: 'draft',
    });
    expect(() =>
      resolvePullRequestTarget({
        source: other,
        document: DOCUMENT,
        config: { repository: { owner: 'someone', name: 'else' } },
      }),
    ).toThrow(PullRequestSetupError);
  });
});

describe('upstream-patch --open-pr on the local GitHub', () => {
  test('a dry run prints the plan and sends no request at all', async () => {
    const fake = await upstream();
    const report = await run(fake, { dryRun: true });
    expect(fake.requests).toEqual([]);
    expect(report.writes).toBe(0);
    expect(
      report.steps.map((step) => `${step.kind}:${'action' in step ? step.action : step.path}`),
    ).toEqual([
      'fork:create',
      'branch:create',
      'file:working/doc/ug/General_Overview.md',
      'file:working/doc/ug/Revision_History.md',
      'pull-request:create',
    ]);
    expect(fake.pulls()).toEqual([]);
  });

  test('forks, commits the patched files on a branch, opens one pull request; a second run writes nothing', async () => {
    const fake = await upstream({ forkReadyAfter: 2 });
    const first = await run(fake, { dryRun: false });
    expect(first.fork).toBe(`${EDITOR}/pkcs11`);
    // The fork was not ready at once: its git objects were asked for three times.
    const polls = fake.requests.filter(
      (request) => request.operationId === 'git/get-commit' && request.path.includes(`/${EDITOR}/`),
    );
    expect(polls.map((request) => request.status)).toEqual([409, 409, 200]);
    expect(writes(fake).map((request) => request.operationId)).toEqual([
      'repos/create-fork',
      'git/create-blob',
      'git/create-blob',
      'git/create-tree',
      'git/create-commit',
      'git/create-ref',
      'pulls/create',
    ]);
    expect(first.writes).toBe(7);

    const pulls = fake.pulls();
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({
      repository: 'tc-example/pkcs11',
      base: 'master',
      head: `${EDITOR}:upstream-patch/ug-3.2-cn01-2-5-2`,
      state: 'open',
    });
    const body = pulls[0]?.body ?? '';
    expect(body).toContain(`${SITE}guide/`);
    expect(body).toContain(`${SITE}errata/E-0001`);
    expect(body).toContain(`${SITE}guide/module-behaviour`);
    expect(body).toContain(`${SITE}guide/field-reports`);
    expect(body).toContain('OASIS Feedback License');

    // The branch holds the patched files; every other file is the base's.
    const branch = fake.branchFiles(`${EDITOR}/pkcs11`, 'upstream-patch/ug-3.2-cn01-2-5-2');
    const base = fake.branchFiles('tc-example/pkcs11', 'master');
    const chapter = branch?.get('working/doc/ug/General_Overview.md') ?? '';
    expect(chapter).not.toBe(base?.get('working/doc/ug/General_Overview.md'));
    expect(chapter).toContain('**C_Initialize**');
    expect(branch?.get('working/doc/ug/Abstract.md')).toBe(base?.get('working/doc/ug/Abstract.md'));
    expect(branch?.get('working/doc/ug/Revision_History.md')).toContain('Test Editor');

    // Another day, nothing else changed: the revision row's date alone is no change.
    const second = await run(fake, { dryRun: false, date: '2026-12-07' });
    expect(writes(fake)).toEqual([]);
    expect(second.writes).toBe(0);
    expect(second.steps.find((step) => step.kind === 'fork')).toMatchObject({ action: 'reuse' });
    expect(second.steps.find((step) => step.kind === 'branch')).toMatchObject({
      action: 'unchanged',
    });
    expect(second.steps.find((step) => step.kind === 'pull-request')).toMatchObject({
      action: 'unchanged',
      number: pulls[0]?.number,
    });
    expect(fake.pulls()).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });

  test('a changed text replaces the branch commit and updates the same pull request', async () => {
    const fake = await upstream();
    await run(fake, { dryRun: false });
    const before = fake.branchFiles(`${EDITOR}/pkcs11`, 'upstream-patch/ug-3.2-cn01-2-5-2');
    const heading =
      '### Processes, children and applications {#processes-children-applications}\n\n';
    const edited = proposedPage.replace(heading, `${heading}A new first paragraph.\n\n`);
    expect(edited).not.toBe(proposedPage);
    const report = await run(fake, { dryRun: false, page: edited });
    expect(writes(fake).map((request) => request.operationId)).toEqual([
      'git/create-blob',
      'git/create-blob',
      'git/create-tree',
      'git/create-commit',
      'git/update-ref',
    ]);
    expect(report.steps.find((step) => step.kind === 'branch')).toMatchObject({ action: 'update' });
    const after = fake.branchFiles(`${EDITOR}/pkcs11`, 'upstream-patch/ug-3.2-cn01-2-5-2');
    expect(after?.get('working/doc/ug/General_Overview.md')).toContain('A new first paragraph.');
    expect(after?.get('working/doc/ug/General_Overview.md')).not.toBe(
      before?.get('working/doc/ug/General_Overview.md'),
    );
    expect(fake.pulls()).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });

  test('an edited description is put back on the same pull request', async () => {
    const fake = await upstream();
    await run(fake, { dryRun: false });
    const number = fake.pulls()[0]?.number ?? 0;
    const client = createGitHubClient({ baseUrl: fake.url, token: TOKEN, minWriteIntervalMs: 0 });
    await client.octokit.rest.pulls.update({ ...UPSTREAM, pull_number: number, body: 'edited' });
    const report = await run(fake, { dryRun: false });
    expect(writes(fake).map((request) => request.operationId)).toEqual(['pulls/update']);
    expect(report.steps.find((step) => step.kind === 'pull-request')).toMatchObject({
      action: 'update',
      number,
      fields: ['body'],
    });
    expect(fake.pulls().map((pull) => pull.body?.includes('OASIS Feedback License'))).toEqual([
      true,
    ]);
  });
});

describe('the CLI', () => {
  const cliEnv = (fake: FakeGitHub, token = TOKEN): Record<string, string> => ({
    GITHUB_API_URL: fake.url,
    GITHUB_TOKEN: token,
    UPSTREAM_EDITOR: 'Test Editor',
    SITE_URL: 'http://127.0.0.1:3000',
  });
  const args = [
    'upstream-patch',
    '--source',
    'tc-example/pkcs11@master:working/doc/ug',
    '--open-pr',
  ];

  test('--open-pr --yes opens one pull request; a second run updates nothing and opens none', async () => {
    const fake = await upstream();
    const dry = await runScript('guide', PROJECT_DIR, args, cliEnv(fake));
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('dry run: nothing sent');
    expect(dry.stdout).toContain('OASIS Feedback License');
    expect(writes(fake)).toEqual([]);

    const first = await runScript(
      'guide',
      PROJECT_DIR,
      [...args, '--yes', '--date', '2026-12-06'],
      cliEnv(fake),
    );
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/pull request: create #\d+/);
    expect(fake.pulls()).toHaveLength(1);

    fake.resetLog();
    const second = await runScript(
      'guide',
      PROJECT_DIR,
      [...args, '--yes', '--json'],
      cliEnv(fake),
    );
    expect(second.code).toBe(0);
    const report = JSON.parse(second.stdout) as { writes: number };
    expect(report.writes).toBe(0);
    expect(writes(fake)).toEqual([]);
    expect(fake.pulls()).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });

  test('a token without the scope: the error names the scope and never shows the token', async () => {
    const fake = await upstream({ scopes: ['read:org'] });
    const result = await runScript('guide', PROJECT_DIR, [...args, '--yes'], cliEnv(fake));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /create a fork on tc-example\/pkcs11 .*needs the scope public_repo or repo \(the token has: read:org\)/,
    );
    expect(`${result.stdout}${result.stderr}`).not.toContain(TOKEN);
    expect(`${result.stdout}${result.stderr}`).not.toContain(TOKEN.slice(4));
    expect(fake.pulls()).toEqual([]);
  });

  test("the TC's repository as a source is refused without UPSTREAM_PR_REPOSITORY, before any request", async () => {
    const fake = await upstream();
    const result = await runScript(
      'guide',
      PROJECT_DIR,
      [
        'upstream-patch',
        '--source',
        'oasis-tcs/pkcs11@master:working/doc/ug',
        '--open-pr',
        '--yes',
      ],
      cliEnv(fake),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("oasis-tcs/pkcs11 is the TC's repository");
    expect(fake.requests).toEqual([]);
  });
});
