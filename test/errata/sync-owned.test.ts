import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { updateSyncOwnedFields, type Erratum, type Thread } from '../../src/lib/errata';
import { createFixtureSite, type FixtureSite } from './fixture-site';

let site: FixtureSite;
beforeEach(async () => {
  site = await createFixtureSite();
});
afterEach(async () => {
  await site.remove();
});

const thread: Thread = {
  kind: 'github',
  repository: 'example/usage-guide',
  issue: 11,
  url: 'https://github.com/example/usage-guide/issues/11',
  state: 'closed',
  labels: ['erratum', 'editorial'],
  comments: 4,
  linkedPullRequests: ['https://github.com/example/usage-guide/pull/12'],
  lastActivity: '2024-05-01T12:00:00Z',
};

describe('what a sync may write into a published record', () => {
  test('an update that changes nothing writes nothing, so a second sync run touches no file', async () => {
    const file = path.join(site.paths.errataDir, 'E-0001.yaml');
    const before = await stat(file);
    const record = await site.read('errata/E-0001.yaml');
    const threads = [
      {
        kind: 'github',
        repository: 'example/usage-guide',
        issue: 7,
        url: 'https://github.com/example/usage-guide/issues/7',
        state: 'open',
        labels: ['erratum'],
        comments: 2,
        linkedPullRequests: [],
        lastActivity: '2024-01-06T10:00:00Z',
      },
    ] satisfies Erratum['threads'];
    expect(await updateSyncOwnedFields(site.paths, file, { threads })).toEqual({ changed: false });
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
    expect(await site.read('errata/E-0001.yaml')).toBe(record);
  });

  test('new threads are written with the comments kept; human-owned fields cannot be changed', async () => {
    const file = path.join(site.paths.errataDir, 'E-0003.yaml');
    const before = await site.read('errata/E-0003.yaml');
    const update = { threads: [thread], title: 'A sync must not retitle' } as { threads: Thread[] };
    expect(await updateSyncOwnedFields(site.paths, file, update)).toEqual({ changed: true });
    const after = await site.read('errata/E-0003.yaml');
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length)).toBe(`threads:
  - kind: github
    repository: example/usage-guide
    issue: 11
    url: https://github.com/example/usage-guide/issues/11
    state: closed
    labels:
      - erratum
      - editorial
    comments: 4
    linkedPullRequests:
      - https://github.com/example/usage-guide/pull/12
    lastActivity: 2024-05-01T12:00:00Z
`);
  });

  test('an invalid record is not written by a sync', async () => {
    await site.edit('errata/E-0002.yaml', 'type: editorial', 'type: cosmetic');
    const file = path.join(site.paths.errataDir, 'E-0002.yaml');
    await expect(updateSyncOwnedFields(site.paths, file, { threads: [thread] })).rejects.toThrow(
      /errata\/E-0002.yaml is not valid, so no sync may write it/,
    );
  });
});
