/**
 * The pages the wording lint reads for the paths it was given: folders searched for guide pages,
 * files taken when they are .md or .mdx pages. A path that is neither is the caller's mistake.
 */
import { stat } from 'node:fs/promises';
import { InvalidInputError } from '../../errors';
import { guidePages, isGuidePage } from './index';

export async function expandGuidePages(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const target of paths) {
    const info = await stat(target).catch(() => undefined);
    if (info === undefined) throw new InvalidInputError(`${target}: no such file or folder`);
    if (info.isDirectory()) files.push(...(await guidePages(target)));
    else if (isGuidePage(target)) files.push(target);
    else throw new InvalidInputError(`${target}: not a .md or .mdx page`);
  }
  return files;
}
