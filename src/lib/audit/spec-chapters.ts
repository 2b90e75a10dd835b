/**
 * The chapters of the specification's Markdown folder, in the order the TC builds it, for
 * `guide spec-headings`.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadGuideFolder } from './load-folder';
import type { Chapter } from './types';

export async function loadSpecChapters(folder: string): Promise<Chapter[]> {
  const names = await readdir(folder);
  if (names.includes('files.txt') || names.includes('spec_files.txt'))
    return loadGuideFolder(folder);
  // Before spec_files.txt, the TC's Makefile gave pandoc `[0-9]*md`: numbered files in name order.
  return Promise.all(
    names
      .filter((name) => /^[0-9].*\.md$/.test(name))
      .sort()
      .map(async (name) => ({ path: name, text: await readFile(path.join(folder, name), 'utf8') })),
  );
}
