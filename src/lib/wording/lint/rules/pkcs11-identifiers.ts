/**
 * PKCS #11 identifiers. Every `C_…`, `CK_…` and `CK?_…` name in prose and inline code must be
 * a name of the OASIS headers, and available in the versions the page targets (front matter
 * `pkcs11: ['2.40', '3.2']`). A name introduced after the first targeted version is marked as
 * such at its first mention on the page, by naming the version in the same paragraph or table
 * row ("the 3.0 function `C_GetInterface`"), so that a reader of the 2.40 headers is not sent
 * looking for it. The table is `data/pkcs11-identifiers.tsv`.
 */
import type { Root } from 'mdast';
import { lintRule } from 'unified-lint-rule';
import type { VFile } from 'vfile';
import { parse as parseYaml } from 'yaml';
import {
  closestIdentifier,
  compareVersions,
  IDENTIFIER_PATTERN,
  isPkcs11Version,
  loadIdentifierTable,
  PKCS11_VERSIONS,
  type IdentifierTable,
  type Pkcs11Identifier,
  type Pkcs11Version,
} from '../identifiers';
import { placeOf, proseRuns, type ProseRun } from '../prose';
import { RULE_SOURCE, type RuleDocs } from '../rule-docs';

export interface Pkcs11IdentifiersOptions {
  /** The identifier table; read from data/pkcs11-identifiers.tsv when not given. */
  table?: IdentifierTable;
}

export const docs: RuleDocs = {
  id: 'pkcs11-identifiers',
  summary: 'PKCS #11 names exist, and names newer than the targeted versions say so.',
  description: `Every \`C_…\`, \`CK_…\` and \`CK?_…\` name (CKR, CKF, CKA, CKM, CKO, CKU, CKS,
CKK, CKD, CKG, CKH, CKC, CKN, CKP, CKZ, …) in prose and inline code is checked against the
identifiers of the OASIS headers 2.40–3.2 (\`data/pkcs11-identifiers.tsv\`); an unknown name
gets the nearest known one as a hint. A page says which versions it targets in its front matter,
\`pkcs11: ['2.40', '3.2']\` (quote the versions: YAML reads 2.40 as 2.4). A name that first
appeared in a later version than the first targeted one must name its version in the paragraph
(or table row) of its first mention on the page; a name dropped before the last targeted version likewise.
A trailing \`*\` or \`…\` (\`CKM_SHA256_*\`) names a family: some name must start with it.`,
  examples: [
    {
      name: 'ok.md',
      input: `---
pkcs11: ['2.40', '3.2']
---

# Interfaces

\`C_Initialize\` returns \`CKR_OK\` or \`CKR_CRYPTOKI_ALREADY_INITIALIZED\`.
Since 3.0, \`C_GetInterface\` can ask for \`CKF_INTERFACE_FORK_SAFE\`.
Later \`C_GetInterface\` calls need no mark in the same section, and \`CKM_SHA256_*\` is a family.
`,
      output: [],
    },
    {
      name: 'not-ok.md',
      input: `---
pkcs11: ['2.40', '3.2']
---

# Interfaces

\`C_Initialise\` and CKR_NOT_A_CODE are not PKCS #11 names.

A module offers \`C_GetInterface\`.

## Next section

\`CKF_INTERFACE_FORK_SAFE\` is a 3.0 flag; \`C_GetInterface\` needs no second mark on the page.
`,
      output: [
        '7:1-7:15: `C_Initialise` is not a PKCS #11 identifier of the OASIS headers 2.40–3.2; did you mean `C_Initialize`?',
        '7:20-7:34: `CKR_NOT_A_CODE` is not a PKCS #11 identifier of the OASIS headers 2.40–3.2',
        '9:17-9:33: `C_GetInterface` first appeared in PKCS #11 3.0, after 2.40, which this page targets: name the version in the paragraph of its first mention on the page (e.g. "the 3.0 function")',
      ],
    },
    {
      name: 'bad-front-matter.md',
      input: `---
pkcs11: [2.40, '4.0']
---

Text.
`,
      output: [
        "2:1-2:22: Front matter `pkcs11` must be two quoted versions ['from', 'to'] out of 2.40, 3.0, 3.1, 3.2, oldest first",
      ],
    },
  ],
};

interface Target {
  from: Pkcs11Version;
  to: Pkcs11Version;
}

type Place = ReturnType<typeof placeOf>;

