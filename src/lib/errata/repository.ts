/**
 * Loads everything under errata/: the records, the inbox proposals and the ignored list, each
 * against its schema. Files that fail stay in the result (without a value) with their findings.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../errors';
import { formatFindingText } from '../findings';
import { loadYamlRecord } from './load';
import type { Finding } from '../findings';
import { displayPath, type ErrataPaths } from './paths';
import type { ParsedYaml } from './read-yaml';
import { IgnoredList, InboxProposal } from './inbox-schema';
import { Erratum } from './schema';

export interface LoadedFile<T> {
  /** Absolute path. */
  path: string;
  /** Path as findings show it. */
  file: string;
  value?: T;
  parsed?: ParsedYaml;
  findings: Finding[];
}

export interface ErrataSet {
  records: LoadedFile<Erratum>[];
  proposals: LoadedFile<InboxProposal>[];
  ignored?: LoadedFile<IgnoredList>;
}

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  });
  return entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name) && !entry.name.startsWith('.'))
    .map((entry) => path.join(dir, entry.name))
    .sort();
}

async function loadFile<T>(
  paths: ErrataPaths,
  absolute: string,
  schema: Parameters<typeof loadYamlRecord>[2],
): Promise<LoadedFile<T>> {
  const file = displayPath(paths, absolute);
  const loaded = await loadYamlRecord(absolute, file, schema);
  return {
    path: absolute,
    file,
    ...(loaded.ok ? { value: loaded.value as T } : {}),
    ...(loaded.parsed === undefined ? {} : { parsed: loaded.parsed }),
    findings: loaded.findings,
  };
}

export async function loadRecord(
  paths: ErrataPaths,
  absolute: string,
): Promise<LoadedFile<Erratum>> {
  return loadFile<Erratum>(paths, absolute, Erratum);
}

export async function loadProposal(
  paths: ErrataPaths,
  absolute: string,
): Promise<LoadedFile<InboxProposal>> {
  return loadFile<InboxProposal>(paths, absolute, InboxProposal);
}

export async function loadIgnored(
  paths: ErrataPaths,
): Promise<LoadedFile<IgnoredList> | undefined> {
  const files = await yamlFiles(paths.inboxDir);
  if (!files.includes(paths.ignoredFile)) return undefined;
  return loadFile<IgnoredList>(paths, paths.ignoredFile, IgnoredList);
}

/** Every record (errata/*.yaml), proposal (errata/inbox/*.yaml) and the ignored list. */
export async function loadErrataSet(paths: ErrataPaths): Promise<ErrataSet> {
  const records = await Promise.all(
    (await yamlFiles(paths.errataDir)).map((file) => loadRecord(paths, file)),
  );
  const proposals = await Promise.all(
    (await yamlFiles(paths.inboxDir))
      .filter((file) => file !== paths.ignoredFile)
      .map((file) => loadProposal(paths, file)),
  );
  const ignored = await loadIgnored(paths);
  return { records, proposals, ...(ignored === undefined ? {} : { ignored }) };
}

/** The records that loaded cleanly. */
export function validRecords(set: ErrataSet): Erratum[] {
  return set.records.flatMap((record) => (record.value === undefined ? [] : [record.value]));
}

/**
 * The errata set for a sync: every record, proposal and the ignored list must load cleanly, since a
 * sync writes into them; otherwise it stops before reading anything remote and lists the findings.
 */
export async function loadErrataSetForSync(paths: ErrataPaths): Promise<ErrataSet> {
  const set = await loadErrataSet(paths);
  const broken = [...set.records, ...set.proposals, ...(set.ignored ? [set.ignored] : [])].filter(
    (file) => file.value === undefined,
  );
  if (broken.length > 0) {
    throw new ConfigurationError(
      `the sync writes only into valid errata files; fix these first (npm run errata -- validate):\n${broken
        .flatMap((file) => file.findings.map(formatFindingText))
        .join('\n')}`,
    );
  }
  return set;
}
