import { readdir, readFile, writeFile } from 'node:fs/promises';
import * as fsPromises from 'node:fs/promises';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  createFileExclusive,
  errataPaths,
  FolderFlushes,
  loadRecord,
  saveErratum,
  serialiseErratum,
  writeFileAtomic,
  type AtomicFs,
  type Erratum,
} from '../../src/lib/errata';
import { createFixtureSite, PROJECT_DIR, type FixtureSite } from './fixture-site';

let site: FixtureSite;
beforeEach(async () => {
  site = await createFixtureSite();
});
afterEach(async () => {
  await site.remove();
});

async function load(relative: string) {
  const loaded = await loadRecord(site.paths, path.join(site.dir, relative));
  if (loaded.value === undefined || loaded.parsed === undefined) {
    throw new Error(`${relative} did not load: ${JSON.stringify(loaded.findings)}`);
  }
  return { value: loaded.value, doc: loaded.parsed.doc };
}

describe('saving a record', () => {
  test('re-saving an unchanged record changes no byte, comments and $schema line included', async () => {
    const relative = 'errata/E-0003.yaml';
    const before = await site.read(relative);
    expect(before).toContain('# Checked against the v3.2 text by the editor.');
    expect(before).toContain('# the current Usage Guide');
    const { value, doc } = await load(relative);
    await saveErratum(path.join(site.dir, relative), value, doc);
    expect(await site.read(relative)).toBe(before);
  });

  test('every committed record, in the repository and the fixtures, is already in saved form', async () => {
    for (const paths of [errataPaths(PROJECT_DIR), site.paths]) {
      const files = (await readdir(paths.errataDir)).filter((name) => name.endsWith('.yaml'));
      expect(files.length).toBeGreaterThan(0);
      for (const name of files) {
        const file = path.join(paths.errataDir, name);
        const loaded = await loadRecord(paths, file);
        expect(loaded.value, name).toBeDefined();
        if (loaded.value === undefined) continue;
        expect(serialiseErratum(loaded.value, loaded.parsed?.doc), name).toBe(
          await readFile(file, 'utf8'),
        );
        // Saved from scratch (as a sync creating it would), a record without comments is identical.
        const text = await readFile(file, 'utf8');
        const comments = text
          .split('\n')
          .slice(1)
          .filter((line) => /^\s*#|\s#\s/.test(line));
        if (comments.length === 0) expect(serialiseErratum(loaded.value), name).toBe(text);
      }
    }
  });

  test('changing one field keeps every comment and changes only that line', async () => {
    const relative = 'errata/E-0003.yaml';
    const before = await site.read(relative);
    const { value, doc } = await load(relative);
    await saveErratum(path.join(site.dir, relative), { ...value, title: 'A better title' }, doc);
    const after = await site.read(relative);
    expect(after).toBe(
      before.replace('title: Demo erratum in status accepted', 'title: A better title'),
    );
  });

  test('keys are written in the schema order, whatever order the input had', () => {
    const record = {
      history: [{ status: 'reported', date: '2024-01-05' }],
      original: 'O.',
      summary: 'S.',
      reported: { via: 'GitHub', by: 'Ada Example', date: '2024-01-05' },
      anchor: '/guide/#the-rule',
      affects: [{ section: '2.5.2', document: 'ug-3.2-cn01' }],
      status: 'reported',
      type: 'editorial',
      title: 'T',
      id: 'E-0009',
    } as Erratum;
    const keys = serialiseErratum(record)
      .split('\n')
      .filter((line) => /^ {0,4}[a-z]+:/.test(line.replace(/^( *)- /, '$1  ')))
      .map((line) => line.trim().replace(/^- /, '').split(':')[0]);
    expect(keys).toEqual([
      'id',
      'title',
      'type',
      'status',
      'affects',
      'document',
      'section',
      'anchor',
      'reported',
      'date',
      'by',
      'via',
      'summary',
      'original',
      'history',
      'date',
      'status',
    ]);
  });

  test('the output is what Prettier prints, so `prettier --check` agrees with the saver', async () => {
    const { value } = await load('errata/E-0006.yaml');
    const text = serialiseErratum({
      ...value,
      title: 'Quotes: "double" and \'single\', a # and a colon',
      summary:
        'Line one.\nLine two, long enough to tempt a folder into folding it somewhere along the way.\n',
    });
    const filepath = path.join(PROJECT_DIR, 'errata', 'E-9999.yaml');
    expect(await format(text, { ...(await resolveConfig(filepath)), filepath })).toBe(text);
  });
});

describe('atomic writes', () => {
  test('a write leaves no temporary file behind', async () => {
    const target = path.join(site.dir, 'errata', 'E-0001.yaml');
    await writeFileAtomic(target, 'new content\n');
    expect(await readFile(target, 'utf8')).toBe('new content\n');
    expect((await readdir(path.dirname(target))).filter((name) => name.endsWith('.tmp'))).toEqual(
      [],
    );
  });

  test('a write that fails part-way leaves the old file intact and no temporary file', async () => {
    const target = path.join(site.dir, 'errata', 'E-0001.yaml');
    const before = await readFile(target, 'utf8');
    const failingOpen: AtomicFs['open'] = async (...args) => {
      const handle = await fsPromises.open(...args);
      handle.writeFile = async () => {
        await fsPromises.writeFile(String(args[0]), 'half a rec');
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      };
      return handle;
    };
    const fs: AtomicFs = { ...fsPromises, open: failingOpen };
    await expect(writeFileAtomic(target, 'new content\n', { fs })).rejects.toThrow(/ENOSPC/);
    expect(await readFile(target, 'utf8')).toBe(before);
    expect((await readdir(path.dirname(target))).filter((name) => name.endsWith('.tmp'))).toEqual(
      [],
    );
  });

  test('a rename that fails leaves the old file intact and no temporary file', async () => {
    const target = path.join(site.dir, 'errata', 'E-0001.yaml');
    const before = await readFile(target, 'utf8');
    const fs: AtomicFs = {
      ...fsPromises,
      rename: () => Promise.reject(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' })),
    };
    await expect(writeFileAtomic(target, 'new content\n', { fs })).rejects.toThrow(/EIO/);
    expect(await readFile(target, 'utf8')).toBe(before);
    expect((await readdir(path.dirname(target))).filter((name) => name.endsWith('.tmp'))).toEqual(
      [],
    );
  });

  test('a reader never sees a half-written record while writes run', async () => {
    const target = path.join(site.dir, 'errata', 'E-0001.yaml');
    const versions = ['a'.repeat(200_000), 'b'.repeat(200_000)].map((body) => `${body}\n`);
    await writeFile(target, versions[0] ?? '');
    const state = { stop: false };
    const seen = new Set<string>();
    const reader = (async () => {
      while (!state.stop) seen.add(await readFile(target, 'utf8'));
    })();
    for (let i = 0; i < 20; i += 1) await writeFileAtomic(target, versions[i % 2] ?? '');
    state.stop = true;
    await reader;
    for (const content of seen) expect(versions).toContain(content);
  });

  test('a batch flushes each folder once, after its writes; a lone write flushes it itself', async () => {
    const folder = path.join(site.dir, 'errata');
    const flushed: string[] = [];
    const fs: AtomicFs = {
      ...fsPromises,
      open: async (...args: Parameters<typeof fsPromises.open>) => {
        const handle = await fsPromises.open(...args);
        if (args[1] !== 'r') return handle;
        const sync = handle.sync.bind(handle);
        return Object.assign(handle, {
          sync: async () => {
            flushed.push(String(args[0]));
            await sync();
          },
        });
      },
    };
    const folders = new FolderFlushes(fs);
    for (const name of ['a', 'b', 'c']) {
      await writeFileAtomic(path.join(folder, `${name}.yaml`), `${name}\n`, { fs, folders });
    }
    expect(await createFileExclusive(path.join(folder, 'd.yaml'), 'd\n', { fs, folders })).toBe(
      true,
    );
    expect(flushed).toEqual([]);
    await folders.flush();
    expect(flushed).toEqual([folder]);
    expect(await readFile(path.join(folder, 'd.yaml'), 'utf8')).toBe('d\n');
    await writeFileAtomic(path.join(folder, 'e.yaml'), 'e\n', { fs });
    expect(flushed).toEqual([folder, folder]);
  });
});
