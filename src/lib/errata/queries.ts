/** Questions asked of the records: filters for `errata list`, last activity, ordering. */
import { dateSpan } from './rules';
import type { Erratum, ErratumType, Status } from './schema';

export interface ErratumFilter {
  status?: readonly Status[];
  type?: readonly ErratumType[];
  /** A document id, e.g. ug-3.2-cn01. */
  document?: string;
  /** A section; `2.5` also matches 2.5.2 (a section contains its subsections). */
  section?: string;
}

function sectionMatches(section: string, wanted: string): boolean {
  return section === wanted || section.startsWith(`${wanted}.`);
}

export function matchesFilter(record: Erratum, filter: ErratumFilter): boolean {
  if (filter.status !== undefined && !filter.status.includes(record.status)) return false;
  if (filter.type !== undefined && !filter.type.includes(record.type)) return false;
  if (filter.document !== undefined || filter.section !== undefined) {
    return record.affects.some(
      (affected) =>
        (filter.document === undefined || affected.document === filter.document) &&
        (filter.section === undefined || sectionMatches(affected.section, filter.section)),
    );
  }
  return true;
}

export function filterErrata(records: readonly Erratum[], filter: ErratumFilter): Erratum[] {
  return records.filter((record) => matchesFilter(record, filter));
}

/**
 * The latest date anything happened to an erratum: its history, its resolution, the last activity
 * of its threads. A month-only date counts as its first day, the date-time part as the day.
 */
export function lastActivity(record: Erratum): string {
  const dates = [
    record.reported.date,
    ...record.history.map((entry) => entry.date),
    ...(record.resolution === undefined ? [] : [record.resolution.date]),
    ...(record.threads ?? []).map((thread) =>
      thread.kind === 'audit' ? thread.found : thread.lastActivity,
    ),
  ];
  return dates.map((date) => dateSpan(date)[0]).reduce((a, b) => (b > a ? b : a));
}

export function byId(a: Erratum, b: Erratum): number {
  return a.id.localeCompare(b.id, 'en', { numeric: true });
}

/** Most recently active first; ties by id. */
export function byLastActivity(a: Erratum, b: Erratum): number {
  return lastActivity(b).localeCompare(lastActivity(a)) || byId(a, b);
}

export function countByStatus(records: readonly Erratum[]): Record<Status, number> {
  const counts = {
    reported: 0,
    'under-review': 0,
    accepted: 0,
    rejected: 0,
    'held-for-revision': 0,
    resolved: 0,
  } satisfies Record<Status, number>;
  for (const record of records) counts[record.status] += 1;
  return counts;
}
