/**
 * What an erratum's GitHub issue says: a title and body rendered from the record, a hidden marker
 * that ties the issue to the record (`<!-- erratum:E-0001 -->`, read back instead of searching),
 * and the labels the sync manages — `erratum`, `status:<status>`, `type:<type>`. Labels without
 * those prefixes belong to the maintainers and are left alone.
 */
import {
  describeAffected,
  STATUSES,
  TYPES,
  type Erratum,
  type ErratumType,
  type Status,
} from '../errata';

export const ERRATUM_LABEL = 'erratum';
const MARKER = /<!--\s*erratum:(E-\d{4,})\s*-->/;

/** Statuses whose issue is closed; the others keep it open. */
export const CLOSED_STATUSES: readonly Status[] = ['resolved', 'rejected'];

export function markerOf(body: string | null | undefined): string | undefined {
  return MARKER.exec(body ?? '')?.[1];
}

export function issueTitle(record: Erratum): string {
  return `${record.id}: ${record.title}`;
}

export function issueState(record: Erratum): 'open' | 'closed' {
  return CLOSED_STATUSES.includes(record.status) ? 'closed' : 'open';
}

export function managedLabels(record: Erratum): string[] {
  return [ERRATUM_LABEL, `status:${record.status}`, `type:${record.type}`];
}

function isManaged(label: string): boolean {
  return label === ERRATUM_LABEL || label.startsWith('status:') || label.startsWith('type:');
}

/** The issue's labels with ours set from the record and the maintainers' kept, sorted. */
export function desiredLabels(record: Erratum, current: readonly string[]): string[] {
  return [
    ...new Set([...current.filter((label) => !isManaged(label)), ...managedLabels(record)]),
  ].sort();
}

/** The status and type the issue's labels say, when each is given exactly once and is known. */
export function labelledValues(labels: readonly string[]): { status?: Status; type?: ErratumType } {
  const one = (prefix: string) => {
    const values = labels
      .filter((label) => label.startsWith(prefix))
      .map((l) => l.slice(prefix.length));
    return values.length === 1 ? values[0] : undefined;
  };
  const status = one('status:');
  const type = one('type:');
  return {
    ...(status !== undefined && (STATUSES as readonly string[]).includes(status)
      ? { status: status as Status }
      : {}),
    ...(type !== undefined && (TYPES as readonly string[]).includes(type)
      ? { type: type as ErratumType }
      : {}),
  };
}

/** The issue body: the marker, the facts of the record, its summary, and where it is kept. */
export function issueBody(record: Erratum, pageUrl: string): string {
  const affects = record.affects.map((affected) => `- ${describeAffected(affected)}`).join('\n');
  return `<!-- erratum:${record.id} -->
**Status:** ${record.status} · **Type:** ${record.type} · **Reported:** ${record.reported.date} by ${record.reported.by} via ${record.reported.via}

**Affects:**
${affects}

${record.summary.trim()}

---
The erratum's page: ${pageUrl}

This issue is kept in step with \`errata/${record.id}.yaml\` by the errata sync. The record owns the
status and the type: change them there (or with \`--prefer github\`), not by editing the labels.
`;
}
