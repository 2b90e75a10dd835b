/**
 * Writes audit proposals into errata/inbox/ unless a record, a pending proposal or the ignored list
 * already covers them, and reports each finding's fate.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createFileExclusive } from '../errata/atomic';
import { sourceKey } from '../errata/ids';
import { proposalPath } from '../errata/inbox';
import { displayPath, type ErrataPaths } from '../errata/paths';
import { serialiseProposal } from '../errata/records';
import { loadErrataSetForSync } from '../errata/repository';
import { InboxProposal } from '../errata/inbox-schema';
import type { AuditProposal } from './propose';
import type { Finding } from './types';

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
