import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  createFileExclusive,
  createRecord,
  formatErratumId,
  recordNumber,
  sourceKey,
  validateErrata,
} from '../../src/lib/errata';
import { createFixtureSite, type FixtureSite } from './fixture-site';

let site: FixtureSite;
beforeEach(async () => {
  site = await createFixtureSite();
});
afterEach(async () => {
  await site.remove();
});

describe('erratum ids', () => {
  test('ids have at least four digits and map to and from file names', () => {
    expect(formatErratumId(1)).toBe('E-0001');
    expect(formatErratumId(12345)).toBe('E-12345');
    expect(recordNumber('E-0042.yaml')).toBe(42);
    expect(recordNumber('E-42.yaml')).toBeUndefined();
    expect(recordNumber('ignored.yaml')).toBeUndefined();
  });

  test('a new record takes the next id after the highest and is written complete', async () => {
    const created = await createRecord(site.paths, { title: 'Something is wrong' });
    expect(created.id).toBe('E-0007');
    expect(path.basename(created.path)).toBe('E-0007.yaml');
    const text = await readFile(created.path, 'utf8');
    expect(
      text.startsWith('# yaml-language-server: $schema=../static/schemas/erratum.schema.json\n'),
    ).toBe(true);
    expect(text).toContain(
      'id: E-0007\ntitle: Something is wrong\ntype: technical\nstatus: reported\n',
    );
  });

  test('ten parallel `new` calls get ten distinct ids, and no temporary file is left', async () => {
    const created = await Promise.all(
      Array.from({ length: 10 }, (_, i) => createRecord(site.paths, { title: `Parallel ${i}` })),
    );
    const ids = created.map((c) => c.id).sort();
    expect(ids).toEqual(Array.from({ length: 10 }, (_, i) => formatErratumId(7 + i)));
    for (const { id, path: file } of created) {
      expect(await readFile(file, 'utf8')).toContain(`id: ${id}\n`);
    }
    const names = await readdir(site.paths.errataDir);
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    // Each file holds the title its own call asked for: no call overwrote another's record.
    const titles = await Promise.all(created.map((c) => readFile(c.path, 'utf8')));
    expect(new Set(titles.map((t) => /title: (.*)/.exec(t)?.[1])).size).toBe(10);
  });

  test('a scaffolded record fails validation only for the TODOs a person has to fill in', async () => {
    await createRecord(site.paths, {
      title: 'Something is wrong',
      affects: [{ document: 'ug-3.2-cn01', section: '2.5.2' }],
      anchor: '/guide/#the-rule',
    });
    const { findings } = await validateErrata(site.paths);
    expect(findings.map((f) => `${f.field ?? ''} ${f.rule}`)).toEqual([
      'reported.by placeholder',
      'reported.via placeholder',
      'summary placeholder',
      'original placeholder',
      'proposed placeholder',
    ]);
  });

  test('an exclusive create refuses a taken name and leaves the existing file alone', async () => {
    const target = path.join(site.paths.errataDir, 'E-0001.yaml');
    const before = await readFile(target, 'utf8');
    expect(await createFileExclusive(target, 'intruder\n')).toBe(false);
    expect(await readFile(target, 'utf8')).toBe(before);
    expect((await readdir(site.paths.errataDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('source keys', () => {
  test('a GitHub thread is keyed github-<owner>-<repo>-<n>, lower case', () => {
    expect(
      sourceKey({
        kind: 'github',
        repository: 'Example/Usage-Guide',
        issue: 12,
        url: 'https://github.com/Example/Usage-Guide/issues/12',
        state: 'open',
        labels: [],
        comments: 0,
        linkedPullRequests: [],
        lastActivity: '2024-01-01',
      }),
    ).toBe('github-example-usage-guide-12');
  });

  test('a mail thread is keyed by a hash of its Message-ID, so no address reaches a file name', () => {
    const thread = {
      kind: 'mail' as const,
      list: 'pkcs11-comment',
      messageId: '<1431255327.1@someone.example>',
      subject: 'S',
      messages: 1,
      lastActivity: '2015-05-10',
    };
    const key = sourceKey(thread);
    expect(key).toMatch(/^mail-[0-9a-f]{16}$/);
    expect(sourceKey({ ...thread })).toBe(key);
    expect(sourceKey({ ...thread, messageId: '<other@someone.example>' })).not.toBe(key);
  });
});
