/**
 * `errata validate`: every record, proposal and the ignored list against the schemas and the rules;
 * collects every finding (a runner that stops at the first problem hides the others).
 */
import path from 'node:path';
import { anchorTargets, collectDocsHeadings } from '../docs-headings';
import { findEmailAddresses } from './email';
import { compareFindings, type Finding } from '../findings';
import { sourceKey } from './ids';
import { SCHEMA_REFERENCES, type ErrataPaths } from './paths';
import { placeOf, type Place } from './positions';
import type { ParsedYaml } from './read-yaml';
import { loadErrataSet, type ErrataSet, type LoadedFile } from './repository';
import type { Erratum } from './schema';
import {
  checkAnchor,
  checkHistory,
  checkIdMatchesFileName,
  checkPlaceholders,
  checkResolution,
  checkSchemaComment,
  type RuleContext,
} from './rules';

export interface ValidationResult {
  set: ErrataSet;
  findings: Finding[];
  /** How many files were checked. */
  checked: number;
}

function fileLevelChecks<T>(loaded: LoadedFile<T>, schemaPath: string): Finding[] {
  if (loaded.parsed === undefined) return loaded.findings;
  const context: RuleContext = { file: loaded.file, parsed: loaded.parsed };
  const schemaFields = new Set(loaded.findings.map((finding) => finding.field));
  return [
    ...loaded.findings,
    ...checkSchemaComment(context, schemaPath),
    ...findEmailAddresses(loaded.parsed, loaded.file),
    // A placeholder in a field the schema already rejects would say the same thing twice.
    ...checkPlaceholders(context).filter((finding) => !schemaFields.has(finding.field)),
  ];
}

/** The heading ids of the docs an anchor may name (`/route#id`). */
export async function docsAnchors(paths: ErrataPaths): Promise<Set<string>> {
  return anchorTargets(await collectDocsHeadings(paths.siteDir, paths.docsInstances));
}

/**
 * Everything `validate` checks within one record file: the schema, the `$schema` line, e-mail
 * addresses, TODO placeholders, id = file name, history, resolution and the anchor. (Checks across
 * files — duplicate ids, proposals already screened — are `validateErrata`'s.)
 */
export function checkRecordFile(
  loaded: LoadedFile<Erratum>,
  anchors: ReadonlySet<string>,
): Finding[] {
  const findings = fileLevelChecks(loaded, SCHEMA_REFERENCES.erratum);
  const record = loaded.value;
  if (record === undefined || loaded.parsed === undefined) return findings;
  const context: RuleContext = { file: loaded.file, parsed: loaded.parsed };
  return [
    ...findings,
    ...checkIdMatchesFileName(record, context),
    ...checkHistory(record, context),
    ...checkResolution(record, context),
    ...checkAnchor(record, context, anchors),
  ];
}

/** Each record on its own, then ids across records; returns which record holds each thread. */
function checkRecords(
  set: ErrataSet,
  anchors: Set<string>,
): { findings: Finding[]; recordThreadKeys: Map<string, string> } {
  const findings: Finding[] = [];
  const firstFileOfId = new Map<string, string>();
  const recordThreadKeys = new Map<string, string>();
  for (const loaded of set.records) {
    findings.push(...checkRecordFile(loaded, anchors));
    const record = loaded.value;
    if (record === undefined || loaded.parsed === undefined) continue;
    const other = firstFileOfId.get(record.id);
    if (other !== undefined) {
      findings.push({
        file: loaded.file,
        ...placeIn(loaded.parsed, ['id']),
        field: 'id',
        rule: 'duplicate-id',
        message: `id ${record.id} is already used by ${other}: every erratum needs its own id`,
      });
    } else firstFileOfId.set(record.id, loaded.file);
    for (const thread of record.threads ?? []) recordThreadKeys.set(sourceKey(thread), record.id);
  }
  return { findings, recordThreadKeys };
}

/** The ignored list: its schema, and each key once; returns the keys. */
function checkIgnored(set: ErrataSet): { findings: Finding[]; ignoredKeys: Set<string> } {
  const findings: Finding[] = [];
  const ignoredKeys = new Set<string>();
  if (set.ignored === undefined) return { findings, ignoredKeys };
  findings.push(...fileLevelChecks(set.ignored, SCHEMA_REFERENCES.ignored));
  const seen = new Set<string>();
  set.ignored.value?.ignored.forEach((entry, index) => {
    if (seen.has(entry.key) && set.ignored?.parsed !== undefined) {
      findings.push({
        file: set.ignored.file,
        ...placeIn(set.ignored.parsed, ['ignored', index, 'key']),
        field: `ignored[${index}].key`,
        rule: 'duplicate-key',
        message: `${entry.key} is listed twice`,
      });
    }
    seen.add(entry.key);
    ignoredKeys.add(entry.key);
  });
  return { findings, ignoredKeys };
}

/** Each proposal: named after its first thread, and no thread already screened or ignored. */
function checkProposals(
  set: ErrataSet,
  recordThreadKeys: Map<string, string>,
  ignoredKeys: Set<string>,
): Finding[] {
  const findings: Finding[] = [];
  for (const loaded of set.proposals) {
    findings.push(...fileLevelChecks(loaded, SCHEMA_REFERENCES.proposal));
    const proposal = loaded.value;
    const first = proposal?.threads[0];
    if (proposal === undefined || first === undefined || loaded.parsed === undefined) continue;
    const key = sourceKey(first);
    const stem = path.basename(loaded.path, path.extname(loaded.path));
    const place = placeIn(loaded.parsed, ['threads', 0]);
    if (stem !== key) {
      findings.push({
        file: loaded.file,
        ...place,
        field: 'threads[0]',
        rule: 'source-key',
        message: `the file name must be the source key of its first thread: rename it to ${key}.yaml`,
      });
    }
    for (const thread of proposal.threads) {
      const threadKey = sourceKey(thread);
      const record = recordThreadKeys.get(threadKey);
      if (record !== undefined) {
        findings.push({
          file: loaded.file,
          ...place,
          rule: 'already-screened',
          message: `thread ${threadKey} already belongs to ${record}: delete this proposal`,
        });
      }
      if (ignoredKeys.has(threadKey)) {
        findings.push({
          file: loaded.file,
          ...place,
          rule: 'already-ignored',
          message: `thread ${threadKey} is in the ignored list: delete this proposal`,
        });
      }
    }
  }
  return findings;
}

export async function validateErrata(paths: ErrataPaths): Promise<ValidationResult> {
  const set = await loadErrataSet(paths);
  const anchors = await docsAnchors(paths);
  const records = checkRecords(set, anchors);
  const ignored = checkIgnored(set);
  const findings = [
    ...records.findings,
    ...ignored.findings,
    ...checkProposals(set, records.recordThreadKeys, ignored.ignoredKeys),
  ];
  const checked = set.records.length + set.proposals.length + (set.ignored === undefined ? 0 : 1);
  return { set, findings: findings.sort(compareFindings), checked };
}

function placeIn(parsed: ParsedYaml, parts: PropertyKey[]): Place {
  return placeOf(parsed.doc, parsed.lineCounter, parts);
}
