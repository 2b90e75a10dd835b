/**
 * The audit runner: every check over the same chapters, every finding collected (a check that
 * finds something does not stop the others), sorted by chapter order, line and column.
 */
import { bcp14Check } from './checks/bcp14';
import { cCodeCheck } from './checks/c-code';
import { identifiersCheck } from './checks/identifiers';
import { referencesCheck } from './checks/references';
import { specReferencesCheck } from './checks/spec-references';
import { spellingCheck } from './checks/spelling';
import { structureCheck } from './checks/structure';
import type { AuditCheck, AuditContext, Chapter, Finding } from './types';

/** The checks, in the order they run and are documented. */
export const AUDIT_CHECKS: readonly AuditCheck[] = [
  identifiersCheck,
  bcp14Check,
  cCodeCheck,
  referencesCheck,
  specReferencesCheck,
  spellingCheck,
  structureCheck,
];

export async function runAudit(
  chapters: readonly Chapter[],
  context: AuditContext,
  checks: readonly AuditCheck[] = AUDIT_CHECKS,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const check of checks) findings.push(...(await check.run(chapters, context)));
  const order = new Map(chapters.map((chapter, index) => [chapter.path, index]));
  return findings.sort(
    (a, b) =>
      (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.col ?? 0) - (b.col ?? 0) ||
      a.rule.localeCompare(b.rule),
  );
}
