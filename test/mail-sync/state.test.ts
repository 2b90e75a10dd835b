/**
 * The mail state file (src/lib/mail-sync/state.ts): JSON in Prettier's layout, read back as
 * written, and refused with file, line and field when it is not valid.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { check } from 'prettier';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadState, loadYamlState, serialiseState, type SyncState } from '../../src/lib/mail-sync';

const ROOT = 'https://lists.example/archives/';

const STATE: SyncState = {
  archive: ROOT,
  lists: {
    'pkcs11-comment': {
      home: { etag: '"home"' },
      months: {
        '201506': { etag: '"b"', lastModified: 'Tue, 30 Jun 2015 10:00:00 GMT', read: '0-3' },
        '201505': { read: '0-41,43' },
      },
    },
  },
  messages: [
    {
      id: 'second@comments.example',
      date: '2015-06-02T10:00:00Z',
      from: 'Jörg Müller',
      subject: 'Re: Usage Guide and fork()',
      pages: ['pkcs11-comment/201506/1'],
      references: ['first@comments.example'],
    },
    {
      id: 'first@comments.example',
      date: '2015-06-01T10:00:00Z',
      from: 'Ann Example',
      subject: 'Usage Guide and fork()',
      pages: ['pkcs11-comment/201506/0'],
      about: true,
    },
  ],
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mail-state-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function written(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

describe('the mail state file', () => {
  test('is JSON laid out as Prettier lays it out, in a fixed order, and reads back as written', async () => {
    const text = serialiseState([STATE]);
    expect(await check(text, { parser: 'json' })).toBe(true);
    expect(text.indexOf('"201505"')).toBeLessThan(text.indexOf('"201506"'));
    expect(text.indexOf('first@')).toBeLessThan(text.indexOf('second@'));
    const file = await written('mail-state.json', text);
    const loaded = await loadState(file, 'errata/sync/mail-state.json');
    expect(serialiseState(loaded.states)).toBe(text);
    expect(loaded.text).toBe(text);
  });

  test('a missing file is no state', async () => {
    expect(await loadState(path.join(dir, 'absent.json'), 'absent.json')).toEqual({ states: [] });
  });

  test('a file that is not JSON is refused with its line', async () => {
    const text = serialiseState([STATE]).replace('"read": "0-3"', '"read": "0-3",');
    const file = await written('comma.json', text);
    const line = text.split('\n').findIndex((l) => l.includes('"0-3",')) + 2;
    await expect(loadState(file, 'errata/sync/mail-state.json')).rejects.toThrow(
      new RegExp(`errata/sync/mail-state\\.json:${line}:\\d+: not valid JSON.*\\[json-syntax\\]`),
    );
    // Where V8 gives no position it quotes the text around the error; the message leaves it out.
    const bracket = await written('bracket.json', '{\n  "archives": [\n    {},\n  ]\n}\n');
    await expect(loadState(bracket, 'mail-state.json')).rejects.toThrow(
      /mail-state\.json: not valid JSON: Unexpected token '\]' \[json-syntax\]$/,
    );
  });

  test('a field that breaks the schema is refused with its line and field', async () => {
    const text = serialiseState([STATE]).replace('"read": "0-41,43"', '"read": "some"');
    const file = await written('schema.json', text);
    const line = text.split('\n').findIndex((l) => l.includes('"some"')) + 1;
    await expect(loadState(file, 'errata/sync/mail-state.json')).rejects.toThrow(
      new RegExp(
        `mail-state\\.json:${line}:\\d+: archives\\[0\\]\\.lists\\.pkcs11-comment\\.months\\.201505\\.read: expected ranges`,
      ),
    );
  });

  test('the YAML file an earlier version kept holds the same states', async () => {
    const text = serialiseState([STATE]);
    const file = await written('mail-state.yaml', stringify(JSON.parse(text)));
    const [loaded] = await loadYamlState(file, 'errata/sync/mail-state.yaml');
    expect(serialiseState(loaded === undefined ? [] : [loaded])).toBe(text);
  });
});
