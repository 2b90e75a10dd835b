/**
 * The base specification's section numbers and titles, as pandoc numbers the TC's Markdown of
 * the specification: a small derived table (numbers and titles only, no specification text),
 * committed with the commit it was derived from, so that the audit resolves
 * "[PKCS11-Spec-v3.2] section N.N" without a copy of the specification.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { headingsOf } from './markdown';
import type { Chapter } from './types';

export const SPEC_HEADINGS_FILE = path.join('data', 'pkcs11-spec-v3.2-headings.tsv');

export interface SpecHeading {
  number: string;
  title: string;
}

export interface SpecHeadings {
  /** The commit of oasis-tcs/pkcs11 the table was derived from. */
  commit: string;
  headings: ReadonlyMap<string, SpecHeading>;
}

/** The table's text for a specification's chapters (in pandoc's input order). */
export function formatSpecHeadings(
  chapters: readonly Chapter[],
  commit: string,
  note: string,
): string {
  const lines = [
    `# PKCS #11 Specification v3.2 section numbers and titles, derived from oasis-tcs/pkcs11 ${note}`,
    `# commit: ${commit}`,
    '# Derived with: npm run guide -- spec-headings --source <working/doc/spec at that commit> --commit <commit>',
    'number\ttitle',
  ];
  for (const heading of headingsOf(chapters)) {
    if (heading.number !== undefined) lines.push(`${heading.number}\t${heading.title}`);
  }
  return `${lines.join('\n')}\n`;
}

export function parseSpecHeadings(text: string, file = SPEC_HEADINGS_FILE): SpecHeadings {
  let commit = '';
  let header = false;
  const headings = new Map<string, SpecHeading>();
  for (const [index, line] of text.split('\n').entries()) {
    const commitLine = /^# commit: ([0-9a-f]{40})$/.exec(line);
    if (commitLine) commit = commitLine[1] ?? '';
    if (line.startsWith('#') || line.trim() === '') continue;
    if (!header) {
      if (line !== 'number\ttitle') {
        throw new Error(
          `${file}:${String(index + 1)}: expected the header line "number<TAB>title"`,
        );
      }
      header = true;
      continue;
    }
    const [number = '', title = ''] = line.split('\t');
    headings.set(number, { number, title });
  }
  if (commit === '') throw new Error(`${file}: no "# commit: <40 hex digits>" line`);
  return { commit, headings };
}

export function loadSpecHeadings(siteDir = '.'): SpecHeadings {
  const file = path.join(siteDir, SPEC_HEADINGS_FILE);
  return parseSpecHeadings(readFileSync(file, 'utf8'), file);
}
