/**
 * Document citations against the project's table of OASIS documents (src/data/oasis-documents.ts,
 * each entry checked against the document's own front matter): a citation that names a PKCS #11
 * document and version with a stage ("OASIS Standard", "Committee Note 02", …) must name a stage
 * that document has, and a PKCS #11 version is written as the TC numbers it (3.2, not 3.20).
 */
import { OASIS_DOCUMENTS } from '../../../data/oasis-documents';
import { positionOf, scanCode } from '../markdown';
import type { AuditCheck, Finding } from '../types';

type Kind = 'Usage Guide' | 'Specification';

/** "PKCS #11 [Cryptographic Token Interface] Usage Guide|[Base] Specification Version N.N". */
const CITATION =
  /PKCS\s+#11\s+(?:Cryptographic\s+Token\s+Interface\s+)?(Usage\s+Guide|(?:Base\s+)?Specification)\s+Version\s+(\d+\.\d+)/g;
const STAGE =
  /OASIS\s+Standard|Committee\s+Specification\s+Draft(?:\s+(\d\d))?|Committee\s+Specification(?:\s+(\d\d))?|Committee\s+Note(?:\s+(\d\d))?/;
const VERSION = /PKCS\s+#11\s+(?:[A-Za-z ]+?\s+)?Version\s+(3\.\d0)\b/g;

function kindOf(id: string): Kind {
  return id.startsWith('ug-') ? 'Usage Guide' : 'Specification';
}

/** The stage codes a stage phrase stands for: `Committee Note` alone stands for any CN. */
function stageCodes(phrase: RegExpExecArray): (code: string) => boolean {
  const text = phrase[0].replace(/\s+/g, ' ');
  const number = phrase[1] ?? phrase[2] ?? phrase[3];
  const prefix = text.startsWith('OASIS')
    ? 'OS'
    : text.includes('Draft')
      ? 'CSD'
      : text.includes('Note')
        ? 'CN'
        : 'CS';
  return (code) =>
    prefix === 'OS'
      ? code.startsWith('OS')
      : number === undefined
        ? new RegExp(`^${prefix}\\d`).test(code)
        : code === `${prefix}${number}`;
}

/** The paragraph (up to a blank line or a list item) that starts at `index`. */
function restOfParagraph(text: string, index: number): string {
  const end = text.slice(index).search(/\n\s*\n|\n\s*[*-]\s/);
  return text.slice(index, end === -1 ? text.length : index + end);
}

export function checkReferences(path: string, text: string, rule: string): Finding[] {
  const findings: Finding[] = [];
  const { inCode } = scanCode(text);
  const at = (index: number, message: string): void => {
    const { line, col } = positionOf(text, index);
    if (inCode[line - 1] !== true) findings.push({ file: path, line, col, rule, message });
  };
  for (const match of text.matchAll(CITATION)) {
    const kind: Kind = match[1]?.startsWith('Usage') === true ? 'Usage Guide' : 'Specification';
    const version = match[2] ?? '';
    const known = OASIS_DOCUMENTS.filter(
      (document) => kindOf(document.id) === kind && document.version === version,
    );
    if (known.length === 0) continue;
    const stage = STAGE.exec(restOfParagraph(text, match.index + match[0].length));
    if (stage === null) continue;
    const fits = stageCodes(stage);
    if (!known.some((document) => fits(document.stage))) {
      at(
        match.index,
        `The citation calls PKCS #11 ${kind} ${version} "${stage[0].replace(/\s+/g, ' ')}"; src/data/oasis-documents.ts knows it only as ${known.map((document) => `${document.stageName} (${document.date})`).join(', ')}`,
      );
    }
  }
  for (const match of text.matchAll(VERSION)) {
    const version = match[1] ?? '';
    at(
      match.index + match[0].length - version.length,
      `PKCS #11 Version ${version}: the TC numbers the version ${version.replace(/0$/, '')}`,
    );
  }
  return findings;
}

export const referencesCheck: AuditCheck = {
  name: 'references',
  description:
    'Citations of PKCS #11 documents name a stage the document has (src/data/oasis-documents.ts); versions are written 3.2, not 3.20.',
  run(chapters) {
    return chapters.flatMap((chapter) => checkReferences(chapter.path, chapter.text, this.name));
  },
};
