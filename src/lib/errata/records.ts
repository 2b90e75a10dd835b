/**
 * Writing records: the YAML of a record (stable key order, comments kept), saving it atomically,
 * and scaffolding a new one with the next free id.
 */
import type { Document } from 'yaml';
import { writeFileAtomic, type FolderFlushes } from './atomic';
import { createWithNextId } from './ids';
import { SCHEMA_REFERENCES, type ErrataPaths } from './paths';
import { serialiseYaml } from './save';
import { ConfigurationError } from '../errors';
import { formatFindingText } from '../findings';
import { loadRecord, type LoadedFile } from './repository';
import type { ParsedYaml } from './read-yaml';
import { IgnoredList, InboxProposal } from './inbox-schema';
import { Erratum, SYNC_OWNED_FIELDS, type ErratumType, type SyncOwnedField } from './schema';

export function serialiseErratum(record: Erratum, previous?: Document.Parsed): string {
  return serialiseYaml(record, {
    schema: Erratum,
    schemaPath: SCHEMA_REFERENCES.erratum,
    previous,
  });
}

export function serialiseProposal(proposal: InboxProposal, previous?: Document.Parsed): string {
  return serialiseYaml(proposal, {
    schema: InboxProposal,
    schemaPath: SCHEMA_REFERENCES.proposal,
    previous,
  });
}

export function serialiseIgnored(list: IgnoredList, previous?: Document.Parsed): string {
  return serialiseYaml(list, {
    schema: IgnoredList,
    schemaPath: SCHEMA_REFERENCES.ignored,
    previous,
  });
}

/** Writes a record over its file atomically; `previous` keeps its comments. */
export async function saveErratum(
  path: string,
  record: Erratum,
  previous?: Document.Parsed,
): Promise<void> {
  await writeFileAtomic(path, serialiseErratum(record, previous));
}

/** The fields a person writes into a new record, all optional until a check asks for them. */
export interface WrittenFields {
  title?: string;
  type?: ErratumType;
  affects?: { document: string; section: string }[];
  anchor?: string;
  summary?: string;
  original?: string;
  proposed?: string;
}

export interface NewRecordOptions extends WrittenFields {
  title: string;
  /** ISO date of the report; default today (UTC). */
  date?: string;
  by?: string;
  via?: string;
  threads?: Erratum['threads'];
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * A new record in status reported. Whatever the options do not give is written as TODO, which
 * `errata validate` reports until a person fills it in.
 */
export function scaffoldRecord(id: string, options: NewRecordOptions): Erratum {
  const date = options.date ?? today();
  const record = {
    id,
    title: options.title,
    type: options.type ?? 'technical',
    status: 'reported',
    affects: options.affects ?? [{ document: 'TODO', section: 'TODO' }],
    anchor: options.anchor ?? '/TODO#TODO',
    reported: { date, by: options.by ?? 'TODO', via: options.via ?? 'TODO' },
    summary: options.summary ?? 'TODO',
    original: options.original ?? 'TODO',
    proposed: options.proposed ?? 'TODO',
    history: [{ date, status: 'reported' }],
    ...(options.threads === undefined ? {} : { threads: options.threads }),
  };
  // Placeholders may not satisfy the schema (a TODO document id); the record is unfinished on purpose.
  return record as Erratum;
}

/** Creates errata/E-NNNN.yaml with the next free id, atomically; returns its id and path. */
export async function createRecord(
  paths: ErrataPaths,
  options: NewRecordOptions,
): Promise<{ id: string; path: string; record: Erratum }> {
  let record: Erratum | undefined;
  const created = await createWithNextId(paths.errataDir, (id) => {
    record = scaffoldRecord(id, options);
    return serialiseErratum(record);
  });
  if (record === undefined) throw new Error('unreachable: no record was scaffolded');
  return { ...created, record: { ...record, id: created.id } };
}

/** A file a sync is about to rewrite must load cleanly, or the sync stops and says why. */
export function requireValidForSync<T>(
  loaded: LoadedFile<T>,
): LoadedFile<T> & { value: T; parsed: ParsedYaml } {
  if (loaded.value === undefined || loaded.parsed === undefined) {
    throw new ConfigurationError(
      `${loaded.file} is not valid, so no sync may write it; fix it first:\n${loaded.findings.map(formatFindingText).join('\n')}`,
    );
  }
  return { ...loaded, value: loaded.value, parsed: loaded.parsed };
}

async function loadRecordForSync(paths: ErrataPaths, file: string) {
  return requireValidForSync(await loadRecord(paths, file));
}

/** How a sync writes: `dryRun` only says what would change; `folders` batches folder flushes. */
export interface SyncWriteOptions {
  dryRun?: boolean;
  folders?: FolderFlushes;
}

/** Writes a sync's new text of a record unless it equals the text on disk. */
async function writeIfChanged(
  file: string,
  text: string,
  previous: ParsedYaml,
  options: SyncWriteOptions,
): Promise<SyncUpdateResult> {
  if (text === previous.text) return { changed: false };
  if (options.dryRun !== true) await writeFileAtomic(file, text, options);
  return { changed: true };
}

export interface SyncUpdateResult {
  /** False when the file already said this: nothing was written (a sync run stays idempotent). */
  changed: boolean;
}

/**
 * What a sync may do to a published record: replace its sync-owned fields (`threads`). Any other
 * key in `update` is ignored, so a sync cannot edit a human-owned field even by mistake. The file
 * is rewritten atomically, with its comments, and only when its bytes would change; `dryRun` only
 * says whether they would.
 */
export async function updateSyncOwnedFields(
  paths: ErrataPaths,
  file: string,
  update: Partial<Pick<Erratum, SyncOwnedField>>,
  options: SyncWriteOptions = {},
): Promise<SyncUpdateResult> {
  const loaded = await loadRecordForSync(paths, file);
  const next: Record<string, unknown> = { ...loaded.value };
  for (const field of SYNC_OWNED_FIELDS) {
    if (field in update) next[field] = update[field];
  }
  return writeIfChanged(
    file,
    serialiseErratum(next as Erratum, loaded.parsed.doc),
    loaded.parsed,
    options,
  );
}

export interface StatusChange {
  status?: Erratum['status'];
  type?: Erratum['type'];
  date: string;
  note: string;
}

/**
 * The one way a sync changes human-owned fields, and only when a maintainer asked for it
 * (`sync-github --prefer github`): the status (with its history entry) or the type the GitHub
 * issue's labels carry. Written atomically, comments kept.
 */
export async function applyStatusChange(
  paths: ErrataPaths,
  file: string,
  change: StatusChange,
  options: { dryRun?: boolean } = {},
): Promise<SyncUpdateResult> {
  const loaded = await loadRecordForSync(paths, file);
  const record = loaded.value;
  const next: Erratum = {
    ...record,
    ...(change.type === undefined ? {} : { type: change.type }),
    ...(change.status === undefined || change.status === record.status
      ? {}
      : {
          status: change.status,
          history: [
            ...record.history,
            { date: change.date, status: change.status, note: change.note },
          ],
        }),
  };
  return writeIfChanged(file, serialiseErratum(next, loaded.parsed.doc), loaded.parsed, options);
}
