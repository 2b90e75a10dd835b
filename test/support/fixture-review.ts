/**
 * The review of one wording fixture pair (test/fixtures/wording/<case>), as if the pair were a
 * guide page changed between two commits: every head line counts as touched.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { assembleReport, reviewPage, type ReviewReport } from '../../src/lib/wording/review';

export const WORDING_FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'wording');

export async function reviewFixture(name: string): Promise<ReviewReport> {
  const dir = path.join(WORDING_FIXTURES, name);
  const extension = existsSync(path.join(dir, 'base.mdx')) ? 'mdx' : 'md';
  const base = readFileSync(path.join(dir, `base.${extension}`), 'utf8');
  const head = readFileSync(path.join(dir, `head.${extension}`), 'utf8');
  const touched = new Set(head.split('\n').map((_, index) => index + 1));
  const file = `docs/guide/${name}.${extension}`;
  const page = await reviewPage(
    { status: 'modified', before: file, after: file },
    base,
    head,
    touched,
  );
  return assembleReport(
    { revision: 'base', commit: '1'.repeat(40) },
    { revision: 'head', commit: '2'.repeat(40) },
    page === undefined ? [] : [page],
  );
}
