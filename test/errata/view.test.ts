/**
 * The errata pages' view of a record (src/plugins/errata/view.ts): each affected section links
 * the TC's published HTML of its document stage.
 */
import { describe, expect, it } from 'vitest';

import { OASIS_DOCUMENTS } from '../../src/data/oasis-documents';
import { errataPaths, validateErrata, validRecords } from '../../src/lib/errata';
import { summariseErratum } from '../../src/plugins/errata/view';

describe('the errata view', () => {
  it('links every affected section to the published HTML of its document stage', async () => {
    const records = validRecords((await validateErrata(errataPaths(process.cwd()))).set);
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      const summary = summariseErratum(record, `/errata/${record.id}`);
      for (const affected of summary.affects) {
        const document = OASIS_DOCUMENTS.find((candidate) => candidate.id === affected.document);
        expect(affected.url).toBe(document?.htmlUrl);
        expect(affected.url).toMatch(/^https:\/\/docs\.oasis-open\.org\/pkcs11\/.+\.html$/);
      }
    }
  });
});
