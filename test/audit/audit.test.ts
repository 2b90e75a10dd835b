/**
 * The Usage Guide audit (src/lib/audit): each check run over a fixture folder shaped like the
 * TC's (a files.txt and one Markdown file per chapter, written for these tests), with the exact
 * findings it must report; the loader, the runner and the output formats.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import * as audit from '../../src/lib/audit/index';
import { bcp14Check } from '../../src/lib/audit/checks/bcp14';
import { cCodeCheck, wrapFragment } from '../../src/lib/audit/checks/c-code';
import { identifiersCheck } from '../../src/lib/audit/checks/identifiers';
import { referencesCheck } from '../../src/lib/audit/checks/references';
import { checkSpecReferences } from '../../src/lib/audit/checks/spec-references';
import { spellingCheck } from '../../src/lib/audit/checks/spelling';
import { structureCheck } from '../../src/lib/audit/checks/structure';
import type { AuditCheck, Finding } from '../../src/lib/audit/types';

const FIXTURES = path.join('test', 'fixtures', 'guide-audit');
const context = { siteDir: process.cwd() };

async function findingsOf(check: AuditCheck, fixture: string): Promise<string[]> {
  const chapters = await audit.loadGuideFolder(path.join(FIXTURES, fixture), fixture);
  return (await check.run(chapters, context)).map(show);
}

function show(finding: Finding): string {
  return `${finding.file}:${finding.line ?? ''}:${finding.col ?? ''} ${finding.message}`;
}

let temporary: string | undefined;
afterEach(async () => {
  if (temporary !== undefined) await rm(temporary, { recursive: true, force: true });
  temporary = undefined;
});

describe('the audit library', () => {
  it('exports the runner, the loaders, the report, the heading reader and the proposer', () => {
    expect(Object.keys(audit).sort()).toEqual([
      'AUDIT_CHECKS',
      'AUDIT_REPORTER',
      'CHECK_TYPES',
      'GuideFolderError',
      'QUOTE_LIMIT',
      'SPEC_HEADINGS_FILE',
      'auditProposals',
      'auditRecord',
      'autoIdentifier',
      'excerptAt',
      'formatAudit',
      'formatProposeReport',
      'formatSpecHeadings',
      'headingsOf',
      'loadGuideFolder',
      'loadSpecChapters',
      'loadSpecHeadings',
      'parseFilesList',
      'parseSpecHeadings',
      'proposeAuditFindings',
      'quoteExcerpt',
      'readAuditSource',
      'runAudit',
      'scanCode',
      'sectionAt',
    ]);
  });

  it('gives every check a name and a description', () => {
    expect(audit.AUDIT_CHECKS.map((check) => check.name)).toEqual([
      'pkcs11-identifiers',
      'bcp14-keywords',
      'c-code',
      'references',
      'spec-references',
      'spelling',
      'structure',
    ]);
    for (const check of audit.AUDIT_CHECKS) expect(check.description.length).toBeGreaterThan(20);
  });
});

describe('the folder loader', () => {
  it('reads the chapters in files.txt order, named under the folder shown', async () => {
    const chapters = await audit.loadGuideFolder(path.join(FIXTURES, 'structure'), 'doc/ug');
    expect(chapters.map((chapter) => chapter.path)).toEqual([
      'doc/ug/Chapter.md',
      'doc/ug/Appendix.md',
    ]);
  });

  it('refuses a chapter that is not UTF-8, naming the file and the fix', async () => {
    temporary = await mkdtemp(path.join(os.tmpdir(), 'audit-'));
    await writeFile(path.join(temporary, 'files.txt'), 'Bad.md\n');
    await writeFile(
      path.join(temporary, 'Bad.md'),
      Buffer.from([0x23, 0x20, 0x43, 0x61, 0x66, 0xe9, 0x0a]),
    );
    await expect(audit.loadGuideFolder(temporary, 'ug')).rejects.toThrow(
      'ug/Bad.md: not UTF-8 (first bad character near offset 5); convert it with iconv -t UTF-8',
    );
  });

  it('refuses a folder without files.txt, and a listed chapter that is missing', async () => {
    temporary = await mkdtemp(path.join(os.tmpdir(), 'audit-'));
    await expect(audit.loadGuideFolder(temporary)).rejects.toThrow(/files\.txt: missing/);
    await writeFile(path.join(temporary, 'files.txt'), '# chapters\nGone.md\n');
    await expect(audit.loadGuideFolder(temporary)).rejects.toThrow(
      /lists Gone\.md, which does not exist/,
    );
  });
});

describe('the checks, one fixture each', () => {
  it('pkcs11-identifiers: an unknown name with a near miss, and a name the 3.2 headers dropped', async () => {
    const chapters = await audit.loadGuideFolder(path.join(FIXTURES, 'identifiers'), 'identifiers');
    const site = { siteDir: path.join(FIXTURES, 'identifiers', 'site') };
    expect((await identifiersCheck.run(chapters, site)).map(show)).toEqual([
      'identifiers/Tips.md:3:51 `CKR_TEMPLATE_INCONSISTANT` is not a PKCS #11 identifier of the OASIS headers 2.40–3.2; did you mean `CKR_TEMPLATE_INCONSISTENT`?',
      'identifiers/Tips.md:5:30 `CKR_FIXTURE_RETIRED` is not in the PKCS #11 3.2 headers (last in 3.0); the nearest 3.2 name is `CKR_FIXTURE_RETAINED`',
    ]);
  });

  it('bcp14-keywords: an upper-case keyword in prose, not in quotation marks or a block quote', async () => {
    expect(await findingsOf(bcp14Check, 'bcp14')).toEqual([
      'bcp14/Notes.md:5:45 Upper-case `MUST` is a BCP 14 keyword, which this non-normative guide does not use: write "must", or mark a quotation of the specification (quotation marks, block quote or a spec-quote comment)',
    ]);
  });

  it('c-code: a statement fragment is wrapped in a function and gcc reports the undeclared name', async () => {
    expect(await findingsOf(cCodeCheck, 'c-code')).toEqual([
      'c-code/Handles.md:13:26 gcc error: \'slot\' undeclared (first use in this function) (block compiled as statements: #include <p11-kit/pkcs11.h> ⏎ #include "pkcs11-3.h" ⏎ void audit_fragment(void) { /* the block; -Wno-unused-variable */ ⏎ … ⏎ })',
    ]);
  });

  it('c-code: an expression is wrapped in a function returning it, a whole program compiles as it is', () => {
    expect(wrapFragment('    CK_INVALID_HANDLE').form).toBe('expression');
    expect(wrapFragment('#include <stdio.h>\nint main(void) { return 0; }').form).toBe(
      'file scope',
    );
    expect(wrapFragment('CK_RV rv = C_Finalize(NULL_PTR);').form).toBe('statements');
  });

  it('references: a stage the cited document never had, and a version written 3.20', async () => {
    expect(await findingsOf(referencesCheck, 'references')).toEqual([
      'references/Front.md:5:3 The citation calls PKCS #11 Usage Guide 2.40 "OASIS Standard"; src/data/oasis-documents.ts knows it only as Committee Note 02 (2014-11-16), Committee Note 01 (2014-09-16)',
      'references/Front.md:11:41 PKCS #11 Version 3.20: the TC numbers the version 3.2',
    ]);
  });

  it('spec-references: a missing section, and a section whose title has nothing to do with the sentence', async () => {
    const chapters = await audit.loadGuideFolder(
      path.join(FIXTURES, 'spec-references'),
      'spec-references',
    );
    const spec = audit.parseSpecHeadings(
      await readFile(path.join(FIXTURES, 'spec-references', 'headings.tsv'), 'utf8'),
    );
    const text = chapters[0]?.text ?? '';
    expect(
      checkSpecReferences('spec-references/Overview.md', text, spec, 'spec-references').map(show),
    ).toEqual([
      'spec-references/Overview.md:9:1 [PKCS11-Spec-v3.2] section 5.20 is "Parallel function management functions", which shares no word with the sentence citing it: check the section number',
      'spec-references/Overview.md:11:31 [PKCS11-Spec-v3.2] has no section 9.99 (headings at commit 0123456)',
    ]);
  });

  it('spelling: an unknown word with suggestions; identifiers, URLs and listed words pass', async () => {
    const findings = await findingsOf(spellingCheck, 'spelling');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(
      /^spelling\/Thanks\.md:3:41 Unknown word "sesion"; did you mean "session"/,
    );
  });

  it('structure: every conversion artefact the check knows, at its line', async () => {
    expect(await findingsOf(structureCheck, 'structure')).toEqual([
      'structure/Chapter.md:5:1 Heading level 4 follows level 2: pandoc numbers it 1.1.0.1, with a 0 for the skipped level',
      'structure/Chapter.md:7:1 Duplicate heading "Part one" under the same parent (first at structure/Chapter.md:3)',
      'structure/Appendix.md:1:1 "Appendix B. Thanks" is numbered twice: pandoc --number-sections prints it as 2 before its own letter; mark it {-} (unnumbered)',
      'structure/Appendix.md:1:10 Appendix B follows appendix (none): expected Appendix A',
      'structure/Chapter.md:9:16 Link to #session-states, which no heading or {#id} in the guide defines',
      'structure/Chapter.md:21:14 [https://example.org/policy] renders as bracketed text, not a link: write <https://example.org/policy>',
      'structure/Chapter.md:13:10 List marker "-" inside a pipe-table cell: pandoc prints it as text (pipe-table cells hold no lists); use a grid table or separate rows',
      'structure/Chapter.md:15:1 Grid table without a +===+ line: pandoc renders it without a header row (its first row becomes a body row)',
    ]);
  });
});

