import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConfigurationError } from '../../src/lib/errors';
import { builtSite } from '../../src/lib/site-build';

describe('builtSite', () => {
  let built: string;
  let empty: string;

  beforeAll(async () => {
    built = await mkdtemp(path.join(tmpdir(), 'built-site-'));
    empty = await mkdtemp(path.join(tmpdir(), 'built-site-empty-'));
    await writeFile(path.join(built, 'index.html'), '<!doctype html><title>home</title>');
  });
  afterAll(async () => {
    await rm(built, { recursive: true, force: true });
    await rm(empty, { recursive: true, force: true });
  });

  test('resolves a folder with an index.html at its top', () => {
    const relative = path.relative(process.cwd(), built);
    expect(builtSite(relative)).toBe(built);
  });

  test('refuses one without, naming it as the user gave it and saying how to build one', () => {
    expect(() => builtSite(empty)).toThrow(ConfigurationError);
    expect(() => builtSite(empty, '--project-build out')).toThrow(
      '--project-build out holds no built site; run npm run build -- --no-pdf first',
    );
    expect(() => builtSite(empty, '--bare-build b', 'keep one with --keep-builds')).toThrow(
      '--bare-build b holds no built site; keep one with --keep-builds',
    );
    expect(() => builtSite(empty)).toThrow(`${empty} holds no built site`);
  });
});
