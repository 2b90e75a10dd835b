/**
 * Screening findings into records (`npm run guide -- audit --propose`): each audit finding that no
 * record, inbox proposal or tombstone covers becomes a proposal errata/inbox/<key>.yaml, which a
 * maintainer screens like any other (`npm run errata -- screen accept|ignore <key>`).
 *
 * The key is the finding's identity across runs: a hash of the check, the chapter file (relative to
 * the folder, so a local checkout and a GitHub ref agree), the finding's sentence with its
 * whitespace collapsed, and the text at the finding's column — never the line, so an edit elsewhere
 * in the chapter keeps the key. Two findings of one check on the same text in one sentence are told
 * apart by their order. The proposal carries the finding as an `audit` thread with that key, which
 * is how `validate`, `screen ignore` and this command recognise it later.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { withoutAddresses } from '../archive/names';
import { createFileExclusive } from '../errata/atomic';
import { sourceKey } from '../errata/ids';
import { proposalPath } from '../errata/inbox';
import { displayPath, type ErrataPaths } from '../errata/paths';
import { serialiseProposal } from '../errata/records';
import { loadErrataSetForSync } from '../errata/repository';
import { InboxProposal } from '../errata/inbox-schema';
import { sectionLabel, type DOCUMENT_IDS, type ErratumType } from '../errata/schema';
import type { AuditThread } from '../errata/thread-schema';
import { excerptAt, quoteExcerpt, sectionAt, type Excerpt } from './excerpt';
import { headingsOf } from './markdown';
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

/** A text fix the check can state: `flagged`, at the finding's column, becomes `replacement`. */
interface Correction {
  flagged: string;
  replacement: string;
}

function correctionOf(finding: Finding): Correction | undefined {
  const message = finding.message;
  switch (finding.rule) {
    case 'pkcs11-identifiers': {
      const flagged = /^`([^`]+)`/.exec(message)?.[1];
      const hint = /(?:did you mean|the nearest 3\.2 name is) `([^`]+)`/.exec(message)?.[1];
      return flagged && hint ? { flagged, replacement: hint } : undefined;
    }
    case 'bcp14-keywords': {
      const flagged = /`([^`]+)`/.exec(message)?.[1];
      return flagged ? { flagged, replacement: flagged.toLowerCase() } : undefined;
    }
    case 'spelling': {
      const flagged = /^Unknown word "([^"]+)"/.exec(message)?.[1];
      const hint = /did you mean "([^"]+)"/.exec(message)?.[1];
      return flagged && hint ? { flagged, replacement: hint } : undefined;
    }
    case 'references': {
      const version = /^PKCS #11 Version (\d+\.\d+): the TC numbers the version (\d+\.\d+)/.exec(
        message,
      );
      return version?.[1] && version[2]
        ? { flagged: version[1], replacement: version[2] }
        : undefined;
    }
    default:
      return undefined;
  }
}

const sentenceOf = (text: string): string => `${text.trim().replace(/[.\s]+$/, '')}.`;

/** What to correct, in a sentence, when the check cannot write the corrected text itself. */
function instructionOf(finding: Finding): string {
  const message = finding.message;
  switch (finding.rule) {
    case 'pkcs11-identifiers': {
      const name = /^`([^`]+)`/.exec(message)?.[1] ?? 'the identifier';
      return `Name an identifier that the PKCS #11 3.2 headers define in place of ${name}.`;
    }
    case 'spelling': {
      const word = /^Unknown word "([^"]+)"/.exec(message)?.[1] ?? 'the word';
      return `Correct the spelling of "${word}".`;
    }
    case 'references': {
      const stages = /knows it only as (.*)$/.exec(message)?.[1];
      return stages === undefined
        ? sentenceOf(`Correct the citation: ${message}`)
        : sentenceOf(`Cite the document by a stage it has: ${stages}`);
    }
    case 'spec-references':
      return sentenceOf(
        `Cite the section of the specification that covers this sentence: ${message.replace(/: check the section number$/, '')}`,
      );
    case 'c-code':
      return sentenceOf(
        `Make the code compile against the PKCS #11 headers; ${message.replace(/ \(block compiled as [\s\S]*$/, '')}`,
      );
    case 'structure':
      return sentenceOf(`Correct the Markdown: ${message}`);
    default:
      return sentenceOf(`Correct what the ${finding.rule} check reports: ${message}`);
  }
}

