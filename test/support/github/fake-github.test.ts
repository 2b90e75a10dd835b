/**
 * The fake GitHub the issue sync is tested against: octokit round trips through it, and every
 * request and response is held to GitHub's OpenAPI description (the committed extract), so a
 * test that passes here talks to the API GitHub documents.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { Octokit } from '@octokit/rest';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  createContract,
  loadContract,
  startFakeGitHub,
  type Contract,
  type FakeGitHub,
  type FakeGitHubOptions,
} from './';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'github', 'openapi-subset.json');
const owner = 'pkcs11-guide';
const repo = 'errata';
const TOKEN = 'test-token';
const quiet = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

let contract: Contract;
const running: FakeGitHub[] = [];

beforeAll(async () => {
  contract = await loadContract(FIXTURE);
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((fake) => fake.close()));
});

async function start(
  options: Partial<FakeGitHubOptions> = {},
): Promise<{ fake: FakeGitHub; octokit: Octokit }> {
  const fake = await startFakeGitHub({ contract, owner, repo, token: TOKEN, ...options });
  running.push(fake);
  return { fake, octokit: new Octokit({ baseUrl: fake.url, auth: TOKEN, log: quiet }) };
}

/** The error a rejected octokit call carries: status, headers, message. */
async function failure(
  call: Promise<unknown>,
): Promise<{ status: number; message: string; headers: Record<string, unknown> }> {
  try {
    await call;
  } catch (problem) {
    const error = problem as {
      status: number;
      message: string;
      response?: { headers: Record<string, unknown> };
    };
    return { status: error.status, message: error.message, headers: error.response?.headers ?? {} };
  }
  throw new Error('expected the request to fail');
}

describe('the committed OpenAPI extract', () => {
  it('records its source and holds every operation the fake serves', () => {
    expect(contract.source).toMatchObject({ package: '@octokit/openapi', version: '23.0.2' });
    expect([...contract.operationIds].sort()).toEqual([
      'git/create-blob',
      'git/create-commit',
      'git/create-ref',
      'git/create-tree',
      'git/get-commit',
      'git/get-ref',
      'git/update-ref',
      'issues/create',
      'issues/create-comment',
      'issues/create-label',
      'issues/get',
      'issues/list-comments',
      'issues/list-events-for-timeline',
      'issues/list-for-repo',
      'issues/list-labels-for-repo',
      'issues/update',
      'issues/update-comment',
      'pulls/create',
      'pulls/list',
      'pulls/update',
      'rate-limit/get',
      'repos/create-fork',
      'repos/get',
      'repos/get-commit',
      'repos/get-content',
      'users/get-authenticated',
    ]);
  });

  it('accepts null where OpenAPI 3.0 says nullable, and only there', () => {
    const request = (body: unknown) =>
      contract.checkRequest({
        method: 'PATCH',
        path: '/repos/o/r/issues/1',
        query: new URLSearchParams(),
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body,
      });
    // body, milestone (a oneOf) and state_reason (an enum) are nullable; state is not.
    expect(request({ body: null, milestone: null, state_reason: null }).violations).toEqual([]);
    expect(request({ state: null }).violations).toEqual([
      'issues/update: body.state must be string (got null)',
    ]);
  });

  it('says nothing about statuses the description does not document', () => {
    expect(contract.checkResponse('issues/get', 500, { anything: true })).toEqual([]);
    expect(contract.checkResponse('issues/get', 304, undefined)).toEqual([]);
    expect(contract.checkResponse('issues/get', 200, { id: 'x' })[0]).toMatch(
      /^issues\/get: response 200 body \/ lacks required properties /,
    );
  });

  it('needs per-event schemas for timelines: the documented union accepts any object', () => {
    const bogus = [{ event: 'labeled', id: 1 }];
    expect(contract.checkResponse('issues/list-events-for-timeline', 200, bogus)).toEqual([]);
    expect(contract.checkSchema('labeled-issue-event', bogus[0], 'item')).toEqual([
      'item / lacks required properties label, node_id, url, actor, commit_id, commit_url, ' +
        'created_at, performed_via_github_app',
    ]);
  });
});

