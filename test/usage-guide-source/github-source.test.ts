/**
 * The Usage Guide reader on GitHub: `owner/name@ref:folder` read through the project's GitHub
 * client from the local GitHub (test/support/github, held to GitHub's OpenAPI description), with
 * the same blob SHAs as the local reader, an unknown ref as a clear error, and a second read of
 * unchanged files answered by 304s alone.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';

import { loadContract, startFakeGitHub, type Contract, type FakeGitHub } from '../support/github';
import { createGitHubClient, MemoryHttpCache } from '../../src/lib/github';
import {
  findSection,
  openLocalSource,
  openSource,
  UsageGuideSourceError,
} from '../../src/lib/usage-guide-source';
import { PROJECT_DIR, runScript } from '../support/script';

const FIXTURE = path.resolve(import.meta.dirname, '..', 'fixtures', 'usage-guide-src');
const OPENAPI = path.resolve(
  import.meta.dirname,
  '..',
  'fixtures',
  'github',
  'openapi-subset.json',
);
const TOKEN = 'ghp_usageGuideReaderTestToken123';

let contract: Contract;
const running: FakeGitHub[] = [];
beforeAll(async () => {
  contract = await loadContract(OPENAPI);
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((fake) => fake.close()));
});

async function tcRepository(): Promise<{ fake: FakeGitHub; commit: string }> {
  const fake = await startFakeGitHub({
    contract,
    owner: 'tc-example',
    repo: 'pkcs11',
    token: TOKEN,
  });
  running.push(fake);
  const files: Record<string, Buffer> = {};
  for (const name of await readdir(FIXTURE))
    files[`working/doc/ug/${name}`] = await readFile(path.join(FIXTURE, name));
  return { fake, commit: fake.pushFiles('master', files, 'Synthetic Usage Guide sources') };
}

describe('a Usage Guide folder on GitHub', () => {
  test('reads the chapters at the ref, with the blob SHAs git gives the files', async () => {
    const { fake, commit } = await tcRepository();
    const client = createGitHubClient({ baseUrl: fake.url, token: TOKEN, minWriteIntervalMs: 0 });
    const source = openSource('tc-example/pkcs11@master:working/doc/ug', {
      octokit: client.octokit,
    });
    expect(await source.commit()).toBe(commit);
    expect(await source.chapters()).toEqual(await openLocalSource(FIXTURE).chapters());
    const remote = await source.readChapter('General_Overview.md');
    const local = await openLocalSource(FIXTURE).readChapter('General_Overview.md');
    expect(remote.text).toBe(local.text);
    expect(remote.blobSha).toBe(local.blobSha);
    expect(remote.path).toBe('working/doc/ug/General_Overview.md');
    expect(
      findSection(remote.text, remote.label, { heading: 'Applications and processes', level: 3 })
        .heading.line,
    ).toBe(17);
    expect(fake.violations).toEqual([]);
  });

  test('an unknown ref is one clear error naming the repository and the ref', async () => {
    const { fake } = await tcRepository();
    const client = createGitHubClient({ baseUrl: fake.url, token: TOKEN, minWriteIntervalMs: 0 });
    const source = openSource('tc-example/pkcs11@no-such-branch:working/doc/ug', {
      octokit: client.octokit,
    });
    const error = await source.chapters().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageGuideSourceError);
    expect((error as UsageGuideSourceError).problem).toBe('unknown-ref');
    expect((error as Error).message).toMatch(/tc-example\/pkcs11 has no ref "no-such-branch"/);
    expect((error as Error).message).not.toContain(TOKEN);
    expect(fake.violations).toEqual([]);
  });

  test('a second read of unchanged files costs only 304 answers', async () => {
    const { fake } = await tcRepository();
    const cache = new MemoryHttpCache();
    const read = async (): Promise<void> => {
      const client = createGitHubClient({ baseUrl: fake.url, token: TOKEN, cache });
      const source = openSource('tc-example/pkcs11@master:working/doc/ug', {
        octokit: client.octokit,
      });
      await source.readChapter('General_Overview.md');
    };
    await read();
    fake.resetLog();
    await read();
    expect(fake.requests.map((request) => request.status)).toEqual([304, 304]);
    expect(fake.violations).toEqual([]);
  });

  test('upstream-patch reads it too, and an unknown ref exits 2 without printing the token', async () => {
    const { fake } = await tcRepository();
    const env = { GITHUB_API_URL: fake.url, GITHUB_TOKEN: TOKEN };
    const good = await runScript(
      'guide',
      PROJECT_DIR,
      ['upstream-patch', '--source', 'tc-example/pkcs11@master:working/doc/ug'],
      env,
    );
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/^diff --git a\/working\/doc\/ug\/General_Overview\.md/);
    const bad = await runScript(
      'guide',
      PROJECT_DIR,
      ['upstream-patch', '--source', 'tc-example/pkcs11@gone:working/doc/ug'],
      env,
    );
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/has no ref "gone"/);
    expect(bad.stderr + bad.stdout).not.toContain(TOKEN);
    expect(fake.violations).toEqual([]);
  });
});
