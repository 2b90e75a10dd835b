import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { errataPaths, validateErrata, type Finding } from '../../src/lib/errata';
import { createFixtureSite, PROJECT_DIR, type FixtureSite } from './fixture-site';

let site: FixtureSite;
beforeEach(async () => {
  site = await createFixtureSite();
});
afterEach(async () => {
  await site.remove();
});

async function findings(): Promise<Finding[]> {
  return (await validateErrata(site.paths)).findings;
}

describe('errata validate: the rules', () => {
  test('the fixture records of every status, the inbox and the ignored list are valid', async () => {
    const result = await validateErrata(site.paths);
    expect(result.findings).toEqual([]);
    expect(result.checked).toBe(8);
    const statuses = result.set.records.map((record) => record.value?.status);
    expect(statuses).toEqual([
      'reported',
      'under-review',
      'accepted',
      'rejected',
      'held-for-revision',
      'resolved',
    ]);
  });

  test("the repository's own errata are valid against the real docs", async () => {
    const result = await validateErrata(errataPaths(PROJECT_DIR));
    expect(result.findings).toEqual([]);
    expect(result.set.records.map((record) => record.value?.id)).toContain('E-0001');
  });

  test('an unknown field is named, placed on its key, and the allowed fields are listed', async () => {
    await site.edit('errata/E-0001.yaml', 'type: technical\n', 'type: technical\nseverity: high\n');
    expect(await findings()).toEqual([
      {
        file: 'errata/E-0001.yaml',
        line: 6,
        col: 1,
        field: 'severity',
        rule: 'unknown-field',
        message: expect.stringMatching(
          /^unknown field "severity"; expected one of: id, title, type, status, affects, anchor, reported, summary, original, proposed, evidence, resolution, history, threads$/,
        ) as string,
      },
    ]);
  });

  test('an unknown field inside a nested object is placed on its line', async () => {
    await site.edit(
      'errata/E-0001.yaml',
      '  by: Ada Example\n',
      '  by: Ada Example\n  mood: calm\n',
    );
    const [finding] = await findings();
    expect(finding).toMatchObject({ line: 14, field: 'reported.mood', rule: 'unknown-field' });
    expect(finding?.message).toContain('expected one of: date, by, via');
  });

  test('the same id in two files is a duplicate, reported on the second file', async () => {
    await site.edit('errata/E-0002.yaml', 'id: E-0002', 'id: E-0001');
    const result = await findings();
    expect(result).toContainEqual({
      file: 'errata/E-0002.yaml',
      line: 3,
      col: 5,
      field: 'id',
      rule: 'duplicate-id',
      message: 'id E-0001 is already used by errata/E-0001.yaml: every erratum needs its own id',
    });
    expect(result.map((f) => f.rule).sort()).toEqual(['duplicate-id', 'id-file-name']);
  });

  test('an id that differs from the file name says which name is expected', async () => {
    await site.edit('errata/E-0004.yaml', 'id: E-0004', 'id: E-0040');
    expect(await findings()).toEqual([
      {
        file: 'errata/E-0004.yaml',
        line: 3,
        col: 5,
        field: 'id',
        rule: 'id-file-name',
        message:
          'id E-0040 differs from the file name E-0004.yaml: the id must equal the file name (E-0004), or rename the file to E-0040.yaml',
      },
    ]);
  });

  test('an anchor that is not a heading lists the headings of that page', async () => {
    await site.edit('errata/E-0001.yaml', '/guide/#the-rule', '/guide/#the-rules');
    expect(await findings()).toEqual([
      {
        file: 'errata/E-0001.yaml',
        line: 10,
        col: 9,
        field: 'anchor',
        rule: 'anchor',
        message:
          '/guide/#the-rules is not a heading of the docs (headings of /guide/: #fixture-guide, #the-rule, #the-rule-1, #kept-stable, #c_initialize-in-the-child)',
      },
    ]);
  });

  test('an anchor on a page that does not exist lists the pages', async () => {
    await site.edit('errata/E-0001.yaml', '/guide/#the-rule', '/guides/#the-rule');
    const [finding] = await findings();
    expect(finding?.message).toBe(
      '/guides/#the-rule is not a heading of the docs (no docs page has the route /guides/; pages: /guide/, /notes)',
    );
  });

  test('an evidence anchor that is not a heading is reported on that entry', async () => {
    await site.edit(
      'errata/E-0001.yaml',
      'original: The original text.\n',
      'original: The original text.\nevidence:\n  - title: The measurement\n    anchor: /guide/#kept-stable\n  - title: The reports\n    anchor: /notes#no-such-heading\n',
    );
    const result = await findings();
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({
      file: 'errata/E-0001.yaml',
      line: 23,
      field: 'evidence[1].anchor',
      rule: 'anchor',
    });
    expect(result[0]?.message).toMatch(
      /^\/notes#no-such-heading is not a heading of the docs \(headings of \/notes: /,
    );
  });

  test('anchors honour explicit ids ({#id} in .md, {/* #id */} in .mdx) and repeated headings', async () => {
    await site.edit('errata/E-0001.yaml', '/guide/#the-rule', '/notes#module-side');
    await site.edit('errata/E-0002.yaml', '/guide/#the-rule', '/guide/#kept-stable');
    await site.edit('errata/E-0003.yaml', '/guide/#the-rule', '/guide/#the-rule-1');
    expect(await findings()).toEqual([]);
  });

  test('a status that differs from the last history entry is reported on status', async () => {
    await site.edit(
      'errata/E-0002.yaml',
      'status: under-review\naffects',
      'status: reported\naffects',
    );
    expect(await findings()).toEqual([
      {
        file: 'errata/E-0002.yaml',
        line: 6,
        col: 9,
        field: 'status',
        rule: 'history-status',
        message:
          'status is reported but the last history entry says under-review: add a history entry for the change, or correct status',
      },
    ]);
  });

  test('a transition that skips a step names the allowed next statuses', async () => {
    await site.edit('errata/E-0001.yaml', 'status: reported\naffects', 'status: accepted\naffects');
    await site.edit(
      'errata/E-0001.yaml',
      '    status: reported\n',
      '    status: reported\n  - date: 2024-01-07\n    status: accepted\n',
    );
    await site.edit(
      'errata/E-0001.yaml',
      'history:',
      'resolution:\n  decision: D.\n  date: 2024-01-07\n  where: W\nhistory:',
    );
    const result = await findings();
    expect(result).toEqual([
      expect.objectContaining({
        field: 'history[1].status',
        rule: 'transition',
        message:
          'reported → accepted is not an allowed transition; after reported comes under-review',
      }),
    ]);
  });

  test('rejected is final', async () => {
    await site.edit(
      'errata/E-0004.yaml',
      '    note: Out of scope.\n',
      '    note: Out of scope.\n  - date: 2024-04-01\n    status: resolved\n',
    );
    await site.edit('errata/E-0004.yaml', 'status: rejected\naffects', 'status: resolved\naffects');
    const [finding] = await findings();
    expect(finding?.message).toBe(
      'rejected → resolved is not an allowed transition; after rejected comes nothing (it is final)',
    );
  });

  test('the history must start with reported', async () => {
    await site.edit('errata/E-0001.yaml', '    status: reported\n', '    status: under-review\n');
    await site.edit(
      'errata/E-0001.yaml',
      'status: reported\naffects',
      'status: under-review\naffects',
    );
    const [finding] = await findings();
    expect(finding).toMatchObject({
      field: 'history[0].status',
      rule: 'transition',
      message: 'the history starts with under-review; its first entry must be reported',
    });
  });

  test('history dates may not decrease; a month-only date spans its month', async () => {
    await site.edit('errata/E-0002.yaml', '  - date: 2024-02\n', '  - date: 2023-12-31\n');
    expect(await findings()).toEqual([
      expect.objectContaining({
        field: 'history[1].date',
        rule: 'history-date',
        message:
          "2023-12-31 is before the previous entry's 2024-01-05: history dates must not decrease",
      }),
    ]);
    await site.edit('errata/E-0002.yaml', '  - date: 2023-12-31\n', '  - date: 2024-01\n');
    expect(await findings()).toEqual([]);
  });

  test('a decided status needs a resolution, an open one must not have one', async () => {
    await site.edit('errata/E-0003.yaml', /resolution:\n( {2}.*\n){3}/, '');
    await site.edit(
      'errata/E-0001.yaml',
      'history:',
      'resolution:\n  decision: D.\n  date: 2024-01-07\n  where: W\nhistory:',
    );
    expect((await findings()).map((f) => `${f.file} ${f.rule}: ${f.message}`)).toEqual([
      'errata/E-0001.yaml resolution: a resolution is recorded but the status is reported; add the decision to the history and update status',
      'errata/E-0003.yaml resolution: status accepted needs a resolution: {decision, date, where}',
    ]);
  });

  test('an e-mail address in any string is an error, in a comment too', async () => {
    await site.edit('errata/E-0001.yaml', 'by: Ada Example', 'by: Ada Example <ada@example.org>');
    await site.edit(
      'errata/E-0002.yaml',
      'type: editorial',
      '# ask grace@example.org\ntype: editorial',
    );
    const result = await findings();
    expect(result).toEqual([
      {
        file: 'errata/E-0001.yaml',
        line: 13,
        col: 7,
        field: 'reported.by',
        rule: 'email',
        message:
          'an e-mail address is not allowed in errata files: write the person’s name only (and link the archived message)',
      },
      {
        file: 'errata/E-0002.yaml',
        line: 5,
        col: 1,
        rule: 'email',
        message: 'an e-mail address is not allowed, not even in a comment: write the name only',
      },
    ]);
  });

  test('an address in a comment after a value, or after a Message-ID, is found as well', async () => {
    await site.edit(
      'errata/E-0001.yaml',
      'type: technical',
      'type: technical # ask ada@example.org',
    );
    await site.edit(
      'errata/E-0006.yaml',
      '<demo.1@example.invalid>',
      '<demo.1@example.invalid> # from ada@example.org',
    );
    expect((await findings()).map((f) => `${f.file}:${f.line ?? 0} ${f.rule}`)).toEqual([
      'errata/E-0001.yaml:5 email',
      'errata/E-0006.yaml:37 email',
    ]);
  });

  test('a long run of letters and dots is scanned in linear time', async () => {
    const long = `${'a.'.repeat(100_000)}@`;
    await site.edit('errata/E-0001.yaml', 'original: The original text.', `original: ${long}`);
    const started = Date.now();
    expect(await findings()).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('a Message-ID is the one place an @ may stand, and only in Message-ID form', async () => {
    expect(await site.read('errata/E-0006.yaml')).toContain('messageId: <demo.1@example.invalid>');
    expect(await findings()).toEqual([]);
    await site.edit('errata/E-0006.yaml', '<demo.1@example.invalid>', 'ada@example.org');
    const [finding] = await findings();
    expect(finding).toMatchObject({
      field: 'threads[0].messageId',
      message: 'expected a Message-ID in angle brackets, <left@right>',
    });
  });

  test('e-mail addresses are refused in the inbox and the ignored list as well', async () => {
    await site.edit(
      'errata/inbox/ignored.yaml',
      'not an erratum',
      'not an erratum (x@example.org)',
    );
    await site.edit(
      'errata/inbox/github-example-usage-guide-9.yaml',
      'Grace Example',
      'grace@example.org',
    );
    expect((await findings()).map((f) => `${f.file} ${f.field ?? ''} ${f.rule}`)).toEqual([
      'errata/inbox/github-example-usage-guide-9.yaml reported.by email',
      'errata/inbox/ignored.yaml ignored[0].title email',
    ]);
  });

  test('a wrong type names the field and the expected type', async () => {
    await site.edit('errata/E-0002.yaml', "section: '2.5'", 'section: 2.5');
    expect(await findings()).toEqual([
      {
        file: 'errata/E-0002.yaml',
        line: 9,
        col: 14,
        field: 'affects[0].section',
        rule: 'schema',
        message: "expected a section number as quoted text, e.g. '2.5' or 2.5.2",
      },
    ]);
  });

  test('an unknown document id lists the known ones', async () => {
    await site.edit('errata/E-0001.yaml', 'document: ug-3.2-cn01', 'document: ug-9.9');
    const [finding] = await findings();
    expect(finding?.message).toMatch(
      /^"ug-9.9" is not a document id of src\/data\/oasis-documents.ts; expected one of: ug-3.2-cn01, ug-2.40-cn02,/,
    );
  });

  test('a missing field is named', async () => {
    await site.edit('errata/E-0001.yaml', 'original: The original text.\n', '');
    expect(await findings()).toEqual([
      expect.objectContaining({ field: 'original', rule: 'missing-field' }),
    ]);
  });

  test('a TODO left by `errata new` is reported until it is replaced', async () => {
    await site.edit('errata/E-0001.yaml', 'original: The original text.', 'original: TODO');
    expect(await findings()).toEqual([
      expect.objectContaining({
        field: 'original',
        rule: 'placeholder',
        message: 'TODO left here: replace it with the real text',
      }),
    ]);
  });

  test('the first line must name the JSON Schema', async () => {
    await site.edit('errata/E-0001.yaml', /^# yaml-language-server.*\n\n/, '');
    expect(await findings()).toEqual([
      {
        file: 'errata/E-0001.yaml',
        line: 1,
        col: 1,
        rule: 'schema-comment',
        message:
          'the first line must be: # yaml-language-server: $schema=../static/schemas/erratum.schema.json',
      },
    ]);
  });

  test('a proposal whose file name is not its source key is told its name', async () => {
    await site.edit('errata/inbox/github-example-usage-guide-9.yaml', 'issue: 9', 'issue: 10');
    await site.edit('errata/inbox/github-example-usage-guide-9.yaml', 'issues/9', 'issues/10');
    const [finding] = await findings();
    expect(finding).toMatchObject({
      rule: 'source-key',
      message:
        'the file name must be the source key of its first thread: rename it to github-example-usage-guide-10.yaml',
    });
  });

  test('a proposal for an ignored or already screened thread is flagged', async () => {
    await site.edit('errata/inbox/ignored.yaml', 'usage-guide-3', 'usage-guide-9');
    const [finding] = await findings();
    expect(finding).toMatchObject({
      rule: 'already-ignored',
      message: 'thread github-example-usage-guide-9 is in the ignored list: delete this proposal',
    });
  });
});

describe('errata validate: threads', () => {
  test('an unknown field in a thread lists the fields of that kind of thread', async () => {
    const site = await createFixtureSite();
    try {
      await site.edit(
        'errata/E-0006.yaml',
        '    messages: 3\n',
        '    messages: 3\n    from: Ada\n',
      );
      const [finding] = (await validateErrata(site.paths)).findings;
      expect(finding).toMatchObject({
        field: 'threads[0].from',
        rule: 'unknown-field',
        message:
          'unknown field "from"; expected one of: kind, list, messageId, archiveUrl, subject, messages, lastActivity, movedFrom',
      });
    } finally {
      await site.remove();
    }
  });
});
