/**
 * What an audit proposal says about its finding: the corrected text when the check's message names
 * the fix (a spelling hint, the lower-case keyword, the nearest identifier), else an instruction in
 * a sentence; and a title-length form of the message.
 */
import { quoteExcerpt, type Excerpt } from './excerpt';
import type { Finding } from './types';

/** A text fix the check can state: `flagged`, at the finding's column, becomes `replacement`. */
interface Correction {
  flagged: string;
  replacement: string;
}

function correctionOf(finding: Finding): Correction | undefined {
  const message = finding.message;
  switch (finding.rule) {
    case 'pkcs11-identifiers': {
      const flagged = /^`([^`]+)`/.exec(message)?.[1];
      const hint = /(?:did you mean|the nearest 3\.2 name is) `([^`]+)`/.exec(message)?.[1];
      return flagged && hint ? { flagged, replacement: hint } : undefined;
    }
    case 'bcp14-keywords': {
      const flagged = /`([^`]+)`/.exec(message)?.[1];
      return flagged ? { flagged, replacement: flagged.toLowerCase() } : undefined;
    }
    case 'spelling': {
      const flagged = /^Unknown word "([^"]+)"/.exec(message)?.[1];
      const hint = /did you mean "([^"]+)"/.exec(message)?.[1];
      return flagged && hint ? { flagged, replacement: hint } : undefined;
    }
    case 'references': {
      const version = /^PKCS #11 Version (\d+\.\d+): the TC numbers the version (\d+\.\d+)/.exec(
        message,
      );
      return version?.[1] && version[2]
        ? { flagged: version[1], replacement: version[2] }
        : undefined;
    }
    default:
      return undefined;
  }
}

export const sentenceOf = (text: string): string => `${text.trim().replace(/[.\s]+$/, '')}.`;

/** What to correct, in a sentence, when the check cannot write the corrected text itself. */
function instructionOf(finding: Finding): string {
  const message = finding.message;
  switch (finding.rule) {
    case 'pkcs11-identifiers': {
      const name = /^`([^`]+)`/.exec(message)?.[1] ?? 'the identifier';
      return `Name an identifier that the PKCS #11 3.2 headers define in place of ${name}.`;
    }
    case 'spelling': {
      const word = /^Unknown word "([^"]+)"/.exec(message)?.[1] ?? 'the word';
      return `Correct the spelling of "${word}".`;
    }
    case 'references': {
      const stages = /knows it only as (.*)$/.exec(message)?.[1];
      return stages === undefined
        ? sentenceOf(`Correct the citation: ${message}`)
        : sentenceOf(`Cite the document by a stage it has: ${stages}`);
    }
    case 'spec-references':
      return sentenceOf(
        `Cite the section of the specification that covers this sentence: ${message.replace(/: check the section number$/, '')}`,
      );
    case 'c-code':
      return sentenceOf(
        `Make the code compile against the PKCS #11 headers; ${message.replace(/ \(block compiled as [\s\S]*$/, '')}`,
      );
    case 'structure':
      return sentenceOf(`Correct the Markdown: ${message}`);
    default:
      return sentenceOf(`Correct what the ${finding.rule} check reports: ${message}`);
  }
}

/** The message up to its first clause break, short enough for a title. */
export function shortMessage(message: string): string {
  const cut =
    message.split(/; | \(|, which |: pandoc |: expected |: write |: check /)[0] ?? message;
  return cut.length <= 140 ? cut : `${cut.slice(0, cut.lastIndexOf(' ', 139))}…`;
}

/** The quotation and the proposed text of a finding. */
export function proposalTexts(
  finding: Finding,
  excerpt: Excerpt,
): { original: string; proposed: string } {
  const original = quoteExcerpt(excerpt);
  const correction = correctionOf(finding);
  const { sentence, at } = excerpt;
  if (correction !== undefined && sentence.startsWith(correction.flagged, at)) {
    const corrected = {
      sentence: `${sentence.slice(0, at)}${correction.replacement}${sentence.slice(at + correction.flagged.length)}`,
      at,
    };
    return { original, proposed: quoteExcerpt(corrected) };
  }
  return { original, proposed: instructionOf(finding) };
}
