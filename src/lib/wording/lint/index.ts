/**
 * The wording lint: the rules of `rules/`, run over guide pages with the same parser the site
 * uses (remark with GFM, MDX for .mdx, YAML front matter). Each message becomes a `Finding`,
 * the shape every checker of the project reports in.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkMessageControl from 'remark-message-control';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import type { Finding } from '../../findings';
import { loadIdentifierTable, type IdentifierTable } from './identifiers';
import { RULE_SOURCE, type RuleDocs } from './rule-docs';
import * as bcp14 from './rules/bcp14-keywords';
import * as figures from './rules/measured-figures';
import * as identifiers from './rules/pkcs11-identifiers';
import * as posix from './rules/posix-links';

export { SPEC_QUOTE_MARKER } from './prose';
export type { RuleDocs, RuleExample } from './rule-docs';
export { loadIdentifierTable, parseIdentifierTable, type IdentifierTable } from './identifiers';

/** Every rule's documentation, in the order rules run. */
export const RULE_DOCS: readonly RuleDocs[] = [
  bcp14.docs,
  identifiers.docs,
  posix.docs,
  figures.docs,
];

export interface LintOptions {
  table?: IdentifierTable;
}

export function isGuidePage(file: string): boolean {
  return /\.mdx?$/.test(file);
}

/** Lints one page's source; `file` is the path shown in findings (and decides MDX by extension). */
export async function lintSource(
  source: string,
  file: string,
  options: LintOptions = {},
): Promise<Finding[]> {
  const table = options.table ?? loadIdentifierTable();
  const mdx = file.endsWith('.mdx');
  const processor = unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkGfm)
    .use(mdx ? [remarkMdx] : [])
    .use(bcp14.bcp14Keywords)
    .use(identifiers.pkcs11Identifiers, { table })
    .use(posix.posixLinks)
    .use(figures.measuredFigures)
    // Last: `lint disable|enable|ignore <rule>` comments, as remark-lint reads them, filter
    // the messages the rules made.
    .use(remarkMessageControl, {
      name: 'lint',
      source: RULE_SOURCE,
      known: RULE_DOCS.map((docs) => docs.id),
    });
  const vfile = new VFile({ path: file, value: source });
  let tree: Root;
  try {
    tree = processor.parse(vfile);
  } catch (error) {
    // A page that does not parse cannot be linted; say where, as the site build would.
    const place = error as { line?: number; column?: number; reason?: string; message?: string };
    return [
      {
        file,
        ...(place.line === undefined ? {} : { line: place.line }),
        ...(place.column === undefined ? {} : { col: place.column }),
        rule: 'parse',
        message: place.reason ?? place.message ?? String(error),
      },
    ];
  }
  await processor.run(tree, vfile);
  return vfile.messages.map((message) => ({
    file,
    ...(message.line === undefined ? {} : { line: message.line }),
    ...(message.column === undefined ? {} : { col: message.column }),
    ...(message.place && 'end' in message.place
      ? { endLine: message.place.end.line, endCol: message.place.end.column }
      : {}),
    rule: message.ruleId ?? 'wording',
    message: message.reason,
  }));
}

/** Every .md and .mdx file under a folder, sorted, as paths joined onto `dir`. */
export async function guidePages(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && isGuidePage(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

export async function lintFiles(
  files: readonly string[],
  options: LintOptions = {},
): Promise<Finding[]> {
  const table = options.table ?? loadIdentifierTable();
  const findings: Finding[] = [];
  for (const file of files) {
    findings.push(
      ...(await lintSource(await readFile(file, 'utf8'), file.split(path.sep).join('/'), {
        table,
      })),
    );
  }
  return findings;
}
