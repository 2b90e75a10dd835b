/**
 * Upper-case BCP 14 keywords in the Committee Note: the wording lint's `bcp14-keywords` rule
 * (src/lib/wording/lint/rules/bcp14-keywords.ts), quotations of the base specification excepted.
 */
import type { AuditCheck } from '../types';
import { wordingFindings } from './wording';

export const bcp14Check: AuditCheck = {
  name: 'bcp14-keywords',
  description:
    'Upper-case MUST, SHOULD, MAY … outside quotations of the base specification (a Committee Note states no requirements).',
  run: (chapters, context) =>
    wordingFindings(chapters, context, 'bcp14-keywords', 'bcp14-keywords'),
};