describe('fake GitHub', () => {
  it('serves list, get, create, update, comments, labels and timeline within the contract', async () => {
    const { fake, octokit } = await start();
    fake.seedIssue({ title: 'Typo in 2.5.2', labels: ['erratum'], comments: 2 });
    fake.seedIssue({ title: 'Old report', state: 'closed', author: 'reader' });

    const open = await octokit.rest.issues.listForRepo({ owner, repo });
    expect(open.data.map((issue) => issue.title)).toEqual(['Typo in 2.5.2']);
    const all = await octokit.rest.issues.listForRepo({
      owner,
      repo,
      state: 'all',
      direction: 'asc',
    });
    expect(all.data.map((issue) => [issue.number, issue.state])).toEqual([
      [1, 'open'],
      [2, 'closed'],
    ]);
    const labelled = await octokit.rest.issues.listForRepo({ owner, repo, labels: 'ERRATUM' });
    expect(labelled.data.map((issue) => issue.number)).toEqual([1]);

    const created = await octokit.rest.issues.create({
      owner,
      repo,
      title: 'New erratum',
      body: 'Section 2.5.2 says…',
      labels: ['erratum', 'from-site'],
    });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`${fake.url}/repos/${owner}/${repo}/issues/3`);
    expect(
      created.data.labels.map((label) => (typeof label === 'string' ? label : label.name)),
    ).toEqual(['erratum', 'from-site']);
    const labels = await octokit.rest.issues.listLabelsForRepo({ owner, repo });
    expect(labels.data.map((label) => label.name)).toEqual(['erratum', 'from-site']);
    const label = await octokit.rest.issues.createLabel({
      owner,
      repo,
      name: 'accepted',
      color: '0e8a16',
    });
    expect(label.data).toMatchObject({ name: 'accepted', color: '0e8a16', description: null });
    const duplicate = await failure(
      octokit.rest.issues.createLabel({ owner, repo, name: 'Accepted' }),
    );
    expect(duplicate.status).toBe(422);

    const updated = await octokit.rest.issues.update({
      owner,
      repo,
      issue_number: 3,
      title: 'New erratum in 2.5.2',
      labels: ['accepted'],
      state: 'closed',
      state_reason: 'completed',
    });
    expect(updated.data).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(updated.data.closed_at).not.toBeNull();
    const single = await octokit.rest.issues.get({ owner, repo, issue_number: 3 });
    expect(single.data.closed_by?.login).toBe(owner);
    expect(single.headers['last-modified']).toBe(new Date(single.data.updated_at).toUTCString());

    await octokit.rest.issues.createComment({ owner, repo, issue_number: 3, body: 'Fixed.' });
    const comments = await octokit.rest.issues.listComments({ owner, repo, issue_number: 1 });
    expect(comments.data).toHaveLength(2);
    fake.addCrossReference(3, { number: 40, title: 'Fix 2.5.2' });
    const timeline = await octokit.rest.issues.listEventsForTimeline({
      owner,
      repo,
      issue_number: 3,
    });
    expect(timeline.data.map((event) => event.event)).toEqual([
      'labeled',
      'labeled',
      'renamed',
      'unlabeled',
      'unlabeled',
      'labeled',
      'closed',
      'commented',
      'cross-referenced',
    ]);
    const reference = timeline.data.at(-1) as {
      source: { issue: { number: number; pull_request?: unknown } };
    };
    expect(reference.source.issue.number).toBe(40);
    expect(reference.source.issue.pull_request).toBeDefined();

    const rate = await octokit.rest.rateLimit.get();
    expect(rate.data.resources.core.used).toBe(
      fake.requests.filter((r) => r.operationId !== 'rate-limit/get' && r.status !== 304).length,
    );
    expect(
      fake.issues().map((issue) => [issue.number, issue.state, issue.labels, issue.comments]),
    ).toEqual([
      [1, 'open', ['erratum'], 2],
      [2, 'closed', [], 0],
      [3, 'closed', ['accepted'], 1],
    ]);
    expect(
      fake.requests.filter((request) => request.write).map((request) => request.operationId),
    ).toEqual([
      'issues/create',
      'issues/create-label',
      'issues/create-label',
      'issues/update',
      'issues/create-comment',
    ]);
    expect(fake.violations).toEqual([]);
  });

  it('checks every response it sends, so its own drift is recorded too', async () => {
    const description = JSON.parse(await readFile(FIXTURE, 'utf8')) as {
      components: { schemas: { issue: { required: string[] } } };
    };
    // A property GitHub does not send: the fake's issues now break this (altered) contract.
    description.components.schemas.issue.required.push('fake_drift');
    const altered = createContract(description);
    const checked: string[] = [];
    const spy: Contract = {
      ...altered,
      checkResponse: (operationId, status, body) => {
        checked.push(`${operationId} ${status}`);
        return altered.checkResponse(operationId, status, body);
      },
    };
    const { fake, octokit } = await start({ contract: spy });
    fake.seedIssue({ title: 'Drifting' });
    await octokit.rest.issues.listForRepo({ owner, repo });
    await octokit.rest.issues.get({ owner, repo, issue_number: 1 });
    await failure(octokit.rest.issues.get({ owner, repo, issue_number: 2 }));
    expect(checked).toEqual(['issues/list-for-repo 200', 'issues/get 200', 'issues/get 404']);
    expect(fake.violations).toEqual([
      'issues/list-for-repo: response 200 body /0 lacks required property fake_drift',
      'issues/get: response 200 body / lacks required property fake_drift',
    ]);
  });

  it('records requests that break the contract, naming the field, and answers as GitHub does', async () => {
    const { fake, octokit } = await start();
    fake.seedIssue({ title: 'One' });

    // The description allows integer titles, so this one is within the contract.
    await octokit.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title: 1 });
    expect(fake.violations).toEqual([]);

    // Octokit's types refuse these at compile time; a route typed as plain string does not.
    const untyped = (route: string, parameters: Record<string, unknown>) =>
      octokit.request(route, parameters);
    const labels = await failure(
      untyped('POST /repos/{owner}/{repo}/issues', {
        owner,
        repo,
        title: 'x',
        labels: [1],
      }),
    );
    expect(labels.status).toBe(422);
    const state = await failure(
      untyped('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
        owner,
        repo,
        issue_number: 1,
        state: 'shut',
      }),
    );
    expect(state.status).toBe(422);
    await octokit.request('GET /repos/{owner}/{repo}/issues', { owner, repo, filter: 'all' });
    const unknown = await failure(
      octokit.request('GET /repos/{owner}/{repo}/releases', { owner, repo }),
    );
    expect(unknown.status).toBe(404);

    expect(fake.violations).toEqual([
      'issues/create: body.labels[0] must be string or object (got 1)',
      'issues/update: body.state must be one of "open", "closed" (got "shut")',
      'issues/list-for-repo: query.filter is not a parameter of this operation',
      `GET /repos/${owner}/${repo}/releases: no such operation in the contract`,
    ]);
    expect(fake.issues().map((issue) => [issue.title, issue.state])).toEqual([
      ['One', 'open'],
      ['1', 'open'],
    ]);
  });

  it('answers If-None-Match with 304, which costs no rate limit, until the issue changes', async () => {
    const { fake, octokit } = await start();
    fake.seedIssue({ title: 'Cached' });
    const first = await octokit.rest.issues.get({ owner, repo, issue_number: 1 });
    const etag = first.headers.etag ?? '';
    expect(etag).toMatch(/^W\/"[0-9a-f]{64}"$/);
    const remaining = first.headers['x-ratelimit-remaining'];

    const cached = await failure(
      octokit.rest.issues.get({ owner, repo, issue_number: 1, headers: { 'if-none-match': etag } }),
    );
    expect(cached.status).toBe(304);
    expect(cached.headers['x-ratelimit-remaining']).toBe(remaining);
    const list = await octokit.rest.issues.listForRepo({ owner, repo });
    const listCached = await failure(
      octokit.rest.issues.listForRepo({
        owner,
        repo,
        headers: { 'if-none-match': list.headers.etag },
      }),
    );
    expect(listCached.status).toBe(304);
    const afterList = await octokit.rest.issues.get({ owner, repo, issue_number: 1 });
    // Two 200s since the first one: the 304s were free.
    expect(Number(afterList.headers['x-ratelimit-remaining'])).toBe(Number(remaining) - 2);

    fake.editIssue(1, { labels: ['triaged'] });
    const changed = await octokit.rest.issues.get({
      owner,
      repo,
      issue_number: 1,
      headers: { 'if-none-match': etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(fake.requests.map((request) => [request.status, request.conditional])).toEqual([
      [200, false],
      [304, true],
      [200, false],
      [304, true],
      [200, false],
      [200, true],
    ]);
    expect(fake.violations).toEqual([]);
  });

  it('paginates with Link headers: 120 issues at 50 a page are 3 pages', async () => {
    const { fake, octokit } = await start();
    for (let index = 1; index <= 120; index++) fake.seedIssue({ title: `Issue ${index}` });
    const pages: number[] = [];
    const links: string[] = [];
    for await (const page of octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
      owner,
      repo,
      per_page: 50,
    })) {
      pages.push(page.data.length);
      links.push(page.headers.link ?? '');
    }
    expect(pages).toEqual([50, 50, 20]);
    const at = (page: number) =>
      `<${fake.url}/repositories/1296269/issues?per_page=50&page=${page}>`;
    expect(links[0]).toBe(`${at(2)}; rel="next", ${at(3)}; rel="last"`);
    expect(links[1]).toBe(
      `${at(1)}; rel="prev", ${at(3)}; rel="next", ${at(3)}; rel="last", ${at(1)}; rel="first"`,
    );
    expect(links[2]).toBe(`${at(2)}; rel="prev", ${at(1)}; rel="first"`);
    expect(fake.requests.map((request) => request.operationId)).toEqual(
      Array(3).fill('issues/list-for-repo'),
    );
    expect(fake.violations).toEqual([]);
  });

  it('answers 403 with remaining 0 when the primary rate limit is spent, until the reset', async () => {
    let clock = Date.UTC(2025, 0, 1, 12);
    const { fake, octokit } = await start({ rateLimit: 10, now: () => clock });
    fake.seedIssue({ title: 'Limited' });
    fake.exhaustRateLimit(60);
    const limited = await failure(octokit.rest.issues.get({ owner, repo, issue_number: 1 }));
    expect(limited.status).toBe(403);
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.headers['x-ratelimit-reset']).toBe(String(clock / 1000 + 60));
    expect(limited.message).toMatch(/^API rate limit exceeded for user ID \d+\./);
    const status = await octokit.rest.rateLimit.get();
    expect(status.data.resources.core).toMatchObject({ limit: 10, remaining: 0 });

    clock += 61_000;
    const after = await octokit.rest.issues.get({ owner, repo, issue_number: 1 });
    expect(after.headers['x-ratelimit-remaining']).toBe('9');
    expect(fake.violations).toEqual([]);
  });

  it('injects secondary rate limits with retry-after, server errors and resets, changing nothing', async () => {
    const { fake, octokit } = await start();
    const issuesPath = `/repos/${owner}/${repo}/issues`;
    fake.addFault({
      method: 'POST',
      path: issuesPath,
      times: 1,
      fault: { kind: 'secondary-rate-limit', status: 403, retryAfter: 7 },
    });
    fake.addFault({ path: /\/issues$/, times: 1, fault: { kind: 'status', status: 502 } });
    fake.addFault({ path: issuesPath, times: 1, fault: { kind: 'reset' } });

    const secondary = await failure(octokit.rest.issues.create({ owner, repo, title: 'A' }));
    expect(secondary.status).toBe(403);
    expect(secondary.headers['retry-after']).toBe('7');
    expect(secondary.message).toMatch(/secondary rate limit/);
    expect(Number(secondary.headers['x-ratelimit-remaining'])).toBeGreaterThan(0);
    expect((await failure(octokit.rest.issues.create({ owner, repo, title: 'A' }))).status).toBe(
      502,
    );
    await expect(octokit.rest.issues.create({ owner, repo, title: 'A' })).rejects.toThrow();
    expect(fake.issues()).toEqual([]);

    const created = await octokit.rest.issues.create({ owner, repo, title: 'A' });
    expect(created.data.number).toBe(1);
    expect(fake.requests.map((request) => request.status)).toEqual([403, 502, 0, 201]);
    expect(fake.violations).toEqual([]);
  });

  it('needs the token: 401 without it or with another, Bearer accepted', async () => {
    const { fake } = await start();
    fake.seedIssue({ title: 'Private' });
    const anonymous = new Octokit({ baseUrl: fake.url, log: quiet });
    const missing = await failure(anonymous.rest.issues.get({ owner, repo, issue_number: 1 }));
    expect(missing.status).toBe(401);
    expect(missing.message).toMatch(/^Requires authentication/);
    const wrong = new Octokit({ baseUrl: fake.url, auth: 'other-token', log: quiet });
    const bad = await failure(wrong.rest.issues.get({ owner, repo, issue_number: 1 }));
    expect(bad.status).toBe(401);
    expect(bad.message).toMatch(/^Bad credentials/);
    const bearer = await anonymous.rest.issues.get({
      owner,
      repo,
      issue_number: 1,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(bearer.data.title).toBe('Private');
    expect(fake.violations).toEqual([]);
  });

  it('filters by since, reports arrivals to onRequest and resets its log', async () => {
    let clock = Date.UTC(2025, 0, 1, 12);
    const { fake, octokit } = await start({ now: () => clock });
    fake.seedIssue({ title: 'Old' });
    clock += 60_000;
    fake.seedIssue({ title: 'Middle' });
    clock += 60_000;
    fake.editIssue(1, { title: 'Old, edited' });
    const seen: string[] = [];
    fake.onRequest = (request, arrivals) => {
      seen.push(`${arrivals} ${request.method} ${request.path.split('?')[0] ?? ''}`);
    };
    const since = new Date(Date.UTC(2025, 0, 1, 12, 1)).toISOString();
    const recent = await octokit.rest.issues.listForRepo({ owner, repo, since, sort: 'updated' });
    expect(recent.data.map((issue) => issue.title)).toEqual(['Old, edited', 'Middle']);
    expect(seen).toEqual([`1 GET /repos/${owner}/${repo}/issues`]);
    fake.resetLog();
    expect(fake.requests).toEqual([]);
    expect(fake.violations).toEqual([]);
  });
});

