/**
 * The wording review of a change: for each guide page that differs between two revisions, its
 * section-by-section diff and the wording-lint findings on the lines the change touched, with a
 * summary of what changed and how many obligations got stronger, weaker, added or dropped.
 */
import type { Finding } from '../../findings';
import { diffDocuments, type SectionChange } from '../diff';
import type { KeywordChange } from '../keywords';
import { lintSource, type IdentifierTable } from '../lint';
import { changedLines, changedPages, readAt, resolveRevision, type ChangedPage } from './git';

export interface PageReview extends ChangedPage {
  sections: SectionChange[];
  /** Wording-lint findings new in the head version, on lines the change added or modified. */
  lint: Finding[];
}

export type ObligationChange = Exclude<KeywordChange['kind'], 'unchanged'>;

export interface ReviewSummary {
  pages: number;
  sections: number;
  sentences: { added: number; removed: number; changed: number };
  obligations: Record<ObligationChange, number>;
  lint: number;
}

export interface ReviewReport {
  base: { revision: string; commit: string };
  head: { revision: string; commit: string };
  pages: PageReview[];
  summary: ReviewSummary;
}

export interface ReviewOptions {
  /** The git work tree (default: the current folder). */
  cwd?: string;
  base: string;
  head: string;
  /** Folder of the guide pages, relative to the work tree (default docs). */
  folder?: string;
  table?: IdentifierTable;
}

function summarise(pages: readonly PageReview[]): ReviewSummary {
  const summary: ReviewSummary = {
    pages: pages.length,
    sections: 0,
    sentences: { added: 0, removed: 0, changed: 0 },
    obligations: { added: 0, removed: 0, strengthened: 0, weakened: 0 },
    lint: 0,
  };
  for (const page of pages) {
    summary.sections += page.sections.length;
    summary.lint += page.lint.length;
    for (const section of page.sections) {
      for (const sentence of section.sentences) {
        summary.sentences[sentence.kind] += 1;
        if (sentence.keywords.kind !== 'unchanged')
          summary.obligations[sentence.keywords.kind] += 1;
      }
    }
  }
  return summary;
}

/**
 * One page's review from its two texts ('' for a side that does not exist) and the head lines
 * the change touched; undefined when nothing in it changed or needs saying.
 */
export async function reviewPage(
  page: ChangedPage,
  before: string,
  after: string,
  touched: ReadonlySet<number>,
  options: { table?: IdentifierTable } = {},
): Promise<PageReview | undefined> {
  const sections = diffDocuments(before, after, {
    mdx: (page.before ?? page.after ?? '').endsWith('.mdx'),
    headMdx: (page.after ?? page.before ?? '').endsWith('.mdx'),
  });
  const lint: Finding[] = [];
  if (page.after !== undefined) {
    // New findings only: one the base already had (a re-wrapped line, a moved paragraph) is
    // not the change's doing.
    const known = new Map<string, number>();
    if (page.before !== undefined) {
      for (const finding of await lintSource(before, page.before, options)) {
        const key = `${finding.rule}\u0000${finding.message}`;
        known.set(key, (known.get(key) ?? 0) + 1);
      }
    }
    for (const finding of await lintSource(after, page.after, options)) {
      const key = `${finding.rule}\u0000${finding.message}`;
      const count = known.get(key) ?? 0;
      if (count > 0) known.set(key, count - 1);
      else if (finding.line === undefined || touched.has(finding.line)) lint.push(finding);
    }
  }
  // A renamed page is reported even unchanged: its address, and every link to it, moved.
  return sections.length > 0 || lint.length > 0 || page.status === 'renamed'
    ? { ...page, sections, lint }
    : undefined;
}

export function assembleReport(
  base: ReviewReport['base'],
  head: ReviewReport['head'],
  pages: PageReview[],
): ReviewReport {
  return { base, head, pages, summary: summarise(pages) };
}

export async function buildReview(options: ReviewOptions): Promise<ReviewReport> {
  const cwd = options.cwd ?? process.cwd();
  const base = await resolveRevision(cwd, options.base);
  const head = await resolveRevision(cwd, options.head);
  const pages: PageReview[] = [];
  for (const page of await changedPages(cwd, base, head, options.folder ?? 'docs')) {
    const before = page.before === undefined ? '' : await readAt(cwd, base, page.before);
    const after = page.after === undefined ? '' : await readAt(cwd, head, page.after);
    const touched = await changedLines(cwd, base, head, page);
    const review = await reviewPage(page, before, after, touched, {
      ...(options.table === undefined ? {} : { table: options.table }),
    });
    if (review !== undefined) pages.push(review);
  }
  return assembleReport(
    { revision: options.base, commit: base },
    { revision: options.head, commit: head },
    pages,
  );
}
