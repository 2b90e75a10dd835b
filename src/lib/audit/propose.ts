/**
 * Screening findings into records (`npm run guide -- audit --propose`): each audit finding that no
 * record, inbox proposal or tombstone covers becomes a proposal errata/inbox/<key>.yaml, which a
 * maintainer screens like any other (`npm run errata -- screen accept|ignore <key>`). This module
 * builds the proposals; propose-inbox.ts writes them, proposal-wording.ts words them.
 *
 * The key is the finding's identity across runs: a hash of the check, the chapter file (relative to
 * the folder, so a local checkout and a GitHub ref agree), the finding's sentence with its
 * whitespace collapsed, and the text at the finding's column — never the line, so an edit elsewhere
 * in the chapter keeps the key. Two findings of one check on the same text in one sentence are told
 * apart by their order. The proposal carries the finding as an `audit` thread with that key, which
 * is how `validate`, `screen ignore` and this command recognise it later.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { withoutAddresses } from '../privacy';
import { InboxProposal } from '../errata/inbox-schema';
import { sectionLabel, type DOCUMENT_IDS, type ErratumType } from '../errata/schema';
import type { AuditThread } from '../errata/thread-schema';
import { excerptAt, sectionAt } from './excerpt';
import { headingsOf } from './markdown';
import { proposalTexts, sentenceOf, shortMessage } from './proposal-wording';
import type { AuditSource } from './report';
import type { Chapter, Finding } from './types';

/** Who reports a finding, as E-0002 to E-0004 name the project and the channel. */
export const AUDIT_REPORTER = {
  by: 'PKCS 11 Usage Guide companion project',
  via: 'guide audit',
} as const;

/**
 * The erratum type of each check's findings, after the RFC Editor's split (technical: the text
 * tells a reader something wrong about PKCS #11; editorial: wording, spelling, form):
 * an identifier no header defines and C code that does not compile are technical; upper-case
 * BCP 14 keywords (the Note states no requirements either way), document citations, section
 * numbers of the specification, spelling and Markdown structure are editorial.
 */
export const CHECK_TYPES: Readonly<Record<string, ErratumType>> = {
  'pkcs11-identifiers': 'technical',
  'bcp14-keywords': 'editorial',
  'c-code': 'technical',
  references: 'editorial',
  'spec-references': 'editorial',
  spelling: 'editorial',
  structure: 'editorial',
};

export interface AuditProposal {
  key: string;
  finding: Finding;
  /** 2.5.2, Appendix B or front matter. */
  section: string;
  proposal: InboxProposal;
}

export interface ProposalOptions {
  /** The errata document id the findings are about (e.g. ug-3.2-cn01). */
  document: (typeof DOCUMENT_IDS)[number];
  /** The date of the run (YYYY-MM-DD): the proposals' reported date and the threads' found date. */
  date: string;
  /** The folder the audit read, as its record names it. */
  source: AuditSource;
}

/** The folder all chapter paths share, so keys name a chapter as files.txt does. */
function commonFolder(files: readonly string[]): string {
  const folders = files.map((file) => path.posix.dirname(file).split('/'));
  const first = folders[0] ?? [];
  let length = first.length;
  for (const folder of folders)
    while (length > 0 && folder.slice(0, length).join('/') !== first.slice(0, length).join('/'))
      length--;
  return first.slice(0, length).join('/');
}

/** The text at a finding's column: a word, identifier or marker, trailing punctuation dropped. */
function subjectAt(text: string, line: number, col: number): string {
  const own = text.split('\n')[line - 1] ?? '';
  const token = /^[^\s|]*/.exec(own.slice(Math.max(col - 1, 0)))?.[0] ?? '';
  return token.replace(/[.,;:!?)\]"'”’]+$/, '');
}

function hashKey(parts: readonly (string | number)[]): string {
  return `audit-${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16)}`;
}

/** One proposal per finding, keyed as the module comment says; in the findings' order. */
export function auditProposals(
  chapters: readonly Chapter[],
  findings: readonly Finding[],
  options: ProposalOptions,
): AuditProposal[] {
  const byPath = new Map(chapters.map((chapter) => [chapter.path, chapter]));
  const order = new Map(chapters.map((chapter, index) => [chapter.path, index]));
  const headings = headingsOf(chapters);
  const folder = commonFolder(chapters.map((chapter) => chapter.path));
  const seen = new Map<string, number>();
  const proposals: AuditProposal[] = [];
  for (const finding of findings) {
    const chapter = byPath.get(finding.file);
    if (chapter === undefined) continue;
    const line = finding.line ?? 1;
    const col = finding.col ?? 1;
    const excerpt = excerptAt(chapter.text, line, col);
    const name = folder === '' ? finding.file : path.posix.relative(folder, finding.file);
    const basis = [finding.rule, name, excerpt.sentence, subjectAt(chapter.text, line, col)];
    const count = (seen.get(JSON.stringify(basis)) ?? 0) + 1;
    seen.set(JSON.stringify(basis), count);
    const key = hashKey(count === 1 ? basis : [...basis, count]);
    const section = sectionAt(headings, order, finding.file, line);
    // Front matter is several files (abstract, notices): the file says more than the words do.
    const place =
      section === 'front matter' ? path.posix.basename(finding.file) : sectionLabel(section);
    const commit = options.source.commit;
    const thread: AuditThread = {
      kind: 'audit',
      key,
      check: finding.rule,
      file: finding.file,
      line,
      source: options.source.source,
      ...(commit === undefined ? {} : { commit }),
      found: options.date,
    };
    const where = `${finding.file} line ${line}, column ${col}, of ${options.source.source}${commit === undefined ? '' : ` at commit ${commit.slice(0, 7)}`}`;
    const sectionNote = /^\d/.test(section)
      ? `It is in section ${section}, as pandoc --number-sections numbers the chapters.`
      : `It is in the ${section.startsWith('Appendix') ? `appendix the published document letters ${section}` : 'front matter, before section 1'}.`;
    const { original, proposed } = proposalTexts(finding, excerpt);
    const type = CHECK_TYPES[finding.rule];
    const proposal: InboxProposal = {
      title: withoutAddresses(`${place} ${finding.rule}: ${shortMessage(finding.message)}`),
      reported: { date: options.date, ...AUDIT_REPORTER },
      summary: withoutAddresses(
        [
          `The ${finding.rule} check of the project's audit of the TC's Markdown sources reports: ${sentenceOf(finding.message)}`,
          '',
          `Found at ${where}. ${sectionNote} The audit reads the TC's sources, not the published document: compare that before accepting. Reproduce: npm run guide -- audit --source <the folder>.`,
          '',
        ].join('\n'),
      ),
      ...(type === undefined ? {} : { type }),
      affects: [{ document: options.document, section }],
      original: withoutAddresses(original),
      proposed: withoutAddresses(proposed),
      threads: [thread],
    };
    proposals.push({ key, finding, section, proposal });
  }
  return proposals;
}
