/**
 * Where a TC Usage Guide folder is read from: a local folder (a checkout of `working/doc/ug/`), or
 * `owner/name@ref:folder` read through the project's GitHub client, whose ETag cache makes a
 * re-read of unchanged files cost only 304 answers. `files.txt` in the folder lists the chapters in
 * the order the folder's Makefile hands them to pandoc.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { decodeChapter } from './decode';
import { UsageGuideSourceError } from './errors';

/** The chapter list of a Usage Guide folder. */
export const FILES_LIST = 'files.txt';

export type SourceLocation =
  | { kind: 'local'; folder: string }
  | { kind: 'github'; owner: string; repo: string; ref: string; folder: string };

export interface ChapterFile {
  /** File name as `files.txt` lists it, e.g. `General_Overview.md`. */
  name: string;
  /** For messages: `folder/name` or `owner/name@ref:folder/name`. */
  label: string;
  /** Path inside the repository (GitHub) or relative to the folder's parent (local). */
  path: string;
  text: string;
  /** The git blob SHA-1 of the bytes, the same whether read locally or from GitHub. */
  blobSha: string;
}

export interface UsageGuideSource {
  readonly location: SourceLocation;
  /** `folder` or `owner/name@ref:folder`, for messages. */
  readonly label: string;
  /** The commit the files were read at (GitHub only; resolved on first use). */
  commit(): Promise<string | undefined>;
  /** The chapter file names, in `files.txt` order. */
  chapters(): Promise<string[]>;
  /** One file of the folder (a chapter or `files.txt` itself), UTF-8 checked. */
  readChapter(name: string): Promise<ChapterFile>;
}

const GITHUB_SPEC =
  /^(?<owner>[A-Za-z0-9][A-Za-z0-9-]{0,38})\/(?<repo>[A-Za-z0-9._-]{1,100})@(?<ref>[^:\s]+):(?<folder>[^\s]*)$/;

/**
 * Parses `--source`: `owner/name@ref:folder` is a GitHub location, anything else a local folder.
 */
export function parseSourceSpec(spec: string): SourceLocation {
  const match = GITHUB_SPEC.exec(spec);
  const groups = match?.groups;
  if (groups !== undefined) {
    return {
      kind: 'github',
      owner: groups.owner ?? '',
      repo: groups.repo ?? '',
      ref: groups.ref ?? '',
      folder: (groups.folder ?? '').replace(/^\/+|\/+$/g, ''),
    };
  }
  if (spec.trim() === '' || /^[^/\s]+\/[^/\s]+@/.test(spec)) {
    throw new UsageGuideSourceError(
      'bad-spec',
      `${JSON.stringify(spec)} is neither a folder nor owner/name@ref:folder; e.g. --source oasis-tcs/pkcs11@master:working/doc/ug`,
    );
  }
  return { kind: 'local', folder: spec };
}

/** The git blob SHA-1 of some bytes (`git hash-object`). */
export function gitBlobSha(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** The chapter names of a `files.txt` (one per line; blank lines and `#` comments ignored). */
export function parseFilesList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function chaptersOf(source: UsageGuideSource): () => Promise<string[]> {
  let cached: Promise<string[]> | undefined;
  return () => {
    cached ??= source.readChapter(FILES_LIST).then((file) => parseFilesList(file.text));
    return cached;
  };
}

/** A Usage Guide folder on disk. */
export function openLocalSource(folder: string): UsageGuideSource {
  const label = folder.replace(/\/+$/, '');
  const source: UsageGuideSource = {
    location: { kind: 'local', folder },
    label,
    commit: () => Promise.resolve(undefined),
    chapters: () => Promise.resolve([]),
    async readChapter(name) {
      const fileLabel = `${label}/${name}`;
      let bytes: Buffer;
      try {
        bytes = await readFile(path.join(folder, name));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new UsageGuideSourceError(
          'missing-file',
          code === 'ENOENT'
            ? `${fileLabel}: no such file; expected a TC Usage Guide folder with ${FILES_LIST} and its chapters (a checkout of working/doc/ug/)`
            : `${fileLabel}: cannot read (${code ?? String(error)})`,
          { file: fileLabel },
        );
      }
      return chapterFile(name, fileLabel, path.join(folder, name), bytes);
    },
  };
  source.chapters = chaptersOf(source);
  return source;
}

/** A chapter's bytes as the readers hand them on: checked UTF-8 text and its Git blob id. */
function chapterFile(name: string, label: string, filePath: string, bytes: Buffer): ChapterFile {
  return {
    name,
    label,
    path: filePath,
    text: decodeChapter(bytes, label),
    blobSha: gitBlobSha(bytes),
  };
}

/** The few octokit calls the GitHub source makes; the project's client (src/lib/github) fits. */
export interface ContentsClient {
  rest: {
    repos: {
      getCommit(parameters: {
        owner: string;
        repo: string;
        ref: string;
        per_page?: number;
      }): Promise<{ data: { sha: string } }>;
      getContent(parameters: {
        owner: string;
        repo: string;
        path: string;
        ref?: string;
      }): Promise<{ data: unknown }>;
    };
  };
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * A Usage Guide folder in a GitHub repository at a ref (branch, tag or commit). The ref is resolved
 * to a commit once, and files are read at that commit, so one run sees one consistent tree.
 */
export function openGitHubSource(
  octokit: ContentsClient,
  location: { owner: string; repo: string; ref: string; folder: string },
): UsageGuideSource {
  const { owner, repo, ref, folder } = location;
  const label = `${owner}/${repo}@${ref}:${folder}`;
  let commit: Promise<string> | undefined;
  const resolveCommit = (): Promise<string> => {
    commit ??= octokit.rest.repos
      .getCommit({ owner, repo, ref, per_page: 1 })
      .then((response) => response.data.sha)
      .catch((error: unknown) => {
        const status = statusOf(error);
        if (status === 404 || status === 422) {
          throw new UsageGuideSourceError(
            'unknown-ref',
            `${owner}/${repo} has no ref "${ref}" (GitHub answered ${status}); expected a branch, tag or commit of ${owner}/${repo}, e.g. ${owner}/${repo}@master:${folder}`,
            { file: label },
          );
        }
        throw error;
      });
    return commit;
  };
  const source: UsageGuideSource = {
    location: { kind: 'github', owner, repo, ref, folder },
    label,
    commit: resolveCommit,
    chapters: () => Promise.resolve([]),
    async readChapter(name) {
      const sha = await resolveCommit();
      const filePath = folder === '' ? name : `${folder}/${name}`;
      const fileLabel = `${label}/${name}`;
      let data: unknown;
      try {
        ({ data } = await octokit.rest.repos.getContent({ owner, repo, path: filePath, ref: sha }));
      } catch (error) {
        if (statusOf(error) === 404) {
          throw new UsageGuideSourceError(
            'missing-file',
            `${fileLabel}: no such file at ${sha.slice(0, 12)}; expected a TC Usage Guide folder with ${FILES_LIST} and its chapters`,
            { file: fileLabel },
          );
        }
        throw error;
      }
      const file = data as { type?: unknown; content?: unknown; encoding?: unknown };
      if (file.type !== 'file' || typeof file.content !== 'string' || file.encoding !== 'base64') {
        throw new UsageGuideSourceError(
          'missing-file',
          `${fileLabel}: not a file GitHub returns with base64 content (type ${String(file.type)})`,
          { file: fileLabel },
        );
      }
      const bytes = Buffer.from(file.content, 'base64');
      return chapterFile(name, fileLabel, filePath, bytes);
    },
  };
  source.chapters = chaptersOf(source);
  return source;
}
