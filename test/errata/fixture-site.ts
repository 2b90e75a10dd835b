/**
 * A throw-away copy of test/fixtures/errata/site (docs, errata of every status, an inbox), so a
 * test can break one file and validate without touching the fixtures.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { errataPaths, type ErrataPaths } from '../../src/lib/errata';

export const PROJECT_DIR = path.resolve(import.meta.dirname, '..', '..');
export const FIXTURE_SITE = path.join(PROJECT_DIR, 'test', 'fixtures', 'errata', 'site');

export interface FixtureSite {
  dir: string;
  paths: ErrataPaths;
  /** Reads a file relative to the site folder. */
  read(relative: string): Promise<string>;
  /** Writes a file relative to the site folder. */
  write(relative: string, content: string | Uint8Array): Promise<void>;
  /** Applies a text replacement to a file; fails the test when `from` is not in it. */
  edit(relative: string, from: string | RegExp, to: string): Promise<void>;
  remove(): Promise<void>;
}

export async function createFixtureSite(): Promise<FixtureSite> {
  const dir = await mkdtemp(path.join(tmpdir(), 'errata-site-'));
  await cp(FIXTURE_SITE, dir, { recursive: true });
  const read = (relative: string) => readFile(path.join(dir, relative), 'utf8');
  return {
    dir,
    paths: errataPaths(dir),
    read,
    write: (relative, content) => writeFile(path.join(dir, relative), content),
    edit: async (relative, from, to) => {
      const before = await read(relative);
      const after = before.replace(from, to);
      if (after === before) throw new Error(`${String(from)} not found in ${relative}`);
      await writeFile(path.join(dir, relative), after);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
