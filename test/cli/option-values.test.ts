import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { idList, problemLines, textOption, UsageError, warningLines } from '../../src/lib/cli';

describe('textOption', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'text-option-'));
    await writeFile(path.join(dir, 'note.txt'), 'quoted\n');
    await writeFile(path.join(dir, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('plain text is itself; @@ stands for a literal @', async () => {
    expect(await textOption('as given', '--summary')).toBe('as given');
    expect(await textOption('@@handle', '--summary')).toBe('@handle');
    expect(await textOption(undefined, '--summary')).toBeUndefined();
  });

  test('@file is read exactly, final newline included', async () => {
    expect(await textOption(`@${path.join(dir, 'note.txt')}`, '--original')).toBe('quoted\n');
  });

  test('a missing or non-UTF-8 file is a usage error naming the option', async () => {
    await expect(textOption(`@${path.join(dir, 'nope.txt')}`, '--original')).rejects.toThrow(
      UsageError,
    );
    await expect(textOption(`@${path.join(dir, 'latin1.txt')}`, '--original')).rejects.toThrow(
      /--original .*is not UTF-8 text/,
    );
  });
});

describe('idList', () => {
  test('splits on commas, drops blanks, and refuses an id not offered', () => {
    expect(idList(' a, b,,', ['a', 'b', 'c'], '--modules')).toEqual(['a', 'b']);
    expect(idList(undefined, ['a'], '--modules')).toBeUndefined();
    expect(() => idList('a,z', ['a', 'b'], '--modules')).toThrow(
      '--modules z is not offered; expected one of: a, b',
    );
  });
});

describe('problemLines and warningLines', () => {
  test('text prints FAIL lines and bare warnings; github prints annotations', () => {
    expect(problemLines(['x'], 'text', 'examples')).toBe('FAIL x\n');
    expect(problemLines(['x'], 'github', 'examples')).toBe('::error title=examples::x\n');
    expect(warningLines(['w'], 'text', 'examples')).toBe('w\n');
    expect(warningLines(['w'], 'github', 'examples')).toBe('::warning title=examples::w\n');
  });
});