describe('the runner and the report', () => {
  it('sorts findings by chapter order, line and column, and counts them per check', async () => {
    const chapters = await audit.loadGuideFolder(path.join(FIXTURES, 'structure'), 'ug');
    const findings = await audit.runAudit(chapters, context, [structureCheck]);
    expect(findings.map((finding) => `${finding.file}:${finding.line ?? ''}`)).toEqual([
      'ug/Chapter.md:5',
      'ug/Chapter.md:7',
      'ug/Chapter.md:9',
      'ug/Chapter.md:13',
      'ug/Chapter.md:15',
      'ug/Chapter.md:21',
      'ug/Appendix.md:1',
      'ug/Appendix.md:1',
    ]);
    const record = audit.auditRecord(
      { source: 'ug', commit: 'abc', chapters: ['ug/Chapter.md'] },
      findings,
    );
    expect(record.counts).toMatchObject({ structure: 8, spelling: 0 });
    expect(JSON.parse(audit.formatAudit(record, 'json'))).toEqual(record);
    expect(audit.formatAudit(record, 'text').split('\n').at(-2)).toBe(
      '8 finding(s) in 1 chapter(s) of ug at abc.',
    );
    expect(audit.formatAudit(record, 'github').split('\n')[0]).toBe(
      '::error file=ug/Chapter.md,line=5,col=1,title=guide audit structure::Heading level 4 follows level 2: pandoc numbers it 1.1.0.1, with a 0 for the skipped level',
    );
    expect(audit.formatAudit(record, 'markdown')).toContain(
      '| ug/Chapter.md:9:16 | structure | Link to #session-states, which no heading or {#id} in the guide defines |',
    );
  });
});
