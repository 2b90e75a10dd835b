/**
 * `screen accept <key> --edit`: the screener edits a prefilled record in a temporary copy; the
 * copy is checked as a record (with findings placed in the copy) before anything is written.
 * The one-step accept and the shared writing are accept.ts.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar } from 'yaml';
import {
  alreadyScreened,
  draftOf,
  loadedFrom,
  writeRecord,
  type AcceptFields,
  type AcceptResult,
  type Draft,
  type ScreenedField,
} from './accept';
import { compareFindings, type Finding } from '../findings';
import { sourceKey } from './ids';
import { loadValidProposal } from './inbox';
import type { InboxProposal } from './inbox-schema';
import { SCHEMA_FILES, type ErrataPaths } from './paths';
import { placeOf } from './positions';
import { readYamlFile, type ParsedYaml } from './read-yaml';
import { checkAnchor } from './rules';
import { serialiseYaml } from './save';
import { Erratum, humanOwnedShape } from './schema';
import { checkRecordFile, docsAnchors } from './validate';

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
