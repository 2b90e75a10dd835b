/** Reads the registry with file:line findings (the errata library's YAML loader). */
import path from 'node:path';

import { isScalar, visit, type LineCounter } from 'yaml';

import { loadYamlRecord, placeOf, type Finding, type Place } from '../errata/index';
import { registrySchema, type Registry } from './schema';

export const REGISTRY_FILE = path.join('docs', 'guide', 'recommendations.yaml');

export interface LoadedRegistry {
  registry?: Registry;
  findings: Finding[];
  /** Where a field of the registry is, for findings the later checks make. */
  placeOf(fieldPath: readonly PropertyKey[]): Place | undefined;
}

export async function loadRegistry(siteDir: string, file = REGISTRY_FILE): Promise<LoadedRegistry> {
  const loaded = await loadYamlRecord(path.join(siteDir, file), file, registrySchema);
  const parsed = loaded.parsed;
  const place = (fieldPath: readonly PropertyKey[]): Place | undefined =>
    parsed ? placeOf(parsed.doc, parsed.lineCounter, fieldPath) : undefined;
  if (!loaded.ok) return { findings: loaded.findings, placeOf: place };
  const cut = parsed ? cutByComments(parsed.doc, parsed.lineCounter, file) : [];
  if (cut.length > 0) return { findings: cut, placeOf: place };
  return { registry: loaded.value, findings: [], placeOf: place };
}

/**
 * "PKCS #11" in an unquoted value ends the value: YAML reads " #" as the start of a comment. A
 * plain scalar followed by a comment on its line is almost always that mistake.
 */
function cutByComments(
  doc: Parameters<typeof visit>[0],
  lineCounter: LineCounter,
  file: string,
): Finding[] {
  const findings: Finding[] = [];
  visit(doc, {
    Scalar(_key, node) {
      if (!isScalar(node) || node.type !== 'PLAIN' || !node.comment || !node.range) return;
      const { line, col } = lineCounter.linePos(node.range[0]);
      findings.push({
        file,
        line,
        col,
        rule: 'cut-by-comment',
        message: `the value ends at " #", which YAML reads as a comment; quote it: '${String(node.value)} #${node.comment}'`,
      });
    },
  });
  return findings;
}