/** The message up to its first clause break, short enough for a title. */
function shortMessage(message: string): string {
  const cut =
    message.split(/; | \(|, which |: pandoc |: expected |: write |: check /)[0] ?? message;
  return cut.length <= 140 ? cut : `${cut.slice(0, cut.lastIndexOf(' ', 139))}…`;
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

/** The quotation and the proposed text of a finding. */
function texts(finding: Finding, excerpt: Excerpt): { original: string; proposed: string } {
  const original = quoteExcerpt(excerpt);
  const correction = correctionOf(finding);
  const { sentence, at } = excerpt;
  if (correction !== undefined && sentence.startsWith(correction.flagged, at)) {
    const corrected = {
      sentence: `${sentence.slice(0, at)}${correction.replacement}${sentence.slice(at + correction.flagged.length)}`,
      at,
    };
    return { original, proposed: quoteExcerpt(corrected) };
  }
  return { original, proposed: instructionOf(finding) };
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
    const { original, proposed } = texts(finding, excerpt);
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

export interface ProposeReport {
  dryRun: boolean;
  /** Written (or, in a dry run, to be written): the file and its text. */
  proposed: { key: string; at: string; file: string; text: string }[];
  /** A published record has the finding among its threads. */
  covered: { key: string; at: string; record: string }[];
  /** errata/inbox/ignored.yaml screened it out. */
  ignored: { key: string; at: string }[];
  /** A proposal in errata/inbox/ has it already. */
  pending: { key: string; at: string; file: string }[];
}

function at(finding: Finding): string {
  return `${finding.file}:${finding.line ?? ''}:${finding.col ?? ''} ${finding.rule}`;
}

/**
 * Writes the proposals that nothing covers into errata/inbox/, each validated against the inbox
 * schema and created whole (an exclusive create of a complete file: never over an existing one).
 * Published records are read, never written. `dryRun` writes nothing and reports the same.
 */
export async function proposeAuditFindings(
  paths: ErrataPaths,
  proposals: readonly AuditProposal[],
  options: { dryRun?: boolean } = {},
): Promise<ProposeReport> {
  const set = await loadErrataSetForSync(paths);
  const records = new Map<string, string>();
  for (const record of set.records)
    for (const thread of record.value?.threads ?? [])
      records.set(sourceKey(thread), record.value?.id ?? record.file);
  const pending = new Map<string, string>();
  for (const file of set.proposals) {
    pending.set(path.basename(file.path, path.extname(file.path)), file.file);
    for (const thread of file.value?.threads ?? []) pending.set(sourceKey(thread), file.file);
  }
  const ignored = new Set(set.ignored?.value?.ignored.map((entry) => entry.key) ?? []);

  const dryRun = options.dryRun === true;
  const report: ProposeReport = { dryRun, proposed: [], covered: [], ignored: [], pending: [] };
  for (const { key, finding, proposal } of proposals) {
    const where = at(finding);
    const record = records.get(key);
    if (record !== undefined) {
      report.covered.push({ key, at: where, record });
      continue;
    }
    if (ignored.has(key)) {
      report.ignored.push({ key, at: where });
      continue;
    }
    const target = proposalPath(paths, key);
    const file = displayPath(paths, target);
    const waiting = pending.get(key);
    if (waiting !== undefined) {
      report.pending.push({ key, at: where, file: waiting });
      continue;
    }
    const checked = InboxProposal.safeParse(proposal);
    if (!checked.success) {
      throw new Error(
        `the proposal for ${where} fails the inbox schema, so it is not written: ${checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
      );
    }
    const text = serialiseProposal(checked.data);
    if (!dryRun) {
      await mkdir(paths.inboxDir, { recursive: true });
      // Another run may have written it meanwhile: then it is pending, and left as it is.
      if (!(await createFileExclusive(target, text))) {
        report.pending.push({ key, at: where, file });
        pending.set(key, file);
        continue;
      }
    }
    pending.set(key, file);
    report.proposed.push({ key, at: where, file, text });
  }
  return report;
}

export function formatProposeReport(report: ProposeReport, format: 'text' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const lines: string[] = [];
  const verb = report.dryRun ? 'would propose' : 'proposed';
  for (const item of report.proposed) lines.push(`${verb} ${item.file}  ${item.at}`);
  for (const item of report.covered)
    lines.push(`covered  ${item.key} by ${item.record}  ${item.at}`);
  for (const item of report.ignored) lines.push(`ignored  ${item.key}  ${item.at}`);
  for (const item of report.pending) lines.push(`pending  ${item.file}  ${item.at}`);
  if (report.dryRun) {
    for (const item of report.proposed) lines.push('', `--- ${item.file}`, item.text.trimEnd());
    if (report.proposed.length > 0) lines.push('');
  }
  lines.push(
    `${report.proposed.length} ${verb}; skipped: ${report.covered.length} covered by a record, ${report.ignored.length} ignored (errata/inbox/ignored.yaml), ${report.pending.length} pending in errata/inbox/.${report.dryRun ? ' Dry run: nothing written.' : ''}`,
  );
  return `${lines.join('\n')}\n`;
}
