/**
 * The mail sync's memory between runs (ARCHITECTURE.md, "Sync semantics"): errata/sync/mail-state.json,
 * committed with the records, so a scheduled run in a fresh checkout only fetches what changed.
 * It holds the validators of each list home and month index, which message pages of each month
 * were read, and the messages the threads are rebuilt from — all comment-list messages and the
 * TC-list messages that belong to their threads or to a record's, with names, never addresses.
 * Bodies are not kept: the file stays small and holds nothing a person wrote beyond a subject.
 * Its text is deterministic (sorted, one style), so a run that learns nothing changes no byte.
 * It is keyed by archive root: what one archive holds at a path says nothing about another
 * archive's page at the same path, so a run against a mirror or a test archive keeps its own
 * state beside the real archive's and never mixes the two.
 */
import * as z from 'zod';
import { loadOptionalJson, loadOptionalYaml } from '../errata';
import { formatJson } from '../json';

const Validators = z.strictObject({
  etag: z.string().optional(),
  lastModified: z.string().optional(),
});

const MonthState = z.strictObject({
  ...Validators.shape,
  /** Page numbers read, as ranges: `0-41,43`. */
  read: z
    .string()
    .regex(/^(\d+(-\d+)?(,\d+(-\d+)?)*)?$/, { error: 'expected ranges such as 0-41,43' }),
});

const ListState = z.strictObject({
  home: Validators.optional(),
  months: z.record(
    z.string().regex(/^\d{4}(0[1-9]|1[0-2])$/, { error: 'expected YYYYMM' }),
    MonthState,
  ),
});

export const StoredMessage = z.strictObject({
  id: z.string().min(1),
  date: z.string().optional(),
  from: z.string().optional(),
  subject: z.string(),
  /** `list/YYYYMM/number` of each page of the message. */
  pages: z
    .array(z.string().regex(/^[^/\s]+\/\d{6}\/\d+$/, { error: 'expected list/YYYYMM/number' }))
    .min(1),
  references: z.array(z.string()).optional(),
  /** The original a forward without references was matched to by its quoted header block. */
  forwardOf: z.string().optional(),
  synthetic: z.literal(true).optional(),
  /** The rules found the message to be about the Usage Guide (comment lists only). */
  about: z.literal(true).optional(),
});
export type StoredMessage = z.infer<typeof StoredMessage>;

export const SyncState = z.strictObject({
  archive: z
    .string()
    .regex(/^https?:\/\/\S+\/$/, { error: 'expected the archive root URL, ending with /' }),
  lists: z.record(z.string(), ListState),
  messages: z.array(StoredMessage),
});
export type SyncState = z.infer<typeof SyncState>;

/** The file: one state per archive root, sorted by root. */
export const SyncStateFile = z.strictObject({ archives: z.array(SyncState) });
export type SyncStateFile = z.infer<typeof SyncStateFile>;
export type MonthState = z.infer<typeof MonthState>;
export type ValidatorState = z.infer<typeof Validators>;

/**
 * Records stop at 256 KiB; the state grows with the archive (about 300 bytes a message kept), so
 * it may be larger — the OASIS comment list's whole history is a small fraction of this.
 */
export const MAX_STATE_BYTES = 32 * 1024 * 1024;

export function emptyState(archive: string): SyncState {
  return { archive, lists: {}, messages: [] };
}

/** Page numbers ↔ ranges (`0-41,43`): a month of 500 pages costs one short line. */
export function parseRanges(text: string): Set<number> {
  const numbers = new Set<number>();
  for (const part of text.split(',')) {
    if (part === '') continue;
    const [from = '', to = from] = part.split('-');
    for (let n = Number(from); n <= Number(to); n += 1) numbers.add(n);
  }
  return numbers;
}

export function formatRanges(numbers: Iterable<number>): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    const start = sorted[i] ?? 0;
    let end = start;
    while (sorted[i + 1] === end + 1) {
      end += 1;
      i += 1;
    }
    i += 1;
    parts.push(start === end ? String(start) : `${start}-${end}`);
  }
  return parts.join(',');
}

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

function orderedState(state: SyncState): SyncState {
  return {
    archive: state.archive,
    lists: sortedRecord(
      Object.fromEntries(
        Object.entries(state.lists).map(([name, list]) => [
          name,
          {
            ...(list.home === undefined ? {} : { home: list.home }),
            months: sortedRecord(list.months),
          },
        ]),
      ),
    ),
    messages: [...state.messages].sort(
      (a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.id.localeCompare(b.id),
    ),
  };
}

/**
 * The state file's text: archives, keys, lists, months and messages in a fixed order, laid out as
 * Prettier lays out JSON. JSON, not YAML like the files people edit: the state grows with the
 * archive, and a run reads it first and writes it last (npm run bench:sync's 1,524 kept messages:
 * 8 ms to write and 1 ms to read, against 66 ms and 128 ms as YAML).
 */
export function serialiseState(states: readonly SyncState[]): string {
  const archives = [...states]
    .sort((a, b) => a.archive.localeCompare(b.archive))
    .map((state) => orderedState(state));
  return `${formatJson({ archives })}\n`;
}

const FIX = 'fix or delete it (the next run then reads the archives afresh)';

/**
 * Reads the states of every archive, and the file's text (undefined when there is no file); a
 * missing file is no state, an invalid one an error naming file and line.
 */
export async function loadState(
  file: string,
  shownAs: string,
): Promise<{ states: SyncState[]; text?: string }> {
  const loaded = await loadOptionalJson(file, shownAs, SyncStateFile, {
    maxBytes: MAX_STATE_BYTES,
    fix: FIX,
  });
  return loaded === undefined
    ? { states: [] }
    : { states: loaded.value.archives, text: loaded.text };
}

/**
 * The same states from the YAML file the sync kept before (mail-state.yaml, same fields), read
 * when there is no JSON state yet; the run that writes the JSON state removes it.
 */
export async function loadYamlState(file: string, shownAs: string): Promise<SyncState[]> {
  const loaded = await loadOptionalYaml(file, shownAs, SyncStateFile, {
    maxBytes: MAX_STATE_BYTES,
    fix: FIX,
  });
  return loaded?.value.archives ?? [];
}
