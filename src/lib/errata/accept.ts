/**
 * Screening a proposal into a record in one step (ARCHITECTURE.md, "Inbox"; issue #21): the proposal
 * gets the next free id and the human fields the screener gives — on the command line, or by
 * editing the prefilled record in an editor. The record is written only when its exact text passes
 * every check `validate` makes on a record, so no placeholder is ever written; it is created
 * atomically (a complete temp file linked under the free id), and only then is the proposal
 * removed. An edit that does not validate stays in its temporary file, and nothing is written.
 */
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar } from 'yaml';
import { compareFindings, type Finding } from '../findings';
import { createWithNextId, recordFileName, sourceKey } from './ids';
import { loadValidProposal } from './inbox';
import { checkParsedYaml } from './load';
import { displayPath, SCHEMA_FILES, type ErrataPaths } from './paths';
import { placeOf } from './positions';
import { parseYamlText, readYamlFile, type ParsedYaml } from './read-yaml';
import { serialiseErratum } from './records';
import { loadErrataSet } from './repository';
import { serialiseYaml } from './save';
import { checkAnchor } from './rules';
import { Erratum, humanOwnedShape, type ErratumType, type InboxProposal } from './schema';
import { checkRecordFile, docsAnchors } from './validate';

/** What a screener gives; blank text counts as not given. */
export interface AcceptFields {
  title?: string;
  type?: ErratumType;
  affects?: { document: string; section: string }[];
  anchor?: string;
  summary?: string;
  original?: string;
  proposed?: string;
}

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

type Draft = Omit<Erratum, 'id'>;

function given(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text;
}