function frontMatterTarget(tree: Root, file: VFile): Target | undefined {
  const yaml = tree.children.find((node) => node.type === 'yaml');
  if (yaml === undefined) return undefined;
  let data: unknown;
  try {
    data = parseYaml(yaml.value);
  } catch {
    return undefined; // Docusaurus itself reports front matter that is not YAML.
  }
  if (typeof data !== 'object' || data === null || !('pkcs11' in data)) return undefined;
  const value: unknown = data.pkcs11;
  const versions = Array.isArray(value) ? value.map(String) : [];
  const [from = '', to = ''] = versions;
  if (
    versions.length === 2 &&
    isPkcs11Version(from) &&
    isPkcs11Version(to) &&
    compareVersions(from, to) <= 0
  ) {
    return { from, to };
  }
  const lines = yaml.value.split('\n');
  const index = lines.findIndex((line) => line.startsWith('pkcs11:'));
  const line = (yaml.position?.start.line ?? 1) + 1 + index;
  file.message(
    `Front matter \`pkcs11\` must be two quoted versions ['from', 'to'] out of ${PKCS11_VERSIONS.join(', ')}, oldest first`,
    {
      place: {
        start: { line, column: 1 },
        end: { line, column: (lines[index] ?? '').length + 1 },
      },
    },
  );
  return undefined;
}

/** Names a version at or after `since` (and within the targets) in the text? */
function versionNamed(text: string, since: Pkcs11Version, target: Target): boolean {
  for (const match of text.matchAll(/(?<![\d.])(\d\.\d+)(?![\d.]*\d)/g)) {
    const version = match[1] ?? '';
    if (
      isPkcs11Version(version) &&
      compareVersions(version, since) >= 0 &&
      compareVersions(version, target.to) <= 0
    ) {
      return true;
    }
  }
  return false;
}

interface Mention {
  name: string;
  family: boolean;
  index: number;
  end: number;
}

function mentionsOf(run: ProseRun): Mention[] {
  const mentions: Mention[] = [];
  for (const match of run.text.matchAll(IDENTIFIER_PATTERN)) {
    const end = match.index + match[0].length;
    const family = /^_?[*…]/.test(run.text.slice(end));
    mentions.push({ name: match[0], family, index: match.index, end });
  }
  return mentions;
}

function checkVersions(
  entry: Pkcs11Identifier,
  target: Target,
  context: string,
  report: (reason: string) => void,
): void {
  if (compareVersions(entry.since, target.to) > 0) {
    report(
      `\`${entry.name}\` first appeared in PKCS #11 ${entry.since}, after every version this page targets (${target.from}–${target.to})`,
    );
  } else if (
    compareVersions(entry.since, target.from) > 0 &&
    !versionNamed(context, entry.since, target)
  ) {
    report(
      `\`${entry.name}\` first appeared in PKCS #11 ${entry.since}, after ${target.from}, which this page targets: name the version in the paragraph of its first mention on the page (e.g. "the ${entry.since} ${entry.kind}")`,
    );
  } else if (
    compareVersions(entry.last, target.to) < 0 &&
    !/\b(?:removed|deprecated|until)\b/i.test(context)
  ) {
    report(
      `\`${entry.name}\` was dropped after PKCS #11 ${entry.last}, before ${target.to}, which this page targets: say so in the paragraph of its first mention on the page`,
    );
  }
}

export const pkcs11Identifiers = lintRule<Root, Pkcs11IdentifiersOptions | undefined>(
  { origin: `${RULE_SOURCE}:${docs.id}`, url: 'src/lib/wording/lint/rules/pkcs11-identifiers.ts' },
  (tree, file, options) => {
    const table = options?.table ?? loadIdentifierTable();
    const target = frontMatterTarget(tree, file);
    const seen = new Set<string>();
    for (const run of proseRuns(tree)) {
      for (const mention of mentionsOf(run)) {
        const place: Place = placeOf(run, mention.index, mention.end, file);
        const report = (reason: string): void => {
          file.message(reason, { place });
        };
        if (mention.family) {
          const prefix = mention.name;
          if (![...table.keys()].some((name) => name.startsWith(prefix))) {
            report(`No PKCS #11 identifier starts with \`${prefix}\``);
          }
          continue;
        }
        const entry = table.get(mention.name);
        if (entry === undefined) {
          const hint = closestIdentifier(mention.name, table);
          report(
            `\`${mention.name}\` is not a PKCS #11 identifier of the OASIS headers 2.40–3.2${hint === undefined ? '' : `; did you mean \`${hint}\`?`}`,
          );
          continue;
        }
        if (target === undefined || seen.has(entry.name)) continue;
        seen.add(entry.name);
        checkVersions(entry, target, run.context, report);
      }
    }
  },
);
