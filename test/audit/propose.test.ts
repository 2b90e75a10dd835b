/**
 * Screening audit findings into records (`npm run guide -- audit --propose`): the project's own
 * fixture folder (test/fixtures/guide-audit/propose, written for these tests) audited with every
 * check, its findings proposed into a throw-away copy of the errata fixture site, then screened
 * with the real accept and ignore; the quotation, section and key rules on small texts.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  auditProposals,
  excerptAt,
  headingsOf,
  loadGuideFolder,
  proposeAuditFindings,
  quoteExcerpt,
  runAudit,
  sectionAt,
  type AuditProposal,
  type Chapter,
  type ProposalOptions,
  type Finding,
} from '../../src/lib/audit/index';
import {
  acceptProposal,
  ignoreProposal,
  InboxProposal,
  validateErrata,
} from '../../src/lib/errata/index';
import { createFixtureSite, PROJECT_DIR, type FixtureSite } from '../errata/fixture-site';

const FIXTURE = path.join(PROJECT_DIR, 'test', 'fixtures', 'guide-audit', 'propose');
const context = { siteDir: PROJECT_DIR };
const OPTIONS: ProposalOptions = {
  document: 'ug-3.2-cn01',
  date: '2026-12-06',
  source: { source: 'propose', commit: '0123456789abcdef0123456789abcdef01234567', chapters: [] },
};

/** Every finding of the fixture, where it is, and the key it must get. */
const EXPECTED = [
  ['propose/Front.md:1:66 references', 'audit-4cebcb1e6a747914'],
  ['propose/Sessions.md:5:70 spelling', 'audit-ce5b0b0fceca2efd'],
  ['propose/Sessions.md:6:23 bcp14-keywords', 'audit-3b9005ae8df1857d'],
  ['propose/Sessions.md:7:32 spelling', 'audit-5d0673061510f731'],
  ['propose/Sessions.md:7:58 spelling', 'audit-b0d6ea5ae41cc262'],
  ['propose/Sessions.md:12:1 pkcs11-identifiers', 'audit-1c98f20972885e0e'],
  ['propose/Sessions.md:17:45 spelling', 'audit-3a4914104506684a'],
  ['propose/Thanks.md:3:15 spelling', 'audit-cbcbd0cbaececcf4'],
] as const;

const where = (finding: Finding): string =>
  `${finding.file}:${finding.line ?? ''}:${finding.col ?? ''} ${finding.rule}`;

async function audit(folder: string): Promise<{ chapters: Chapter[]; proposals: AuditProposal[] }> {
  const chapters = await loadGuideFolder(folder, 'propose');
  const findings = await runAudit(chapters, context);
  return { chapters, proposals: auditProposals(chapters, findings, OPTIONS) };
}

let fixture: { chapters: Chapter[]; proposals: AuditProposal[] };
beforeAll(async () => {
  fixture = await audit(FIXTURE);
});

let site: FixtureSite;
let temporary: string | undefined;
beforeEach(async () => {
  site = await createFixtureSite();
});
afterEach(async () => {
  await site.remove();
  if (temporary !== undefined) await rm(temporary, { recursive: true, force: true });
  temporary = undefined;
});

const inboxFiles = async (): Promise<string[]> =>
  (await readdir(site.paths.inboxDir)).filter((name) => name.startsWith('audit-')).sort();

