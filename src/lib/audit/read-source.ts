/**
 * The chapters `guide audit` checks, and the commit they were read at: a local TC folder (its
 * commit read with git when it is in a work tree) or `owner/name@ref:folder` on GitHub, read
 * through the shared Usage Guide reader (ETag-cached, like upstream-patch).
 */
import { execFileSync } from 'node:child_process';
import { openSource, type ContentsClient } from '../usage-guide-source';
import { loadGuideFolder } from './load-folder';
import type { Chapter } from './types';

export interface AuditSourceOptions {
  /** How positions name the folder (`--shown-as`); default the folder as given. */
  shownAs?: string;
  /** The commit, when the caller knows it (`--commit`); else read from git or GitHub. */
  commit?: string;
  /** Makes the GitHub client for `owner/name@ref:folder` sources; not called for a folder. */
  github: () => ContentsClient;
}

export interface AuditChapters {
  chapters: Chapter[];
  commit?: string;
}

function gitCommit(folder: string): string | undefined {
  try {
    return execFileSync('git', ['-C', folder, 'rev-parse', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * A folder that is not there or a spec that names nothing is the caller's input: the readers
 * throw InvalidInputError (GuideFolderError, UsageGuideSourceError) for it.
 */
export async function readAuditSource(
  spec: string,
  options: AuditSourceOptions,
): Promise<AuditChapters> {
  if (/^[\w.-]+\/[\w.-]+@/.test(spec)) {
    const source = openSource(spec, { octokit: options.github() });
    const names = await source.chapters();
    const chapters = await Promise.all(
      names.map(async (name) => {
        const file = await source.readChapter(name);
        return { path: file.path, text: file.text };
      }),
    );
    return withCommit(chapters, options.commit ?? (await source.commit()));
  }
  const chapters = await loadGuideFolder(spec, options.shownAs ?? spec);
  return withCommit(chapters, options.commit ?? gitCommit(spec));
}

function withCommit(chapters: Chapter[], commit: string | undefined): AuditChapters {
  return { chapters, ...(commit === undefined ? {} : { commit }) };
}
