/**
 * The PKCS #11 identifier table (`data/pkcs11-identifiers.tsv`, a copy of the project's data file
 * listing every name of the OASIS headers 2.40–3.2 with the first and last version that has it),
 * and the version arithmetic the identifier rule needs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const IDENTIFIERS_FILE = path.join('data', 'pkcs11-identifiers.tsv');

/** The published header versions the table covers, oldest first. */
export const PKCS11_VERSIONS = ['2.40', '3.0', '3.1', '3.2'] as const;
export type Pkcs11Version = (typeof PKCS11_VERSIONS)[number];

export interface Pkcs11Identifier {
  name: string;
  kind: 'function' | 'constant' | 'type';
  since: Pkcs11Version;
  last: Pkcs11Version;
}

export type IdentifierTable = ReadonlyMap<string, Pkcs11Identifier>;

/** A name as the guide writes one: `C_` functions, `CK_` types and every `CK?_` prefix. */
export const IDENTIFIER_PATTERN = /(?<![\w])(?:C_[A-Za-z0-9]+|CK[A-Z]?_[A-Za-z0-9_]*[A-Za-z0-9])/g;

export function isPkcs11Version(value: string): value is Pkcs11Version {
  return (PKCS11_VERSIONS as readonly string[]).includes(value);
}

/** Negative when `a` is older than `b`, by position in the published list. */
export function compareVersions(a: Pkcs11Version, b: Pkcs11Version): number {
  return PKCS11_VERSIONS.indexOf(a) - PKCS11_VERSIONS.indexOf(b);
}

/** Parses the table; a malformed line throws an error naming the file and line. */
export function parseIdentifierTable(text: string, file = IDENTIFIERS_FILE): IdentifierTable {
  const table = new Map<string, Pkcs11Identifier>();
  let header = false;
  for (const [index, line] of text.split('\n').entries()) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const fields = line.split('\t');
    const where = `${file}:${String(index + 1)}`;
    if (!header) {
      if (fields.join(',') !== 'name,kind,value,since,last') {
        throw new Error(`${where}: expected the header line "name kind value since last"`);
      }
      header = true;
      continue;
    }
    const [name = '', kind = '', , since = '', last = ''] = fields;
    if (kind !== 'function' && kind !== 'constant' && kind !== 'type') {
      throw new Error(`${where}: field "kind" is "${kind}", expected function, constant or type`);
    }
    if (!isPkcs11Version(since)) throw new Error(`${where}: field "since" is "${since}"`);
    if (!isPkcs11Version(last)) throw new Error(`${where}: field "last" is "${last}"`);
    table.set(name, { name, kind, since, last });
  }
  if (table.size === 0) throw new Error(`${file}: no identifiers`);
  return table;
}

export function loadIdentifierTable(siteDir = '.'): IdentifierTable {
  const file = path.join(siteDir, IDENTIFIERS_FILE);
  return parseIdentifierTable(readFileSync(file, 'utf8'), file);
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

/** The closest known name with the same prefix, for a "did you mean" hint on a typo. */
export function closestIdentifier(name: string, table: IdentifierTable): string | undefined {
  const prefix = name.slice(0, name.indexOf('_') + 1);
  let best: { name: string; distance: number } | undefined;
  for (const candidate of table.keys()) {
    if (!candidate.startsWith(prefix)) continue;
    const distance = editDistance(name.toUpperCase(), candidate.toUpperCase(), 3);
    if (distance <= 3 && (best === undefined || distance < best.distance)) {
      best = { name: candidate, distance };
    }
  }
  return best?.name;
}
