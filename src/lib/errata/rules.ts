/**
 * The rules a schema cannot express: they relate fields to each other (history and status), a
 * record to its file name, and a record to the docs (anchors). Each returns findings placed in
 * the YAML source.
 */
import path from 'node:path';
import { fieldPath, type Finding } from '../findings';
import { placeOf, walkScalars } from './positions';
import type { ParsedYaml } from './read-yaml';
import type { Erratum, Status } from './schema';

/**
 * reported → under-review → accepted | rejected | held-for-revision; accepted and
 * held-for-revision → resolved once the corrected text is published. Rejected is final, as in the
 * RFC Editor's errata system.
 */
export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  reported: ['under-review'],
  'under-review': ['accepted', 'rejected', 'held-for-revision'],
  accepted: ['resolved'],
  'held-for-revision': ['resolved'],
  rejected: [],
  resolved: [],
};

/** Statuses that record a decision and therefore need a `resolution`. */
export const DECIDED_STATUSES: readonly Status[] = [
  'accepted',
  'rejected',
  'held-for-revision',
  'resolved',
];

/** The first and last day a date may mean (`2015-05` spans the month). */
export function dateSpan(date: string): [string, string] {
  const day = date.slice(0, 10);
  return day.length === 7 ? [`${day}-01`, `${day}-31`] : [day, day];
}

/** True when `later` is certainly before `earlier` (month-only dates overlap their days). */
export function isCertainlyBefore(later: string, earlier: string): boolean {
  return dateSpan(later)[1] < dateSpan(earlier)[0];
}

export interface RuleContext {
  file: string;
  parsed: ParsedYaml;
}

function at(context: RuleContext, fieldPathParts: PropertyKey[]) {
  return {
    file: context.file,
    ...placeOf(context.parsed.doc, context.parsed.lineCounter, fieldPathParts),
    field: fieldPath(fieldPathParts),
  };
}

export function checkIdMatchesFileName(record: Erratum, context: RuleContext): Finding[] {
  const expected = path.basename(context.file, '.yaml');
  if (record.id === expected) return [];
  return [
    {
      ...at(context, ['id']),
      rule: 'id-file-name',
      message: `id ${record.id} differs from the file name ${path.basename(context.file)}: the id must equal the file name (${expected}), or rename the file to ${record.id}.yaml`,
    },
  ];
}

export function checkHistory(record: Erratum, context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const { history } = record;
  const first = history[0];
  if (first !== undefined && first.status !== 'reported') {
    findings.push({
      ...at(context, ['history', 0, 'status']),
      rule: 'transition',
      message: `the history starts with ${first.status}; its first entry must be reported`,
    });
  }
  if (first !== undefined && isCertainlyBefore(first.date, record.reported.date)) {
    findings.push({
      ...at(context, ['history', 0, 'date']),
      rule: 'history-date',
      message: `the first history entry (${first.date}) is before the report (${record.reported.date})`,
    });
  }
  for (let i = 1; i < history.length; i += 1) {
    const previous = history[i - 1];
    const entry = history[i];
    if (previous === undefined || entry === undefined) continue;
    const allowed = TRANSITIONS[previous.status];
    if (!allowed.includes(entry.status)) {
      findings.push({
        ...at(context, ['history', i, 'status']),
        rule: 'transition',
        message: `${previous.status} → ${entry.status} is not an allowed transition; after ${previous.status} comes ${allowed.length === 0 ? 'nothing (it is final)' : allowed.join(' or ')}`,
      });
    }
    if (isCertainlyBefore(entry.date, previous.date)) {
      findings.push({
        ...at(context, ['history', i, 'date']),
        rule: 'history-date',
        message: `${entry.date} is before the previous entry's ${previous.date}: history dates must not decrease`,
      });
    }
  }
  const last = history.at(-1);
  if (last !== undefined && last.status !== record.status) {
    findings.push({
      ...at(context, ['status']),
      rule: 'history-status',
      message: `status is ${record.status} but the last history entry says ${last.status}: add a history entry for the change, or correct status`,
    });
  }
  return findings;
}

export function checkResolution(record: Erratum, context: RuleContext): Finding[] {
  const decided = DECIDED_STATUSES.includes(record.status);
  if (decided && record.resolution === undefined) {
    return [
      {
        ...at(context, ['status']),
        rule: 'resolution',
        message: `status ${record.status} needs a resolution: {decision, date, where}`,
      },
    ];
  }
  if (!decided && record.resolution !== undefined) {
    return [
      {
        ...at(context, ['resolution']),
        rule: 'resolution',
        message: `a resolution is recorded but the status is ${record.status}; add the decision to the history and update status`,
      },
    ];
  }
  return [];
}

/** The record's anchor and each evidence anchor name a heading of the docs. */
export function checkAnchor(
  record: Erratum,
  context: RuleContext,
  anchors: ReadonlySet<string>,
): Finding[] {
  const targets: { anchor: string; field: (string | number)[] }[] = [
    { anchor: record.anchor, field: ['anchor'] },
    ...(record.evidence ?? []).map((evidence, index) => ({
      anchor: evidence.anchor,
      field: ['evidence', index, 'anchor'],
    })),
  ];
  return targets
    .filter((target) => !anchors.has(target.anchor))
    .map((target) => ({
      ...at(context, target.field),
      rule: 'anchor',
      message: `${target.anchor} is not a heading of the docs (${anchorHint(target.anchor, anchors)})`,
    }));
}

function anchorHint(anchor: string, anchors: ReadonlySet<string>): string {
  const route = anchor.slice(0, anchor.indexOf('#'));
  const onPage = [...anchors].filter((candidate) => candidate.startsWith(`${route}#`));
  const routes = [
    ...new Set([...anchors].map((candidate) => candidate.slice(0, candidate.indexOf('#')))),
  ];
  return onPage.length > 0
    ? `headings of ${route}: ${onPage.map((candidate) => candidate.slice(route.length)).join(', ')}`
    : `no docs page has the route ${route}; pages: ${routes.sort().join(', ')}`;
}

const PLACEHOLDER = /\bTODO\b/;

/** `errata new` writes TODO where a person has to write; a record with one left is unfinished. */
export function checkPlaceholders(context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  walkScalars(context.parsed.doc, (scalar, parts) => {
    if (typeof scalar.value === 'string' && PLACEHOLDER.test(scalar.value)) {
      findings.push({
        ...at(context, parts),
        rule: 'placeholder',
        message: 'TODO left here: replace it with the real text',
      });
    }
  });
  return findings;
}

/** The first line names the JSON Schema, so editors validate and complete the record. */
export function checkSchemaComment(context: RuleContext, schemaPath: string): Finding[] {
  const expected = `# yaml-language-server: $schema=${schemaPath}`;
  const first = context.parsed.text.replace(/^\uFEFF/, '').split(/\r?\n/)[0];
  if (first === expected) return [];
  return [
    {
      file: context.file,
      line: 1,
      col: 1,
      rule: 'schema-comment',
      message: `the first line must be: ${expected}`,
    },
  ];
}