describe('fake GitHub: forks, git data and pull requests', () => {
  const editor = 'tc-editor';

  async function withSources(options: Partial<FakeGitHubOptions> = {}) {
    const started = await start({ login: editor, ...options });
    const base = started.fake.pushFiles('main', { 'doc/a.md': 'alpha\n', 'doc/b.md': 'beta\n' });
    return { ...started, base };
  }

  it('answers a fork 202 at once and its git objects after forkReadyAfter 409s, within the contract', async () => {
    const { fake, octokit, base } = await withSources({ forkReadyAfter: 2 });
    const me = await octokit.rest.users.getAuthenticated();
    expect(me.data.login).toBe(editor);
    const fork = await octokit.rest.repos.createFork({ owner, repo });
    expect(fork.status).toBe(202);
    expect(fork.data).toMatchObject({ full_name: `${editor}/${repo}`, fork: true });
    const got = await octokit.rest.repos.get({ owner: editor, repo });
    expect(got.data.parent?.full_name).toBe(`${owner}/${repo}`);
    // Not ready yet: GitHub makes forks asynchronously.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const early = await failure(
        octokit.rest.git.getRef({ owner: editor, repo, ref: 'heads/main' }),
      );
      expect(early.status).toBe(409);
    }
    const ref = await octokit.rest.git.getRef({ owner: editor, repo, ref: 'heads/main' });
    expect(ref.data.object.sha).toBe(base);
    // A second fork request answers with the fork that exists.
    const again = await octokit.rest.repos.createFork({ owner, repo });
    expect(again.data.full_name).toBe(`${editor}/${repo}`);
    expect(fake.violations).toEqual([]);
  });

  it('commits through blobs, trees, commits and refs; refuses a non-fast-forward unless forced', async () => {
    const { fake, octokit, base } = await withSources();
    const commit = await octokit.rest.git.getCommit({ owner, repo, commit_sha: base });
    const blob = await octokit.rest.git.createBlob({
      owner,
      repo,
      content: 'alpha, edited\n',
      encoding: 'utf-8',
    });
    expect(blob.status).toBe(201);
    const tree = await octokit.rest.git.createTree({
      owner,
      repo,
      base_tree: commit.data.tree.sha,
      tree: [{ path: 'doc/a.md', mode: '100644', type: 'blob', sha: blob.data.sha }],
    });
    expect(tree.data.tree.map((entry) => [entry.path, entry.type])).toEqual([['doc', 'tree']]);
    const next = await octokit.rest.git.createCommit({
      owner,
      repo,
      message: 'Edit a',
      tree: tree.data.sha,
      parents: [base],
    });
    await octokit.rest.git.createRef({
      owner,
      repo,
      ref: 'refs/heads/edit',
      sha: next.data.sha,
    });
    const duplicate = await failure(
      octokit.rest.git.createRef({ owner, repo, ref: 'refs/heads/edit', sha: base }),
    );
    expect(duplicate.status).toBe(422);
    expect(fake.branchFiles(`${owner}/${repo}`, 'edit')).toEqual(
      new Map([
        ['doc/a.md', 'alpha, edited\n'],
        ['doc/b.md', 'beta\n'],
      ]),
    );
    const file = await octokit.rest.repos.getContent({
      owner,
      repo,
      path: 'doc/a.md',
      ref: 'edit',
    });
    expect(Buffer.from((file.data as { content: string }).content, 'base64').toString()).toBe(
      'alpha, edited\n',
    );
    const backwards = await failure(
      octokit.rest.git.updateRef({ owner, repo, ref: 'heads/edit', sha: base }),
    );
    expect(backwards.status).toBe(422);
    expect(backwards.message).toContain('Update is not a fast forward');
    const forced = await octokit.rest.git.updateRef({
      owner,
      repo,
      ref: 'heads/edit',
      sha: base,
      force: true,
    });
    expect(forced.data.object.sha).toBe(base);
    expect(fake.violations).toEqual([]);
  });

  it('opens a pull request from a fork, refuses a second for the same head, lists by head, updates', async () => {
    const { fake, octokit, base } = await withSources({ forkReadyAfter: 0 });
    await octokit.rest.repos.createFork({ owner, repo });
    const commit = await octokit.rest.git.getCommit({ owner: editor, repo, commit_sha: base });
    const tree = await octokit.rest.git.createTree({
      owner: editor,
      repo,
      base_tree: commit.data.tree.sha,
      tree: [{ path: 'doc/b.md', mode: '100644', type: 'blob', content: 'beta, edited\n' }],
    });
    const next = await octokit.rest.git.createCommit({
      owner: editor,
      repo,
      message: 'Edit b',
      tree: tree.data.sha,
      parents: [base],
    });
    await octokit.rest.git.createRef({
      owner: editor,
      repo,
      ref: 'refs/heads/proposal',
      sha: next.data.sha,
    });
    const head = `${editor}:proposal`;
    const created = await octokit.rest.pulls.create({
      owner,
      repo,
      title: 'Proposal',
      head,
      base: 'main',
      body: 'first',
    });
    expect(created.status).toBe(201);
    expect(created.data.head.label).toBe(head);
    const twice = await failure(
      octokit.rest.pulls.create({ owner, repo, title: 'Again', head, base: 'main' }),
    );
    expect(twice.status).toBe(422);
    expect(twice.message).toContain(`A pull request already exists for ${head}.`);
    const listed = await octokit.rest.pulls.list({ owner, repo, head, state: 'open' });
    expect(listed.data.map((pull) => pull.number)).toEqual([created.data.number]);
    const other = await octokit.rest.pulls.list({ owner, repo, head: `${editor}:other` });
    expect(other.data).toEqual([]);
    const updated = await octokit.rest.pulls.update({
      owner,
      repo,
      pull_number: created.data.number,
      body: 'second',
    });
    expect(updated.data.body).toBe('second');
    expect(fake.pulls()).toMatchObject([{ head, body: 'second', state: 'open' }]);
    expect(fake.violations).toEqual([]);
  });

  it('holds requests to the new routes to the contract too, naming the field', async () => {
    const { fake, octokit, base } = await withSources();
    const untyped = octokit.request as (route: string, parameters: object) => Promise<unknown>;
    const missing = await failure(
      untyped('POST /repos/{owner}/{repo}/git/refs', { owner, repo, ref: 'refs/heads/x' }),
    );
    expect(missing.status).toBe(422);
    const mode = await failure(
      untyped('POST /repos/{owner}/{repo}/git/trees', {
        owner,
        repo,
        tree: [{ path: 'x', mode: '100000', type: 'blob', sha: base }],
      }),
    );
    expect(mode.status).toBe(422);
    expect(fake.violations).toEqual([
      'git/create-ref: body lacks required property sha',
      expect.stringMatching(/^git\/create-tree: body\.tree\[0\]\.mode must be one of /),
    ]);
  });

  it('refuses repository writes to a token without public_repo, saying which scopes it accepts', async () => {
    const { fake, octokit } = await withSources({ scopes: ['read:org'] });
    const me = await octokit.rest.users.getAuthenticated();
    expect(me.headers['x-oauth-scopes']).toBe('read:org');
    const refused = await failure(octokit.rest.repos.createFork({ owner, repo }));
    expect(refused.status).toBe(403);
    expect(refused.headers['x-accepted-oauth-scopes']).toBe('public_repo, repo');
    expect(fake.violations).toEqual([]);
  });
});
