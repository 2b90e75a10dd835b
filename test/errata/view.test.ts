/**
 * The errata pages' view of a record (src/plugins/errata/view.ts): each affected section links
 * the TC's published HTML of its document stage.
 */
import { describe, expect, it } from 'vitest';

import { OASIS_DOCUMENTS } from '../../src/data/oasis-documents';
import { errataPaths, validateErrata, validRecords } from '../../src/lib/errata';
import { summariseErratum, viewErratum } from '../../src/plugins/errata/view';

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

  it('shows an audit finding among the threads: check, file, line and commit, with its key', async () => {
    const records = validRecords((await validateErrata(errataPaths(process.cwd()))).set);
    const record = records.find((candidate) => candidate.id === 'E-0002');
    expect(record).toBeDefined();
    if (record === undefined) return;
    expect(viewErratum(record, '/errata/E-0002').threads).toEqual([
      {
        kind: 'audit',
        label:
          'guide audit, spec-references check: working/doc/ug/General_Overview.md line 422 at 1c31190',
        detail: 'finding audit-bd2ca5ef7a011ba4',
        lastActivity: '2026-12-06',
      },
    ]);
  });
});

describe('an upstream thread (the drift watch) on an erratum page', () => {
  it('names the repository, file and commit, and links the commit', async () => {
    const records = validRecords((await validateErrata(errataPaths(process.cwd()))).set);
    const record = records[0];
    if (record === undefined) throw new Error('no record to show');
    const commit = 'a'.repeat(40);
    const view = viewErratum(
      {
        ...record,
        threads: [
          {
            kind: 'upstream',
            erratum: record.id,
            repository: 'oasis-tcs/pkcs11',
            path: 'working/doc/ug/General_Overview.md',
            section: '2.5.2',
            commit,
            url: `https://github.com/oasis-tcs/pkcs11/commit/${commit}`,
            lastActivity: '2026-12-06',
          },
        ],
      },
      `/errata/${record.id}`,
    );
    expect(view.threads).toEqual([
      {
        kind: 'upstream',
        label: 'oasis-tcs/pkcs11 working/doc/ug/General_Overview.md at aaaaaaaaaaaa',
        url: `https://github.com/oasis-tcs/pkcs11/commit/${commit}`,
        detail: '§2.5.2 changed upstream',
        lastActivity: '2026-12-06',
      },
    ]);
  });
});
