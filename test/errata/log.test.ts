import { describe, expect, test } from 'vitest';
import {
  byLastActivity,
  filterErrata,
  formatCsv,
  lastActivity,
  loadErrataSet,
  logCsv,
  logMarkdown,
  neutraliseCsvCell,
  validRecords,
  type Erratum,
} from '../../src/lib/errata';
import { errataPaths } from '../../src/lib/errata';
import { FIXTURE_SITE } from './fixture-site';

async function fixtureRecords(): Promise<Erratum[]> {
  return validRecords(await loadErrataSet(errataPaths(FIXTURE_SITE)));
}

describe('the Comment Resolution Log', () => {
  test('CSV cells a spreadsheet would run as formulas get a leading apostrophe', () => {
    expect(neutraliseCsvCell('=HYPERLINK("http://x")')).toBe(`'=HYPERLINK("http://x")`);
    expect(neutraliseCsvCell('+1')).toBe("'+1");
    expect(neutraliseCsvCell('-2+3')).toBe("'-2+3");
    expect(neutraliseCsvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseCsvCell('\tx')).toBe("'\tx");
    expect(neutraliseCsvCell('\rx')).toBe("'\rx");
    expect(neutraliseCsvCell('A plain summary')).toBe('A plain summary');
    expect(neutraliseCsvCell('2024-01-05')).toBe('2024-01-05');
  });

  test('CSV quoting follows RFC 4180', () => {
    expect(formatCsv([['plain'], ['a, b'], ['say "hi"'], ['two\nlines'], ['cr\r']])).toBe(
      'plain\r\n"a, b"\r\n"say ""hi"""\r\n"two\nlines"\r\n"cr\r"\r\n',
    );
    expect(formatCsv([['', 'x', '']])).toBe(',x,\r\n');
  });

  test('a hostile summary is neutralised and quoted in the CSV log, with CRLF line ends', async () => {
    const [first] = await fixtureRecords();
    if (first === undefined) throw new Error('no fixture record');
    const csv = logCsv([{ ...first, summary: '=cmd|" /C calc"!A0, more' }]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'Comment,Date,Commenter,Document and section,Summary,Disposition,Resolution',
    );
    expect(lines[1]).toBe(
      `E-0001,2024-01-05,Ada Example,Usage Guide v3.2 CN01 §2.5.2,"'=cmd|"" /C calc""!A0, more",Reported,`,
    );
    expect(lines[2]).toBe('');
  });

  test('the Markdown log has one row per erratum, in id order, with dispositions and resolutions', async () => {
    const markdown = logMarkdown((await fixtureRecords()).reverse());
    const rows = markdown.trimEnd().split('\n');
    expect(rows).toHaveLength(8);
    expect(rows[2]).toMatch(
      /^\| E-0001 \| 2024-01-05 \| Ada Example \| Usage Guide v3.2 CN01 §2.5.2 \|/,
    );
    expect(rows[4]).toContain(
      '| Accepted | Demo decision. (2024-03-10, TC meeting of 2024-03-10) |',
    );
    expect(rows[7]).toContain('| E-0006 |');
  });
});

describe('queries', () => {
  test('filters by status, type, document and section (a section includes its subsections)', async () => {
    const records = await fixtureRecords();
    const ids = (filter: Parameters<typeof filterErrata>[1]) =>
      filterErrata(records, filter).map((record) => record.id);
    expect(ids({ status: ['accepted', 'rejected'] })).toEqual(['E-0003', 'E-0004']);
    expect(ids({ type: ['editorial'] })).toEqual(['E-0002', 'E-0004']);
    expect(ids({ document: 'ug-2.40-cn02' })).toEqual(['E-0002']);
    expect(ids({ section: '2.5' })).toEqual(['E-0001', 'E-0002', 'E-0003', 'E-0004', 'E-0006']);
    expect(ids({ section: '2.5.2', document: 'ug-2.40-cn02' })).toEqual([]);
  });

  test('last activity is the latest of history, resolution and thread dates', async () => {
    const records = await fixtureRecords();
    const byId = new Map(records.map((record) => [record.id, record]));
    const activity = (id: string) => {
      const record = byId.get(id);
      if (record === undefined) throw new Error(id);
      return lastActivity(record);
    };
    expect(activity('E-0001')).toBe('2024-01-06');
    expect(activity('E-0002')).toBe('2024-02-01');
    expect(activity('E-0006')).toBe('2024-06-02');
    expect([...records].sort(byLastActivity)[0]?.id).toBe('E-0006');
  });
});