/** The record a proposal becomes with `fields`, without its id; missing fields are left out. */
function draftOf(proposal: InboxProposal, fields: AcceptFields): Partial<Draft> {
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

function loadedFrom(parsed: ParsedYaml, file: string) {
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
async function alreadyScreened(
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
async function writeRecord(
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

/** Empty values in the editor's copy, where the screener has to write. */
const EMPTY: Record<ScreenedField, unknown> = {
  title: '',
  type: '',
  affects: [],
  anchor: '',
  summary: '',
  original: '',
};

/** The prefilled record a screener edits: the proposal, the fields given, '' or [] where to write. */
export function editBuffer(paths: ErrataPaths, key: string, draft: Partial<Draft>): string {
  const value = { ...EMPTY, ...draft, proposed: draft.proposed ?? '' };
  // An absolute schema path: the copy lives outside the checkout, and editors still validate it.
  const text = serialiseYaml(value, {
    schema: Erratum,
    schemaPath: path.join(paths.siteDir, SCHEMA_FILES.erratum),
  });
  const [schemaLine = '', ...rest] = text.split('\n');
  const header = [
    `# Screening errata/inbox/${key}.yaml into errata/E-NNNN.yaml (the id is given on writing).`,
    "# Write what is empty ('' or []): type technical or editorial; affects as a list of",
    '#   - document: ug-3.2-cn01',
    "#     section: '2.5.2'",
    '# anchor as /route#heading-id of the page that carries the fix; summary and original as text',
    '# (| starts text of several lines). Leave proposed empty when there is no replacement text.',
    "# threads are the sync's citations: keep them. Save and close to write the record; empty the",
    '# file to write nothing.',
  ];
  return [schemaLine, ...header, ...rest].join('\n');
}

const BUFFER_RULES_NOT_APPLYING = new Set(['schema-comment', 'id-file-name']);
const DRAFT_ID = 'E-0000';

/** The edited copy against the record's checks, with findings placed in the copy. */
function checkEdit(
  parsed: ParsedYaml,
  file: string,
  proposal: InboxProposal,
  anchors: ReadonlySet<string>,
): { findings: Finding[]; draft?: Draft } {
  const { doc } = parsed;
  const findings: Finding[] = [];
  if (isMap(doc.contents)) {
    if (doc.has('id')) {
      findings.push({
        file,
        ...placeOf(doc, parsed.lineCounter, ['id'], true),
        field: 'id',
        rule: 'screen-id',
        message:
          'the id is given when the record is written (the next free E-NNNN): remove this line',
      });
    }
    const proposed = doc.get('proposed', true);
    if (isScalar(proposed) && typeof proposed.value === 'string' && proposed.value.trim() === '') {
      doc.delete('proposed');
    }
    // Only to check the rest as a record; the real id is given when the file is created.
    doc.set('id', DRAFT_ID);
  }
  const loaded = loadedFrom(parsed, file);
  findings.push(
    ...checkRecordFile(loaded, anchors).filter((f) => !BUFFER_RULES_NOT_APPLYING.has(f.rule)),
  );
  const record = loaded.value;
  const data = doc.toJS({ maxAliasCount: 0 }) as Record<string, unknown> | null;
  // The record-level checks run only on a record the schema accepts; a screener fixing a type
  // should not learn about a wrong anchor only on the next round.
  const anchor = data?.anchor;
  if (
    record === undefined &&
    typeof anchor === 'string' &&
    humanOwnedShape.anchor.safeParse(anchor).success
  ) {
    findings.push(...checkAnchor({ anchor } as Erratum, { file, parsed }, anchors));
  }
  if (!isDeepStrictEqual(data?.threads ?? [], proposal.threads)) {
    findings.push({
      file,
      ...placeOf(doc, parsed.lineCounter, ['threads'], true),
      field: 'threads',
      rule: 'sync-owned',
      message: `threads are the citations the sync found for this proposal: keep them as they were (${proposal.threads.map(sourceKey).join(', ')})`,
    });
  }
  if (findings.length > 0 || record === undefined)
    return { findings: findings.sort(compareFindings) };
  const draft: Partial<Erratum> = { ...record };
  delete draft.id;
  return { findings, draft: draft as Draft };
}

export interface EditOptions {
  /** Opens `file` for the screener; settles when the editor has exited, rejects when it failed. */
  edit: (file: string) => Promise<void>;
  /** Start from this text (an edit kept by an earlier attempt) instead of the prefilled record. */
  startFrom?: string;
  /** Where the editor's copy is made; default the system's temporary folder. */
  tempRoot?: string;
}

/**
 * `screen accept <key> --edit`: the prefilled record (proposal and `fields`) is edited in a
 * temporary copy; when the saved copy validates, the record is written and the copy removed.
 * Otherwise nothing is written and the copy is kept (`kept`) with the findings placed in it.
 */
export async function acceptProposalByEditing(
  paths: ErrataPaths,
  key: string,
  fields: AcceptFields,
  options: EditOptions,
): Promise<AcceptResult> {
  const { value: proposal, path: proposalFile, file } = await loadValidProposal(paths, key);
  const claimed = await alreadyScreened(paths, proposal, file);
  if (claimed.length > 0) return { kind: 'invalid', findings: claimed };
  const anchors = await docsAnchors(paths);
  const dir = await mkdtemp(path.join(options.tempRoot ?? tmpdir(), 'errata-screen-'));
  const copy = path.join(dir, `${key}.yaml`);
  await writeFile(copy, options.startFrom ?? editBuffer(paths, key, draftOf(proposal, fields)));
  try {
    await options.edit(copy);
  } catch (error) {
    return { kind: 'aborted', reason: (error as Error).message, kept: copy };
  }
  if ((await readFile(copy, 'utf8')).trim() === '') {
    await rm(dir, { recursive: true, force: true });
    return { kind: 'aborted', reason: 'the file was emptied' };
  }
  // Findings name the copy by its full path: the one printed for the screener to open again.
  const shown = copy;
  const read = await readYamlFile(copy, shown);
  if (!read.ok) return { kind: 'invalid', findings: read.findings, kept: copy };
  const { findings, draft } = checkEdit(read.parsed, shown, proposal, anchors);
  if (draft === undefined) return { kind: 'invalid', findings, kept: copy };
  const result = await writeRecord(paths, draft, proposalFile, anchors);
  if (result.kind !== 'accepted') return { ...result, kept: copy };
  await rm(dir, { recursive: true, force: true });
  return result;
}
