/**
 * Spelling with cspell (cspell-lib, its English dictionaries and Markdown handling) plus the
 * project's word list for PKCS #11 vocabulary and names (data/guide-audit-words.txt, one word a
 * line, `#` comments). PKCS #11 identifiers, URLs and pandoc attributes are not words.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { positionOf } from '../markdown';
import type { AuditCheck, Finding } from '../types';

export const WORDS_FILE = path.join('data', 'guide-audit-words.txt');

export function loadWords(siteDir: string): string[] {
  return readFileSync(path.join(siteDir, WORDS_FILE), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

const IGNORED = [
  '/\\b(?:C|CK[A-Z]?)_\\w+/g',
  '/\\{[#.][^}]*\\}/g',
  '/<https?:[^>]*>/g',
  '/\\(https?:[^)]*\\)/g',
  '/\\[https?:[^\\]]*\\]/g',
];

export const spellingCheck: AuditCheck = {
  name: 'spelling',
  description:
    'Spelling (cspell, English) with the project word list for PKCS #11 vocabulary and names.',
  async run(chapters, context) {
    const words = loadWords(context.siteDir);
    // cspell-lib is ESM only (its exports offer no require condition): load it with import().
    const { spellCheckDocument } = await import('cspell-lib');
    // One document for the whole guide: cspell's set-up per document costs seconds, the check
    // itself milliseconds. Offsets are mapped back to each chapter.
    const starts: number[] = [];
    let text = '';
    for (const chapter of chapters) {
      starts.push(text.length);
      text += `${chapter.text}\n\n`;
    }
    const result = await spellCheckDocument(
      {
        uri: pathToFileURL(path.resolve('guide.md')).href,
        text,
        languageId: 'markdown',
        locale: 'en',
      },
      { generateSuggestions: true, noConfigSearch: true },
      { language: 'en', words, ignoreRegExpList: IGNORED },
    );
    if (result.errors !== undefined && result.errors.length > 0) {
      throw new Error(`cspell could not check the guide: ${result.errors[0]?.message ?? ''}`);
    }
    const findings: Finding[] = [];
    for (const issue of result.issues) {
      let index = starts.length - 1;
      while (index > 0 && (starts[index] ?? 0) > issue.offset) index--;
      const chapter = chapters[index];
      if (chapter === undefined) continue;
      const { line, col } = positionOf(chapter.text, issue.offset - (starts[index] ?? 0));
      const suggestions = (issue.suggestions ?? []).slice(0, 3);
      findings.push({
        file: chapter.path,
        line,
        col,
        rule: this.name,
        message: `Unknown word "${issue.text}"${suggestions.length === 0 ? '' : `; did you mean ${suggestions.map((word) => `"${word}"`).join(' or ')}?`} (a correct name or term goes into ${WORDS_FILE})`,
      });
    }
    return findings;
  },
};
