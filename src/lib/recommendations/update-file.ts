/**
 * `guide update`: the generated statement lists of the proposed text rewritten from the registry,
 * the rest of the file left as it is. The file is written only when something changed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../findings';
import { PROPOSED_TEXT_FILE } from './check';
import { loadRegistry } from './load';
import { updateProposedText } from './proposed-text';

export type ProposedTextUpdate =
  /** The registry does not load: nothing to render from. */
  | { kind: 'invalid-registry'; findings: Finding[] }
  /** Blocks of the page that cannot be rendered, as `file:line: message`; nothing written. */
  | { kind: 'problems'; problems: string[] }
  | { kind: 'unchanged' }
  | { kind: 'updated' };

export async function updateProposedTextFile(siteDir: string): Promise<ProposedTextUpdate> {
  const loaded = await loadRegistry(siteDir);
  if (!loaded.registry) return { kind: 'invalid-registry', findings: loaded.findings };
  const file = path.join(siteDir, PROPOSED_TEXT_FILE);
  const text = await readFile(file, 'utf8');
  const updated = updateProposedText(text, loaded.registry);
  if (updated.problems.length > 0)
    return {
      kind: 'problems',
      problems: updated.problems.map(
        (problem) => `${PROPOSED_TEXT_FILE}:${problem.line}: ${problem.message}`,
      ),
    };
  if (updated.text === text) return { kind: 'unchanged' };
  await writeFile(file, updated.text);
  return { kind: 'updated' };
}
