/**
 * Screening a proposal into a record in one step (ARCHITECTURE.md, "Inbox"; issue #21): the proposal
 * gets the next free id and the human fields the screener gives — on the command line, or by
 * editing the prefilled record in an editor. The record is written only when its exact text passes
 * every check `validate` makes on a record, so no placeholder is ever written; it is created
 * atomically (a complete temp file linked under the free id), and only then is the proposal
 * removed. An edit that does not validate stays in its temporary file, and nothing is written
 * (the editing path is accept-edit.ts).
 */
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../findings';
import { createWithNextId, recordFileName, sourceKey } from './ids';
import { loadValidProposal } from './inbox';
import type { InboxProposal } from './inbox-schema';
import { checkParsedYaml } from './load';
import { displayPath, type ErrataPaths } from './paths';
import { parseYamlText, type ParsedYaml } from './read-yaml';
import { serialiseErratum, type WrittenFields } from './records';
import { loadErrataSet } from './repository';
import { Erratum } from './schema';
import { checkRecordFile, docsAnchors } from './validate';

/** What a screener gives; blank text counts as not given. */
export type AcceptFields = WrittenFields;

/** The fields a record needs that a proposal may lack, in the order the record lists them. */
export const SCREENED_FIELDS = [
  'title',
  'type',
  'affects',
  'anchor',
  'summary',
  'original',
] as const;
export type ScreenedField = (typeof SCREENED_FIELDS)[number];

export type AcceptResult =
  | { kind: 'accepted'; id: string; path: string }
  /** Required fields nobody gave: nothing was written, the proposal is where it was. */
  | { kind: 'incomplete'; missing: ScreenedField[] }
  /** The record would not validate: nothing was written. `kept` holds an edit, if there was one. */
  | { kind: 'invalid'; findings: Finding[]; kept?: string }
  /** The editor failed or the edit was emptied: nothing was written. */
  | { kind: 'aborted'; reason: string; kept?: string };

/** A record before it has its id. */
export type Draft = Omit<Erratum, 'id'>;

function given(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text;
}

/** The record a proposal becomes with `fields`, without its id; missing fields are left out. */
export function draftOf(proposal: InboxProposal, fields: AcceptFields): Partial<Draft> {
  // A document id the schema does not know is reported by the check of the whole record.
  const affects = (fields.affects?.length ? fields.affects : proposal.affects) as Draft['affects'];
  const draft: Partial<Record<keyof Draft, unknown>> = {
    title: given(fields.title) ?? proposal.title,
    type: fields.type ?? proposal.type,
    status: 'reported',
    affects,
    anchor: given(fields.anchor),
    reported: proposal.reported,
    summary: given(fields.summary) ?? given(proposal.summary),
    // An audit finding's proposal carries its quotation and correction.
    original: given(fields.original) ?? given(proposal.original),
    proposed: given(fields.proposed) ?? given(proposal.proposed),
    history: [{ date: proposal.reported.date, status: 'reported' }],
    threads: proposal.threads,
  };
  return Object.fromEntries(Object.entries(draft).filter(([, value]) => value !== undefined));
}

function missingOf(draft: Partial<Draft>): ScreenedField[] {
  return SCREENED_FIELDS.filter((field) => {
    const value = draft[field];
    return value === undefined || (Array.isArray(value) && value.length === 0);
  });
}

/** Every finding `validate` would report in a record file holding `text`. */
export function checkRecordText(
  text: string,
  file: string,
  anchors: ReadonlySet<string>,
): Finding[] {
  const read = parseYamlText(text, file);
  if (!read.ok) return read.findings;
  return checkRecordFile(loadedFrom(read.parsed, file), anchors);
}

export function loadedFrom(parsed: ParsedYaml, file: string) {
  const loaded = checkParsedYaml(parsed, file, Erratum);
  return {
    path: file,
    file,
    parsed,
    findings: loaded.findings,
    ...(loaded.ok ? { value: loaded.value } : {}),
  };
}

/** A thread of the proposal that a record already cites: accepting would cite it twice. */
export async function alreadyScreened(
  paths: ErrataPaths,
  proposal: InboxProposal,
  file: string,
): Promise<Finding[]> {
  const owners = new Map<string, string>();
  for (const loaded of (await loadErrataSet(paths)).records) {
    for (const thread of loaded.value?.threads ?? []) {
      owners.set(sourceKey(thread), loaded.value?.id ?? '');
    }
  }
  return proposal.threads.flatMap((thread) => {
    const owner = owners.get(sourceKey(thread));
    return owner === undefined
      ? []
      : [
          {
            file,
            field: 'threads',
            rule: 'already-screened',
            message: `thread ${sourceKey(thread)} already belongs to ${owner}: ignore or delete this proposal instead`,
          },
        ];
  });
}

class RefusedRecord extends Error {
  constructor(readonly findings: Finding[]) {
    super('the record would not validate');
  }
}

/**
 * Creates the record under the next free id — the text validated is exactly the text written —
 * then removes the proposal.
 */
export async function writeRecord(
  paths: ErrataPaths,
  draft: Draft,
  proposalFile: string,
  anchors: ReadonlySet<string>,
): Promise<Extract<AcceptResult, { kind: 'accepted' | 'invalid' }>> {
  try {
    const created = await createWithNextId(paths.errataDir, (id) => {
      const text = serialiseErratum({ id, ...draft });
      const shown = displayPath(paths, path.join(paths.errataDir, recordFileName(id)));
      const findings = checkRecordText(text, shown, anchors);
      if (findings.length > 0) throw new RefusedRecord(findings);
      return text;
    });
    await unlink(proposalFile);
    return { kind: 'accepted', ...created };
  } catch (error) {
    if (error instanceof RefusedRecord) return { kind: 'invalid', findings: error.findings };
    throw error;
  }
}

/**
 * `screen accept <key>` with the fields on the command line: writes errata/E-NNNN.yaml and removes
 * the proposal, or writes nothing and says what is missing or invalid.
 */
export async function acceptProposal(
  paths: ErrataPaths,
  key: string,
  fields: AcceptFields = {},
): Promise<AcceptResult> {
  const { value: proposal, path: proposalFile, file } = await loadValidProposal(paths, key);
  const claimed = await alreadyScreened(paths, proposal, file);
  if (claimed.length > 0) return { kind: 'invalid', findings: claimed };
  const draft = draftOf(proposal, fields);
  const missing = missingOf(draft);
  if (missing.length > 0) return { kind: 'incomplete', missing };
  return writeRecord(paths, draft as Draft, proposalFile, await docsAnchors(paths));
}
