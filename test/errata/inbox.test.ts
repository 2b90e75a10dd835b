import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { acceptProposal, ignoreProposal, validateErrata } from '../../src/lib/errata';
import { createFixtureSite, type FixtureSite } from './fixture-site';

let site: FixtureSite;
beforeEach(async () => {
  site = await createFixtureSite();
});
afterEach(async () => {
  await site.remove();
});

const KEY = 'github-example-usage-guide-9';
const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

describe('screening the inbox', () => {
  test('accept gives the proposal the next id and the human fields, and removes it', async () => {
    const created = await acceptProposal(site.paths, KEY, {
      title: 'Typo in §2.6',
      type: 'editorial',
      affects: [{ document: 'ug-3.2-cn01', section: '2.6' }],
      anchor: '/guide/#the-rule',
      summary: 'A typo.',
      original: 'Sesions.',
    });
    if (created.kind !== 'accepted') throw new Error(JSON.stringify(created));
    expect(created.id).toBe('E-0007');
    expect(await exists(path.join(site.paths.inboxDir, `${KEY}.yaml`))).toBe(false);
    const text = await readFile(created.path, 'utf8');
    expect(text).toContain('title: Typo in §2.6\ntype: editorial\nstatus: reported\n');
    expect(text).toContain('  by: Grace Example\n  via: GitHub\n');
    expect(text).toContain('    issue: 9\n');
    expect((await validateErrata(site.paths)).findings).toEqual([]);
  });

  test('ignore records the thread key as a tombstone, keeps the list’s comments, and removes the proposal', async () => {
    const { keys } = await ignoreProposal(site.paths, KEY, {
      note: 'A question',
      date: '2024-05-01',
    });
    expect(keys).toEqual([KEY]);
    expect(await exists(path.join(site.paths.inboxDir, `${KEY}.yaml`))).toBe(false);
    expect(await site.read('errata/inbox/ignored.yaml')).toBe(
      `# yaml-language-server: $schema=../../static/schemas/errata-ignored.schema.json

# Threads screened out: the syncs never propose them again.
ignored:
  - key: github-example-usage-guide-3
    title: Question about installation, not an erratum
    date: 2024-02-01
  - key: ${KEY}
    title: Typo in the section on sessions
    date: 2024-05-01
    note: A question
`,
    );
    expect((await validateErrata(site.paths)).findings).toEqual([]);
  });

  test('a proposal put back after it was ignored is flagged by validate', async () => {
    const proposal = await site.read(`errata/inbox/${KEY}.yaml`);
    await ignoreProposal(site.paths, KEY);
    await site.write(`errata/inbox/${KEY}.yaml`, proposal);
    const { findings } = await validateErrata(site.paths);
    expect(findings.map((f) => f.rule)).toEqual(['already-ignored']);
  });

  test('screening a key that is not in the inbox says so', async () => {
    await expect(acceptProposal(site.paths, 'github-nobody-nothing-1')).rejects.toThrow(
      /no proposal github-nobody-nothing-1 in /,
    );
    await expect(ignoreProposal(site.paths, '../E-0001')).rejects.toThrow(/is not a source key/);
  });
});
