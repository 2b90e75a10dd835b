/**
 * What the review reads from git: the guide pages that differ between two revisions, their text
 * at each, and the lines of the head version that the change touched. Arguments go to git as an
 * argument list, never through a shell.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { InvalidInputError } from '../../errors';

const run = promisify(execFile);
const MAX_BUFFER = 64 * 1024 * 1024;

export interface ChangedPage {
  status: 'added' | 'removed' | 'modified' | 'renamed';
  /** Path at the base revision (absent for an added page). */
  before?: string;
  /** Path at the head revision (absent for a removed page). */
  after?: string;
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: MAX_BUFFER, encoding: 'utf8' });
  return stdout;
}

/** The commit a revision names; a clear usage error if it names none. */
export async function resolveRevision(cwd: string, revision: string): Promise<string> {
  if (revision.startsWith('-')) throw new InvalidInputError(`"${revision}" is not a revision`);
  try {
    return (
      await git(cwd, ['rev-parse', '--verify', '--end-of-options', `${revision}^{commit}`])
    ).trim();
  } catch {
    throw new InvalidInputError(
      `git knows no commit "${revision}" here (a shallow clone? check out with fetch-depth: 0)`,
    );
  }
}

function isPage(file: string): boolean {
  return /\.mdx?$/.test(file);
}

/** Pages under `folder` that differ between two commits, renames detected. */
export async function changedPages(
  cwd: string,
  base: string,
  head: string,
  folder = 'docs',
): Promise<ChangedPage[]> {
  const out = await git(cwd, ['diff', '--name-status', '-z', '-M', base, head, '--', folder]);
  const fields = out.split('\0');
  const pages: ChangedPage[] = [];
  for (let index = 0; index < fields.length - 1;) {
    const code = fields[index++] ?? '';
    const first = fields[index++] ?? '';
    if (code.startsWith('R') || code.startsWith('C')) {
      const second = fields[index++] ?? '';
      if (isPage(first) || isPage(second)) {
        pages.push(
          code.startsWith('R')
            ? { status: 'renamed', before: first, after: second }
            : { status: 'added', after: second },
        );
      }
    } else if (isPage(first)) {
      if (code === 'A') pages.push({ status: 'added', after: first });
      else if (code === 'D') pages.push({ status: 'removed', before: first });
      else pages.push({ status: 'modified', before: first, after: first });
    }
  }
  return pages;
}

export async function readAt(cwd: string, commit: string, file: string): Promise<string> {
  return git(cwd, ['show', `${commit}:${file}`]);
}

/** 1-based lines of the head version that the diff adds or changes. */
export async function changedLines(
  cwd: string,
  base: string,
  head: string,
  page: ChangedPage,
): Promise<Set<number>> {
  const lines = new Set<number>();
  if (page.after === undefined) return lines;
  const paths =
    page.before === undefined || page.before === page.after
      ? [page.after]
      : [page.before, page.after];
  const out = await git(cwd, ['diff', '-U0', '-M', base, head, '--', ...paths]);
  for (const match of out.matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)) {
    const start = Number(match[1]);
    const count = match[2] === undefined ? 1 : Number(match[2]);
    for (let line = start; line < start + count; line++) lines.add(line);
  }
  return lines;
}