describe('the proposals of a run', () => {
  it('gives each finding of the fixture its expected key, all distinct', () => {
    expect(fixture.proposals.map(({ finding, key }) => [where(finding), key])).toEqual(EXPECTED);
  });

  it('derives the key from the check, the chapter, the sentence and the flagged text, not the line', () => {
    const basis = [
      'pkcs11-identifiers',
      'Sessions.md',
      'After C_CloseSession the handle is stale, and a later call gets CKR_SESION_HANDLE_INVALID back.',
      'CKR_SESION_HANDLE_INVALID',
    ];
    const hash = createHash('sha256').update(JSON.stringify(basis)).digest('hex').slice(0, 16);
    expect(fixture.proposals[5]?.key).toBe(`audit-${hash}`);
  });

  it('fills a proposal: document and section, one quoted sentence, the correction, type, reporter, thread', () => {
    const identifier = fixture.proposals[5]?.proposal;
    expect(identifier).toMatchObject({
      title:
        '§1 pkcs11-identifiers: `CKR_SESION_HANDLE_INVALID` is not a PKCS #11 identifier of the OASIS headers 2.40–3.2',
      reported: {
        date: '2026-12-06',
        by: 'PKCS 11 Usage Guide companion project',
        via: 'guide audit',
      },
      type: 'technical',
      // Under an unnumbered heading ({-}): the section of its numbered parent.
      affects: [{ document: 'ug-3.2-cn01', section: '1' }],
      original:
        '"After C_CloseSession the handle is stale, and a later call gets CKR_SESION_HANDLE_INVALID back."',
      proposed:
        '"After C_CloseSession the handle is stale, and a later call gets CKR_SESSION_HANDLE_INVALID back."',
      threads: [
        {
          kind: 'audit',
          key: 'audit-1c98f20972885e0e',
          check: 'pkcs11-identifiers',
          file: 'propose/Sessions.md',
          line: 12,
          source: 'propose',
          commit: '0123456789abcdef0123456789abcdef01234567',
          found: '2026-12-06',
        },
      ],
    });
    expect(identifier?.summary).toContain('propose/Sessions.md line 12, column 1');
    const keyword = fixture.proposals[2]?.proposal;
    expect(keyword).toMatchObject({ type: 'editorial', affects: [{ section: '1.1' }] });
    expect(keyword?.original).toBe(
      '"A sesion that several threads share MUST be locked by the application, because the module keeps one operation state per session."',
    );
    expect(keyword?.proposed).toContain('share must be locked');
    // A table cell is quoted as the cell; front matter and appendices are named as such.
    expect(fixture.proposals[6]?.proposal.original).toBe('"logs the user out of the sesion"');
    expect(fixture.proposals[0]?.proposal.affects).toEqual([
      { document: 'ug-3.2-cn01', section: 'front matter' },
    ]);
    expect(fixture.proposals[0]?.proposal.proposed).toBe(
      '"This note is written for applications that load PKCS #11 Version 3.2 modules."',
    );
    expect(fixture.proposals[7]?.proposal.affects).toEqual([
      { document: 'ug-3.2-cn01', section: 'Appendix A' },
    ]);
    expect(fixture.proposals[7]?.proposal.title).toBe('Appendix A spelling: Unknown word "projct"');
    for (const { proposal } of fixture.proposals) {
      expect(InboxProposal.safeParse(proposal).success).toBe(true);
    }
  });
});

