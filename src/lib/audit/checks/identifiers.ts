/**
 * PKCS #11 identifiers against the 3.2 identifier data (data/pkcs11-identifiers.tsv, from the
 * OASIS headers 2.40–3.2): unknown names with a "did you mean" (the wording lint's
 * `pkcs11-identifiers` rule), and names the 3.2 headers no longer have, with the nearest 3.2
 * name, since a v3.2 guide should not send readers to them without saying so.
 */
import { closestIdentifier, IDENTIFIER_PATTERN } from '../../wording/lint/identifiers';
import { scanCode } from '../markdown';
import type { AuditCheck, Finding } from '../types';
import { identifierTable, wordingFindings } from './wording';

export const identifiersCheck: AuditCheck = {
  name: 'pkcs11-identifiers',
  description:
    'Every C_, CK_ and CK?_ name is a PKCS #11 3.2 identifier; near misses get a "did you mean", names dropped before 3.2 a note.',
  async run(chapters, context) {
    const findings = await wordingFindings(chapters, context, 'pkcs11-identifiers', this.name);
    const table = identifierTable(context);
    const current = new Map([...table].filter(([, entry]) => entry.last === '3.2'));
    for (const chapter of chapters) {
      const { inCode } = scanCode(chapter.text);
      chapter.text.split('\n').forEach((line, index) => {
        if (inCode[index] === true) return;
        for (const match of line.matchAll(IDENTIFIER_PATTERN)) {
          const entry = table.get(match[0]);
          if (entry === undefined || entry.last === '3.2') continue;
          const hint = closestIdentifier(entry.name, current);
          const finding: Finding = {
            file: chapter.path,
            line: index + 1,
            col: match.index + 1,
            rule: this.name,
            message: `\`${entry.name}\` is not in the PKCS #11 3.2 headers (last in ${entry.last})${hint === undefined ? '' : `; the nearest 3.2 name is \`${hint}\``}`,
          };
          findings.push(finding);
        }
      });
    }
    return findings;
  },
};
