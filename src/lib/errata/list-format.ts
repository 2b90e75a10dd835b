/** Output of `errata list`: text (one line per erratum), JSON, or a Markdown table. */
import { lastActivity } from './queries';
import { describeAffected, markdownCell as cell, STATUS_LABELS } from './resolution-log';
import type { Erratum } from './schema';

export function listText(records: readonly Erratum[]): string {
  if (records.length === 0) return 'No errata match.\n';
  return records
    .map(
      (record) =>
        `${record.id}  ${STATUS_LABELS[record.status].padEnd(17)} ${record.type.padEnd(9)} ${lastActivity(record)}  ${record.title}\n` +
        `        ${record.affects.map(describeAffected).join('; ')}\n`,
    )
    .join('');
}

export function listJson(records: readonly Erratum[]): string {
  return `${JSON.stringify(
    records.map((record) => ({ ...record, lastActivity: lastActivity(record) })),
    null,
    2,
  )}\n`;
}

export function listMarkdown(records: readonly Erratum[]): string {
  const rows = records.map(
    (record) =>
      `| ${record.id} | ${cell(record.title)} | ${STATUS_LABELS[record.status]} | ${record.type} | ${cell(record.affects.map(describeAffected).join('; '))} | ${lastActivity(record)} |`,
  );
  return `${[
    '| Id | Title | Status | Type | Affects | Last activity |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n')}\n`;
}