describe('proposing into errata/inbox/', () => {
  it('writes exactly the expected keys, valid for errata validate, and leaves the records alone', async () => {
    const records = await readdir(site.paths.errataDir);
    const before = await Promise.all(
      records.filter((name) => name.endsWith('.yaml')).map((name) => site.read(`errata/${name}`)),
    );
    const report = await proposeAuditFindings(site.paths, fixture.proposals);
    expect(report.proposed.map((item) => item.key)).toEqual(EXPECTED.map(([, key]) => key));
    expect(report.proposed[0]?.file).toBe(`errata/inbox/${EXPECTED[0][1]}.yaml`);
    expect([report.covered, report.ignored, report.pending]).toEqual([[], [], []]);
    expect(await inboxFiles()).toEqual(EXPECTED.map(([, key]) => `${key}.yaml`).sort());
    const after = await Promise.all(
      records.filter((name) => name.endsWith('.yaml')).map((name) => site.read(`errata/${name}`)),
    );
    expect(after).toEqual(before);
    const { findings } = await validateErrata(site.paths);
    expect(findings).toEqual([]);
  });

  it('proposes nothing on a second run, and changes no file', async () => {
    await proposeAuditFindings(site.paths, fixture.proposals);
    const first = await Promise.all(
      (await inboxFiles()).map((name) => site.read(`errata/inbox/${name}`)),
    );
    const again = await proposeAuditFindings(site.paths, fixture.proposals);
    expect(again.proposed).toEqual([]);
    expect(again.pending.map((item) => item.key)).toEqual(EXPECTED.map(([, key]) => key));
    const second = await Promise.all(
      (await inboxFiles()).map((name) => site.read(`errata/inbox/${name}`)),
    );
    expect(second).toEqual(first);
  });

  it('does not propose a key screened out with screen ignore again', async () => {
    await proposeAuditFindings(site.paths, fixture.proposals);
    const key = EXPECTED[6][1];
    await ignoreProposal(site.paths, key, { note: 'a table of the fixture', date: '2026-12-06' });
    expect(await site.read('errata/inbox/ignored.yaml')).toContain(`  - key: ${key}\n`);
    const again = await proposeAuditFindings(site.paths, fixture.proposals);
    expect(again.proposed).toEqual([]);
    expect(again.ignored).toEqual([{ key, at: EXPECTED[6][0] }]);
    expect(await inboxFiles()).not.toContain(`${key}.yaml`);
  });

  it('does not propose a finding a published record covers (screen accept keeps the audit thread)', async () => {
    await proposeAuditFindings(site.paths, fixture.proposals);
    const key = EXPECTED[5][1];
    const created = await acceptProposal(site.paths, key, { anchor: '/guide/#the-rule' });
    // The proposal brings every field but the anchor: the quotation and the correction included.
    if (created.kind !== 'accepted') throw new Error(`not accepted: ${JSON.stringify(created)}`);
    const record = await readFile(created.path, 'utf8');
    expect(record).toContain(`    key: ${key}\n`);
    expect(record).toContain('CKR_SESSION_HANDLE_INVALID back."');
    const again = await proposeAuditFindings(site.paths, fixture.proposals);
    expect(again.proposed).toEqual([]);
    expect(again.covered).toEqual([{ key, at: EXPECTED[5][0], record: created.id }]);
    expect(await inboxFiles()).not.toContain(`${key}.yaml`);
    expect(await readFile(created.path, 'utf8')).toBe(record);
  });

  it('writes nothing in a dry run, and reports what it would write', async () => {
    const report = await proposeAuditFindings(site.paths, fixture.proposals, { dryRun: true });
    expect(report.proposed.map((item) => item.key)).toEqual(EXPECTED.map(([, key]) => key));
    expect(report.proposed[0]?.text).toMatch(/^# yaml-language-server: \$schema=/);
    expect(await inboxFiles()).toEqual([]);
  });
});

describe('a key survives edits elsewhere', () => {
  it('keeps every key when the text moves to other lines and its paragraph is rewrapped', async () => {
    temporary = await mkdtemp(path.join(os.tmpdir(), 'audit-propose-'));
    await cp(FIXTURE, temporary, { recursive: true });
    const file = path.join(temporary, 'Sessions.md');
    const text = await readFile(file, 'utf8');
    const edited = text
      .replace(
        '# Sessions\n',
        '# Sessions\n\nA new paragraph about slots and tokens.\n\nAnd one more.\n',
      )
      .replace('A sesion that\nseveral threads share', 'A sesion that several\nthreads share');
    expect(edited).not.toBe(text);
    await writeFile(file, edited);
    const moved = await audit(temporary);
    expect(moved.proposals.map(({ key }) => key)).toEqual(EXPECTED.map(([, key]) => key));
    expect(moved.proposals[5]?.finding.line).toBe(16);
  });
});

describe('quotations and sections', () => {
  it('quotes one sentence, past abbreviations and numbers, and cuts a long one around the finding', () => {
    const text =
      'First one. See e.g. C_Login in section 5.6. It fails here, as J. Smith saw. Last.';
    const excerpt = excerptAt(text, 1, text.indexOf('fails') + 1);
    expect(excerpt.sentence).toBe('It fails here, as J. Smith saw.');
    expect(excerptAt(text, 1, text.indexOf('Login') + 1).sentence).toBe(
      'See e.g. C_Login in section 5.6.',
    );
    const long = `${'word '.repeat(80)}target ${'word '.repeat(80)}`.trim();
    const quote = quoteExcerpt(excerptAt(long, 1, long.indexOf('target') + 1));
    expect(quote.length).toBeLessThanOrEqual(204);
    expect(quote).toMatch(/^"….*target.*…"$/);
  });

  it('numbers a position by its heading or its numbered parent, and names appendices and front matter', () => {
    const chapters = [
      { path: 'ug/A.md', text: 'Front matter.\n\n# One\n\n## Two\n\n## Aside {-}\n\ntext\n' },
      { path: 'ug/B.md', text: '# Appendix A. More\n\ntext\n' },
    ];
    const order = new Map(chapters.map((chapter, index) => [chapter.path, index]));
    const headings = headingsOf(chapters);
    expect(sectionAt(headings, order, 'ug/A.md', 1)).toBe('front matter');
    expect(sectionAt(headings, order, 'ug/A.md', 6)).toBe('1.1');
    expect(sectionAt(headings, order, 'ug/A.md', 9)).toBe('1');
    expect(sectionAt(headings, order, 'ug/B.md', 3)).toBe('Appendix A');
  });
});

describe('npm run guide -- audit --propose', () => {
  // The audit reads the project's data (identifier table, word list) from the working folder.
  const run = async (...args: (string | { cwd: string })[]) => {
    const tsx = path.join(PROJECT_DIR, 'node_modules', '.bin', 'tsx');
    const cwd = args.find((arg) => typeof arg !== 'string')?.cwd ?? site.dir;
    const strings = args.filter((arg): arg is string => typeof arg === 'string');
    try {
      const { stdout } = await promisify(execFile)(
        tsx,
        [path.join(PROJECT_DIR, 'scripts', 'guide.ts'), 'audit', ...strings],
        { cwd },
      );
      return { code: 0, stdout, stderr: '' };
    } catch (error) {
      return error as { code: number; stdout: string; stderr: string };
    }
  };

  it('prints in a dry run what it would write, and writes nothing', async () => {
    const dry = await run(
      '--source',
      FIXTURE,
      '--shown-as',
      'propose',
      '--propose',
      '--dry-run',
      '--date',
      '2026-12-06',
      { cwd: PROJECT_DIR },
    );
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      `would propose errata/inbox/${EXPECTED[0][1]}.yaml  ${EXPECTED[0][0]}\n`,
    );
    expect(dry.stdout).toContain(`--- errata/inbox/${EXPECTED[0][1]}.yaml\n`);
    expect(dry.stdout).toContain(
      '8 would propose; skipped: 0 covered by a record, 0 ignored (errata/inbox/ignored.yaml), 0 pending in errata/inbox/. Dry run: nothing written.\n',
    );
    const inbox = await readdir(path.join(PROJECT_DIR, 'errata', 'inbox'));
    expect(inbox.filter((name) => EXPECTED.some(([, key]) => name.startsWith(key)))).toEqual([]);
  });

  it('refuses --dry-run without --propose, and a document id the errata do not know', async () => {
    const lone = await run('--source', FIXTURE, '--dry-run');
    expect(lone.code).toBe(2);
    expect(lone.stderr).toContain('--dry-run goes with --propose');
    const unknown = await run('--source', FIXTURE, '--propose', '--document', 'ug-9');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--document ug-9 is not an errata document id');
  });
});
