/**
 * The wording lint run over one chapter, shared by the checks that reuse its rules (the same
 * parser and rules as `npm run lint:wording`, so the guide and the TC text are read alike).
 */
import { lintSource, loadIdentifierTable, type IdentifierTable } from '../../wording/lint';
import type { AuditContext, Chapter, Finding } from '../types';

const tables = new Map<string, IdentifierTable>();

export function identifierTable(context: AuditContext): IdentifierTable {
  let table = tables.get(context.siteDir);
  if (table === undefined) {
    table = loadIdentifierTable(context.siteDir);
    tables.set(context.siteDir, table);
  }
  return table;
}

/** The wording lint's findings of one rule over every chapter, renamed to the audit's check. */
export async function wordingFindings(
  chapters: readonly Chapter[],
  context: AuditContext,
  rule: string,
  check: string,
): Promise<Finding[]> {
  const table = identifierTable(context);
  const findings: Finding[] = [];
  for (const chapter of chapters) {
    for (const finding of await lintSource(chapter.text, chapter.path, { table })) {
      if (finding.rule === rule || finding.rule === 'parse')
        findings.push({ ...finding, rule: check });
    }
  }
  return findings;
}
