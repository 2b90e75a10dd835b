/** `npm run guide -- audit`: the audit checks over a TC document folder; --propose files them. */
import { parseArgs } from 'node:util';
import { UPSTREAM_DOCUMENTS } from '../../src/config';
import {
  auditProposals,
  auditRecord,
  formatAudit,
  formatProposeReport,
  proposeAuditFindings,
  readAuditSource,
  runAudit,
} from '../../src/lib/audit';
import { EXIT_FINDINGS, EXIT_OK, parseFormat, UsageError, defined } from '../../src/lib/cli';
import { DOCUMENT_IDS, errataPaths, today } from '../../src/lib/errata';
import { githubOctokit } from './github';
import { AUDIT_OPTIONS } from '../../src/lib/audit/options';

const isDocumentId = (id: string): id is (typeof DOCUMENT_IDS)[number] =>
  (DOCUMENT_IDS as readonly string[]).includes(id);

export async function audit(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: AUDIT_OPTIONS,
  });
  const format = parseFormat(values, values.propose ? ['text', 'json'] : undefined);
  for (const option of ['dry-run', 'document', 'date'] as const)
    if (!values.propose && values[option] !== undefined)
      throw new UsageError(
        `--${option} goes with --propose: audit --source <…> --propose --${option} …`,
      );
  const document = values.document ?? Object.keys(UPSTREAM_DOCUMENTS)[0] ?? '';
  if (!isDocumentId(document))
    throw new UsageError(
      `--document ${document} is not an errata document id; expected one of: ${DOCUMENT_IDS.join(', ')}`,
    );
  const date = values.date ?? today();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
    throw new UsageError(`--date ${date} is not a date; expected YYYY-MM-DD`);
  if (values.source === undefined)
    throw new UsageError(
      'audit needs --source <folder>, e.g. audit --source ../pkcs11/working/doc/ug',
    );
  const shownAs = values['shown-as'] ?? values.source;
  const { chapters, commit } = await readAuditSource(values.source, {
    shownAs,
    ...defined({ commit: values.commit }),
    github: githubOctokit,
  });
  const findings = await runAudit(chapters, { siteDir: process.cwd() });
  const record = auditRecord(
    {
      source: shownAs,
      ...defined({ commit }),
      chapters: chapters.map((chapter) => chapter.path),
    },
    findings,
  );
  if (!values.propose) {
    process.stdout.write(formatAudit(record, format));
    return findings.length === 0 ? EXIT_OK : EXIT_FINDINGS;
  }
  const proposals = auditProposals(chapters, findings, { document, date, source: record.source });
  const report = await proposeAuditFindings(errataPaths(process.cwd()), proposals, {
    dryRun: values['dry-run'] === true,
  });
  process.stdout.write(formatProposeReport(report, format === 'json' ? 'json' : 'text'));
  return EXIT_OK;
}
