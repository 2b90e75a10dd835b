/**
 * Cross-references into the base specification: every "[PKCS11-Spec-v3.2] section N.N" is looked
 * up in the specification's own headings at 3.2 (data/pkcs11-spec-v3.2-headings.tsv). A number
 * that does not exist is reported; so is one whose title shares no word with the sentence that
 * cites it, the sign of a number carried over from an older edition.
 */
import { loadSpecHeadings, type SpecHeadings } from '../spec-headings';
import { positionOf, scanCode } from '../markdown';
import type { AuditCheck, Finding } from '../types';

const REFERENCE = /\[PKCS11-Spec-v3\.2\]\s*(?:,\s*)?(?:section|§)\s*(\d+(?:\.\d+)*)/gi;

const STOP_WORDS = new Set(
  'a an and are as at be by for from in into is it of on or see that the this to with more information details provided cryptoki pkcs11 spec section'.split(
    ' ',
  ),
);

/** Content words, cut to a five-letter stem so that "operations" meets "operation". */
function stems(text: string): Set<string> {
  return new Set(
    (text.toLowerCase().match(/[a-z][a-z-]+/g) ?? [])
      .flatMap((word) => word.split('-'))
      .filter((word) => word.length > 2 && !STOP_WORDS.has(word))
      .map((word) => word.slice(0, 5)),
  );
}

/** The sentence around an offset: from the previous full stop to the next one. */
function sentenceAround(text: string, start: number, end: number): string {
  const before = text.slice(0, start);
  const from = Math.max(before.lastIndexOf('. '), before.lastIndexOf('\n\n')) + 1;
  const next = text.slice(end).search(/\.(\s|$)/);
  return text.slice(from, next === -1 ? text.length : end + next);
}

export function checkSpecReferences(
  path: string,
  text: string,
  spec: SpecHeadings,
  rule: string,
): Finding[] {
  const findings: Finding[] = [];
  const { inCode } = scanCode(text);
  for (const match of text.matchAll(REFERENCE)) {
    const { line, col } = positionOf(text, match.index);
    if (inCode[line - 1] === true) continue;
    const number = match[1] ?? '';
    const heading = spec.headings.get(number);
    const at = { file: path, line, col, rule };
    if (heading === undefined) {
      findings.push({
        ...at,
        message: `[PKCS11-Spec-v3.2] has no section ${number} (headings at commit ${spec.commit.slice(0, 7)})`,
      });
      continue;
    }
    const sentence = sentenceAround(text, match.index, match.index + match[0].length).replace(
      match[0],
      '',
    );
    const shared = [...stems(heading.title)].filter((stem) => stems(sentence).has(stem));
    if (shared.length === 0) {
      findings.push({
        ...at,
        message: `[PKCS11-Spec-v3.2] section ${number} is "${heading.title}", which shares no word with the sentence citing it: check the section number`,
      });
    }
  }
  return findings;
}

export const specReferencesCheck: AuditCheck = {
  name: 'spec-references',
  description:
    '"[PKCS11-Spec-v3.2] section N.N" exists in the 3.2 specification and its title fits the citing sentence.',
  run(chapters, context) {
    const spec = loadSpecHeadings(context.siteDir);
    return chapters.flatMap((chapter) =>
      checkSpecReferences(chapter.path, chapter.text, spec, this.name),
    );
  },
};
