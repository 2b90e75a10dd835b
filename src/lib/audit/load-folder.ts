/**
 * Reads a TC document folder from the local disk: the chapters named in its `files.txt`, in that
 * order (the order the TC's Makefile gives pandoc). The text must be UTF-8; a chapter that is not
 * is an error naming the file and the byte offset, because positions in findings would be wrong.
 * A remote ref (`owner/name@ref:folder`) is read by the project's shared reader, which returns
 * the same `Chapter` list.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError } from '../errors';
import type { Chapter } from './types';

export class GuideFolderError extends InvalidInputError {
  override name = 'GuideFolderError';
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    const bad = new TextDecoder('utf-8').decode(bytes).indexOf('\uFFFD');
    throw new GuideFolderError(
      `${file}: not UTF-8 (first bad character near offset ${bad}); convert it with iconv -t UTF-8`,
    );
  }
}

/** The chapter file names a `files.txt` lists: one a line, blank lines and `#` comments skipped. */
export function parseFilesList(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * Loads the chapters of `folder`. `shownAs` is the folder path findings name (for example the
 * path inside the TC's repository); the folder itself by default.
 */
export async function loadGuideFolder(folder: string, shownAs = folder): Promise<Chapter[]> {
  const listFile = path.join(folder, 'files.txt');
  let list: string;
  try {
    list = await readFile(listFile, 'utf8');
  } catch {
    throw new GuideFolderError(
      `${listFile}: missing; --source must be a TC document folder with a files.txt listing its chapters`,
    );
  }
  const chapters: Chapter[] = [];
  for (const name of parseFilesList(list)) {
    const shown = path.posix.join(shownAs.split(path.sep).join('/'), name);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path.join(folder, name));
    } catch {
      throw new GuideFolderError(`${listFile}: lists ${name}, which does not exist in ${folder}`);
    }
    chapters.push({ path: shown, text: decodeUtf8(bytes, shown) });
  }
  return chapters;
}
