/**
 * The wording review: golden reports for the fixture pairs, the rev-based mode on a real git
 * repository made in a temp folder, the CLI's formats and exit codes, and text from the pages
 * kept as data in the Markdown.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildReview,
  escapeInline,
  renderAnnotations,
  renderMarkdown,
  REVIEW_MARKER,
} from '../../src/lib/wording/review';
import { loadContract, startFakeGitHub, type Contract, type FakeGitHub } from '../support/github';
import { reviewFixture, WORDING_FIXTURES } from '../support/fixture-review';
import { PROJECT_DIR, runScript, type ScriptResult } from '../support/script';

describe('review of the fixture pairs', () => {
  const cases = readdirSync(WORDING_FIXTURES).sort();

  it.each(cases)('%s matches its expected report', async (name) => {
    const expected = readFileSync(path.join(WORDING_FIXTURES, name, 'expected-report.md'), 'utf8');
    expect(renderMarkdown(await reviewFixture(name))).toBe(expected);
  });

  it('reports nothing for a re-wrap, though every line moved', async () => {
    const report = await reviewFixture('rewrap-only');
    expect(report.pages).toEqual([]);
    expect(renderAnnotations(report)).toBe('');
  });

  it('counts each kind of obligation change', async () => {
    const summaries = await Promise.all(
      [
        'should-to-must',
        'must-not-to-may',
        'lowercase-should-to-must',
        'added-removed-sections',
      ].map(async (name) => (await reviewFixture(name)).summary.obligations),
    );
    expect(summaries).toEqual([
      { added: 0, removed: 0, strengthened: 1, weakened: 0 },
      { added: 0, removed: 0, strengthened: 0, weakened: 1 },
      { added: 0, removed: 0, strengthened: 1, weakened: 0 },
      { added: 1, removed: 1, strengthened: 0, weakened: 0 },
    ]);
  });
});

describe('escapeInline', () => {
  it('keeps code spans and neutralises markup, HTML and mentions', () => {
    expect(
      escapeInline('Call `C_Initialize()` <script>alert(1)</script> [x](javascript:y) @team *a*'),
    ).toBe(
      'Call `C_Initialize()` \\<script\\>alert(1)\\</script\\> \\[x\\](javascript:y) \\@team \\*a\\*',
    );
    expect(escapeInline('a | b\nc ` d')).toBe('a \\| b c \\` d');
  });
});

// ---- a real git repository ------------------------------------------------------------------

const PAGE_BASE = `---
title: Children
pkcs11: ['2.40', '3.2']
---

# Children

## Threads {#threads}

A child of a threaded process should not call any PKCS #11 function before
[\`exec\`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/exec.html).
Old text MAY stay as it is.

## Long-lived children {#long-lived}

A long-lived child may call \`C_Initialize\` again.
`;

// Re-wraps the first paragraph, strengthens "should not" to "must not", changes a MAY that was
// already there (its finding is the base's), adds a section with a new lint problem.
const PAGE_HEAD = `---
title: Children
pkcs11: ['2.40', '3.2']
---

# Children

## Threads {#threads}

A child of a threaded process must not call any PKCS #11
function before [\`exec\`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/exec.html).
Old text MAY stay as it is.

## Long-lived children {#long-lived}

A long-lived child may call \`C_Initialize\` again.

## Interfaces {#interfaces}

A child SHOULD ask \`C_GetInterface\` for the flag.
`;

let repo: string;
function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@invalid', ...args], {
    cwd: repo,
    encoding: 'utf8',
  });
}
function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), text);
}

beforeAll(() => {
  repo = mkdtempSync(path.join(os.tmpdir(), 'wording-review-'));
  git('init', '-q', '-b', 'main');
  // The identifier table lives in the repository, as in a checkout of this project.
  mkdirSync(path.join(repo, 'data'));
  copyFileSync(
    path.join(PROJECT_DIR, 'data', 'pkcs11-identifiers.tsv'),
    path.join(repo, 'data', 'pkcs11-identifiers.tsv'),
  );
  write('docs/guide/children.md', PAGE_BASE);
  write('docs/guide/old-name.md', '# Old\n\nA page that will be renamed. It is short.\n');
  write('docs/guide/gone.md', '# Gone\n\nA module should keep this page.\n');
  write('README.md', 'Not a guide page.\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  git('tag', 'base');
  write('docs/guide/children.md', PAGE_HEAD);
  renameSync(path.join(repo, 'docs/guide/old-name.md'), path.join(repo, 'docs/guide/new-name.md'));
  rmSync(path.join(repo, 'docs/guide/gone.md'));
  write('README.md', 'Still not a guide page; SHOULD is fine here.\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'head');
});

afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
});

describe('buildReview on a git repository', () => {
  it('reviews exactly the changed guide pages, by status', async () => {
    const report = await buildReview({ cwd: repo, base: 'base', head: 'main' });
    expect(report.base.commit).toBe(git('rev-parse', 'base').trim());
    expect(report.pages.map(({ status, before, after }) => ({ status, before, after }))).toEqual([
      { status: 'modified', before: 'docs/guide/children.md', after: 'docs/guide/children.md' },
      { status: 'removed', before: 'docs/guide/gone.md', after: undefined },
      { status: 'renamed', before: 'docs/guide/old-name.md', after: 'docs/guide/new-name.md' },
    ]);
  });

  it('shows the strengthened obligation and the new section, not the re-wrap', async () => {
    const report = await buildReview({ cwd: repo, base: 'base', head: 'main' });
    const page = report.pages[0];
    expect(page?.sections.map((section) => [section.id, section.kind])).toEqual([
      ['threads', 'changed'],
      ['interfaces', 'added'],
    ]);
    const threads = page?.sections[0]?.sentences ?? [];
    expect(threads).toHaveLength(1);
    expect(threads[0]?.keywords).toEqual({
      kind: 'strengthened',
      before: ['should not'],
      after: ['must not'],
    });
    expect(threads[0]?.after?.line).toBe(10);
  });

  it('reports only lint findings the change introduced, on changed lines', async () => {
    const report = await buildReview({ cwd: repo, base: 'base', head: 'main' });
    const lint = report.pages[0]?.lint.map((finding) => `${String(finding.line)}:${finding.rule}`);
    // Line 12's MAY was there before; line 20 adds SHOULD and an unmarked 3.0 function.
    expect(lint).toEqual(['20:bcp14-keywords', '20:pkcs11-identifiers']);
    expect(report.summary.lint).toBe(2);
  });

  it('says clearly when a revision is unknown', async () => {
    await expect(buildReview({ cwd: repo, base: 'no-such-branch', head: 'main' })).rejects.toThrow(
      'git knows no commit "no-such-branch" here',
    );
    await expect(buildReview({ cwd: repo, base: '--output=x', head: 'main' })).rejects.toThrow(
      'is not a revision',
    );
  });
});

describe('npm run review', () => {
  it('prints the Markdown report and exits 1 for new lint findings', async () => {
    const result = await runScript('review', repo, ['--base', 'base', '--head', 'main']);
    expect(result.code).toBe(1);
    expect(result.stdout.startsWith(`${REVIEW_MARKER}\n## Wording review\n`)).toBe(true);
    expect(result.stdout).toContain(
      '| `docs/guide/children.md:10` | Threads | **strengthened** | `should not` | `must not` |',
    );
    expect(result.stdout).toContain('#### Page `docs/guide/gone.md` (removed)');
    expect(result.stdout).toContain(
      '#### Page `docs/guide/old-name.md` → `docs/guide/new-name.md` (renamed)\n\n- no wording changed',
    );
    expect(result.stdout).not.toContain('README');
  });

  it('prints annotations with --format github, and JSON with --json', async () => {
    const github = await runScript('review', repo, [
      '--base',
      'base',
      '--head',
      'main',
      '--format',
      'github',
    ]);
    const lines = github.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^::notice file=docs\/guide\/children\.md,line=10,title=Obligation strengthened::Threads: should not → must not: /,
    );
    expect(
      lines.filter((line) => line.startsWith('::warning file=docs/guide/children.md,line=20')),
    ).toHaveLength(2);
    const json = await runScript('review', repo, ['--base', 'base', '--head', 'main', '--json']);
    const report = JSON.parse(json.stdout) as {
      summary: { pages: number; obligations: Record<string, number> };
    };
    expect(report.summary.pages).toBe(3);
    expect(report.summary.obligations).toEqual({
      added: 1,
      removed: 1,
      strengthened: 1,
      weakened: 0,
    });
  });

  it('reports no change between a revision and itself, exit 0', async () => {
    const result = await runScript('review', repo, ['--base', 'main', '--head', 'main']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/: no wording changes in the guide\.\n$/);
  });

  it('exits 2 with a clear message on bad usage', async () => {
    const missing = await runScript('review', repo, ['--base', 'base']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('both --base and --head are needed');
    const unknown = await runScript('review', repo, ['--base', 'nope', '--head', 'main']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('git knows no commit "nope" here');
    const post = await runScript('review', repo, ['--base', 'base', '--head', 'main', '--post']);
    expect(post.code).toBe(2);
    expect(post.stderr).toContain('--post needs --repo and --pr');
  });
});

// ---- posting against the contract-checked local GitHub ----------------------------------------

describe('npm run review -- --post', () => {
  const OWNER = 'example';
  const NAME = 'pkcs11-guide';
  const TOKEN = 'ghp_reviewTestToken0123456789abcdef';
  let contract: Contract;

  beforeAll(async () => {
    contract = await loadContract(
      path.join(PROJECT_DIR, 'test', 'fixtures', 'github', 'openapi-subset.json'),
    );
  });

  async function post(fake: FakeGitHub, base: string, head: string): Promise<ScriptResult> {
    return runScript(
      'review',
      repo,
      ['--base', base, '--head', head, '--post', '--repo', `${OWNER}/${NAME}`, '--pr', '7'],
      { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: fake.url },
    );
  }

  it('creates one comment, rewrites it on the next push, and leaves other comments alone', async () => {
    const fake = await startFakeGitHub({ contract, owner: OWNER, repo: NAME, token: TOKEN });
    try {
      for (let number = 1; number <= 7; number++)
        fake.seedIssue({ title: `Pull request ${String(number)}` });
      fake.addComment(7, 'Looks good to me.', 'reviewer');

      const first = await post(fake, 'base', 'main');
      expect(first.stderr).toMatch(/review comment created: http\S+#issuecomment-\d+/);
      const created = fake.comments(7).filter((comment) => comment.body.includes(REVIEW_MARKER));
      expect(created).toHaveLength(1);
      expect(created[0]?.body).toContain('**strengthened**');

      // A new push: the head moves on, the same comment is rewritten.
      write('docs/guide/children.md', PAGE_HEAD.replace('may call', 'must call'));
      git('commit', '-q', '-am', 'second push');
      const second = await post(fake, 'base', 'main');
      expect(second.stderr).toContain('review comment updated');
      const comments = fake.comments(7);
      expect(comments.filter((comment) => comment.body.includes(REVIEW_MARKER))).toHaveLength(1);
      expect(comments.find((comment) => comment.body.includes(REVIEW_MARKER))?.id).toBe(
        created[0]?.id,
      );
      expect(comments.find((comment) => comment.body.includes(REVIEW_MARKER))?.body).toContain(
        '| Long-lived children | **strengthened** | `may` | `must` |',
      );
      expect(comments[0]).toEqual({
        id: comments[0]?.id,
        body: 'Looks good to me.',
        author: 'reviewer',
      });

      // Run again on the same head: nothing to write.
      fake.resetLog();
      const third = await post(fake, 'base', 'main');
      expect(third.stderr).toContain('review comment unchanged');
      expect(fake.requests.filter((request) => request.method !== 'GET')).toEqual([]);

      expect(fake.violations).toEqual([]);
      for (const result of [first, second, third]) {
        expect(result.stdout + result.stderr).not.toContain(TOKEN);
      }
    } finally {
      await fake.close();
      git('reset', '-q', '--hard', 'HEAD~1');
    }
  });

  it('fails with exit 1 and a clear message when GitHub refuses the write', async () => {
    const fake = await startFakeGitHub({
      contract,
      owner: OWNER,
      repo: NAME,
      token: 'another-token',
    });
    try {
      fake.seedIssue({ title: 'Pull request 1' });
      const result = await runScript(
        'review',
        repo,
        ['--base', 'base', '--head', 'main', '--post', '--repo', `${OWNER}/${NAME}`, '--pr', '1'],
        { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: fake.url },
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/error: posting the review failed: .*401/);
      expect(result.stdout).toContain(REVIEW_MARKER);
      expect(result.stdout + result.stderr).not.toContain(TOKEN);
    } finally {
      await fake.close();
    }
  });

  it('needs a token to post', async () => {
    const result = await runScript(
      'review',
      repo,
      ['--base', 'base', '--head', 'main', '--post', '--repo', `${OWNER}/${NAME}`, '--pr', '1'],
      { GITHUB_TOKEN: '' },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('GITHUB_TOKEN is not set');
  });
});
