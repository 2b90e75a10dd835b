/**
 * The reader of a TC Usage Guide folder, on the project's synthetic folder
 * (test/fixtures/usage-guide-src, written in our own words with the TC folder's structure) and on
 * broken copies of it: files.txt order, sections found by heading with level and neighbours
 * checked, and one clear error per kind of bad input.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';

import * as reader from '../../src/lib/usage-guide-source';
import {
  findSection,
  gitBlobSha,
  listHeadings,
  openLocalSource,
  openSource,
  parseSourceSpec,
  sectionHash,
  UsageGuideSourceError,
} from '../../src/lib/usage-guide-source';

const FIXTURE = path.resolve(import.meta.dirname, '..', 'fixtures', 'usage-guide-src');
const QUERY = {
  heading: 'Applications and processes',
  level: 3,
  previous: 'General Guidance',
  next: 'Applications and threads',
};

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function brokenCopy(change: (text: string) => string | Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ug-source-'));
  temps.push(dir);
  await cp(FIXTURE, dir, { recursive: true });
  const file = path.join(dir, 'General_Overview.md');
  await writeFile(file, change(await readFile(file, 'utf8')));
  return dir;
}

async function problemOf(folder: string): Promise<UsageGuideSourceError> {
  const chapter = await openLocalSource(folder).readChapter('General_Overview.md');
  try {
    findSection(chapter.text, chapter.label, QUERY);
  } catch (error) {
    if (error instanceof UsageGuideSourceError) return error;
    throw error;
  }
  throw new Error('expected a UsageGuideSourceError');
}

describe('the usage-guide-source library', () => {
  test('exports the reader API and nothing else', () => {
    expect(Object.keys(reader).sort()).toEqual([
      'FILES_LIST',
      'UsageGuideSourceError',
      'decodeChapter',
      'findSection',
      'gitBlobSha',
      'listHeadings',
      'openGitHubSource',
      'openLocalSource',
      'openSource',
      'parseFilesList',
      'parseSourceSpec',
      'sectionHash',
    ]);
  });

  test('lists the chapters in files.txt order', async () => {
    expect(await openLocalSource(FIXTURE).chapters()).toEqual([
      'Abstract.md',
      'General_Overview.md',
      'Revision_History.md',
    ]);
  });

  test('reads a chapter with the same blob SHA git gives it', async () => {
    const chapter = await openLocalSource(FIXTURE).readChapter('General_Overview.md');
    const git = execFileSync('git', ['hash-object', path.join(FIXTURE, 'General_Overview.md')], {
      encoding: 'utf8',
    }).trim();
    expect(chapter.blobSha).toBe(git);
    expect(gitBlobSha(Buffer.from(chapter.text))).toBe(git);
  });

  test('finds a section by its heading, with its body and neighbours', async () => {
    const chapter = await openLocalSource(FIXTURE).readChapter('General_Overview.md');
    const section = findSection(chapter.text, chapter.label, QUERY);
    expect(section.heading).toMatchObject({ level: 3, text: 'Applications and processes' });
    expect(section.previous?.text).toBe('General Guidance');
    expect(section.next?.text).toBe('Applications and threads');
    expect(section.body.startsWith('\n')).toBe(true);
    expect(chapter.text.slice(section.bodyEnd)).toMatch(/^### Applications and threads\n/);
    expect(sectionHash(chapter.text, section)).toMatch(/^[0-9a-f]{64}$/);
  });

  test('reads pandoc heading attributes as ids, not as heading text', () => {
    const headings = listHeadings(
      '# A\n\n## Some heading {#some-id .unnumbered}\n\n```\n# not a heading\n```\n',
    );
    expect(headings.map((h) => [h.level, h.text, h.id])).toEqual([
      [1, 'A', undefined],
      [2, 'Some heading', 'some-id'],
    ]);
  });

  test('a chapter without the section is an error naming the file and the heading', async () => {
    const error = await problemOf(
      await brokenCopy((text) => text.replace('### Applications and processes', '### Processes')),
    );
    expect(error.problem).toBe('missing-heading');
    expect(error.message).toMatch(
      /General_Overview\.md: no heading "### Applications and processes"/,
    );
  });

  test('a heading twice is an error naming both lines', async () => {
    const error = await problemOf(
      await brokenCopy((text) => `${text}\n### Applications and processes\n\nAgain.\n`),
    );
    expect(error.problem).toBe('duplicate-heading');
    expect(error.message).toMatch(/appears 2 times \(lines 17, \d+\)/);
  });

  test('a heading at another level is an error naming the level found and expected', async () => {
    const error = await problemOf(
      await brokenCopy((text) =>
        text.replace('### Applications and processes', '#### Applications and processes'),
      ),
    );
    expect(error.problem).toBe('wrong-level');
    expect(error.message).toMatch(
      /General_Overview\.md:17: found "#### Applications and processes", expected "### Applications and processes"/,
    );
  });

  test('a moved section is noticed by its neighbours', async () => {
    const error = await problemOf(
      await brokenCopy((text) => text.replace('### General Guidance\n', '### Background\n')),
    );
    expect(error.problem).toBe('wrong-neighbour');
    expect(error.message).toMatch(/previous sibling .* is "### Background"/);
  });

  test('a chapter in another encoding is refused with the line of the first bad byte', async () => {
    const folder = await brokenCopy((text) =>
      Buffer.from(
        text.replace('placeholder about threads', 'placeholder about thr\u00e9ads'),
        'latin1',
      ),
    );
    const error = await openLocalSource(folder)
      .readChapter('General_Overview.md')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageGuideSourceError);
    expect((error as UsageGuideSourceError).problem).toBe('encoding');
    expect((error as UsageGuideSourceError).message).toMatch(/General_Overview\.md:30: not UTF-8/);
  });

  test('a UTF-16 file is refused', async () => {
    const folder = await brokenCopy((text) =>
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    );
    await expect(openLocalSource(folder).readChapter('General_Overview.md')).rejects.toThrow(
      /UTF-16 byte-order mark; expected UTF-8/,
    );
  });

  test('a folder without files.txt says what a Usage Guide folder holds', async () => {
    await expect(openLocalSource(os.tmpdir() + '/no-such-ug').chapters()).rejects.toThrow(
      /files\.txt: no such file; expected a TC Usage Guide folder/,
    );
  });

  test('--source is a folder or owner/name@ref:folder', () => {
    expect(parseSourceSpec('oasis-tcs/pkcs11@master:working/doc/ug/')).toEqual({
      kind: 'github',
      owner: 'oasis-tcs',
      repo: 'pkcs11',
      ref: 'master',
      folder: 'working/doc/ug',
    });
    expect(parseSourceSpec('working/doc/ug')).toEqual({ kind: 'local', folder: 'working/doc/ug' });
    expect(() => parseSourceSpec('oasis-tcs/pkcs11@master')).toThrow(/owner\/name@ref:folder/);
    expect(() => openSource('oasis-tcs/pkcs11@master:working/doc/ug')).toThrow(/no GitHub client/);
  });
});
