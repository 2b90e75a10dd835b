import { readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { MAX_FILE_BYTES, validateErrata, type Finding } from '../../src/lib/errata';
import { createFixtureSite, type FixtureSite } from './fixture-site';

let site: FixtureSite;
beforeEach(async () => {
  site = await createFixtureSite();
});
afterEach(async () => {
  await site.remove();
});

/** Validates and returns the findings for one file. */
async function findingsFor(file: string): Promise<Finding[]> {
  const { findings } = await validateErrata(site.paths);
  return findings.filter((finding) => finding.file === file);
}

const SCHEMA_LINE = '# yaml-language-server: $schema=../static/schemas/erratum.schema.json\n\n';

describe('hostile input: one clear finding each, and nothing else', () => {
  test('a billion-laughs alias bomb is refused at its first alias, before anything expands', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i += 1) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    await site.write('errata/E-0007.yaml', `${SCHEMA_LINE}${levels.join('\n')}\n`);
    const started = Date.now();
    expect(await findingsFor('errata/E-0007.yaml')).toEqual([
      {
        file: 'errata/E-0007.yaml',
        line: 3,
        col: 7,
        field: 'a',
        rule: 'yaml-alias',
        message: 'anchor &a is not allowed: records use no anchors or aliases',
      },
    ]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('an alias on its own is refused with the fix', async () => {
    const text = (await site.read('errata/E-0001.yaml')).replace(
      'original: The original text.',
      'original: *summary',
    );
    await site.write('errata/E-0001.yaml', text);
    expect(await findingsFor('errata/E-0001.yaml')).toEqual([
      expect.objectContaining({
        field: 'original',
        rule: 'yaml-alias',
        message: 'alias *summary is not allowed: write the value out in full',
      }),
    ]);
  });

  test('a 10 MB file is not read: the finding gives its size and the limit', async () => {
    const big = `${SCHEMA_LINE}summary: "${'x'.repeat(10 * 1024 * 1024)}"\n`;
    await site.write('errata/E-0007.yaml', big);
    expect(await findingsFor('errata/E-0007.yaml')).toEqual([
      {
        file: 'errata/E-0007.yaml',
        rule: 'file-too-large',
        message: `the file has ${Buffer.byteLength(big)} bytes; a record may have at most ${MAX_FILE_BYTES} (256 KiB)`,
      },
    ]);
  });

  test('a wrong type is one schema finding on its line', async () => {
    await site.edit(
      'errata/E-0001.yaml',
      'title: Demo erratum in status reported',
      'title: [1, 2]',
    );
    expect(await findingsFor('errata/E-0001.yaml')).toEqual([
      {
        file: 'errata/E-0001.yaml',
        line: 4,
        col: 8,
        field: 'title',
        rule: 'schema',
        message: 'expected the title as text',
      },
    ]);
  });

  test('a duplicate key is named with its line, and the schema is not checked on top', async () => {
    await site.edit(
      'errata/E-0001.yaml',
      'type: technical\n',
      'type: technical\ntype: editorial\n',
    );
    expect(await findingsFor('errata/E-0001.yaml')).toEqual([
      {
        file: 'errata/E-0001.yaml',
        line: 6,
        col: 1,
        rule: 'duplicate-key',
        message: 'duplicate key "type": each field may appear once',
      },
    ]);
  });

  test('bytes that are not UTF-8 are placed by line and column, every invalid range listed, and not decoded', async () => {
    const text = await site.read('errata/E-0001.yaml');
    const [head, tail] = text.split('Ada Example');
    const bytes = Buffer.concat([
      Buffer.from(`${head ?? ''}Ad`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(`a Ex`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`ample${tail ?? ''}`),
    ]);
    await site.write('errata/E-0001.yaml', bytes);
    const offset = Buffer.byteLength(`${head ?? ''}Ad`);
    expect(await findingsFor('errata/E-0001.yaml')).toEqual([
      {
        file: 'errata/E-0001.yaml',
        line: 13,
        col: 9,
        rule: 'encoding',
        message: `2 runs of bytes that are not valid UTF-8: 0xc3 at offset ${offset} (13:9); 0xff 0xfe at offsets ${offset + 6}-${offset + 7} (13:15). Save the file as UTF-8`,
      },
    ]);
  });

  test('a file with many invalid bytes lists the first ranges, then counts the rest', async () => {
    const bytes = Buffer.concat([
      Buffer.from(SCHEMA_LINE),
      ...Array.from({ length: 25 }, () => Buffer.from([0x61, 0xff])),
    ]);
    await site.write('errata/E-0007.yaml', bytes);
    const [finding] = await findingsFor('errata/E-0007.yaml');
    expect(finding?.message).toMatch(
      /^25 runs of bytes that are not valid UTF-8: .*; and 5 more\. Save the file as UTF-8$/,
    );
    expect(finding?.message.match(/0xff at offset/g)).toHaveLength(20);
  });

  test('a YAML syntax error is placed and the rest of the file is not guessed at', async () => {
    await site.edit('errata/E-0001.yaml', 'title: Demo', 'title: "Demo');
    const found = await findingsFor('errata/E-0001.yaml');
    expect(found.length).toBeGreaterThan(0);
    expect(
      found.every((finding) => finding.rule === 'yaml-syntax' && finding.line !== undefined),
    ).toBe(true);
  });

  test('a file of many documents, a bare list and deep nesting are each a clear finding', async () => {
    await site.write('errata/E-0007.yaml', `${SCHEMA_LINE}id: E-0007\n---\nid: E-0008\n`);
    await site.write('errata/E-0008.yaml', `${SCHEMA_LINE}- a\n- b\n`);
    await site.write('errata/E-0009.yaml', `${SCHEMA_LINE}a: ${'['.repeat(50_000)}\n`);
    const { findings } = await validateErrata(site.paths);
    const rules = (file: string) =>
      findings.filter((finding) => finding.file === file).map((finding) => finding.rule);
    expect(rules('errata/E-0007.yaml')).toEqual(['yaml-syntax']);
    expect(findings.find((f) => f.file === 'errata/E-0008.yaml')).toEqual({
      file: 'errata/E-0008.yaml',
      line: 1,
      col: 1,
      rule: 'schema',
      message: 'expected a mapping of fields (key: value)',
    });
    expect(rules('errata/E-0009.yaml')).toEqual(['yaml-nesting']);
  });

  test('deep nesting that is valid YAML is refused before the parser can exhaust the stack', async () => {
    const depth = 20_000;
    await site.write(
      'errata/E-0007.yaml',
      `${SCHEMA_LINE}a: ${'['.repeat(depth)}${']'.repeat(depth)}\n`,
    );
    await site.write('errata/E-0008.yaml', `${SCHEMA_LINE}${'- '.repeat(200)}x\n`);
    const { findings } = await validateErrata(site.paths);
    expect(findings).toEqual([
      {
        file: 'errata/E-0007.yaml',
        line: 3,
        col: 68,
        rule: 'yaml-nesting',
        message:
          'the YAML nests deeper than a record can (more than 64 brackets or 120 columns of indentation)',
      },
      expect.objectContaining({ file: 'errata/E-0008.yaml', line: 3, rule: 'yaml-nesting' }),
    ]);
  });

  test('no hostile file disturbs the other records, and nothing is written', async () => {
    await site.write('errata/E-0007.yaml', Buffer.from([0xff, 0xfe, 0x00]));
    const before = (await readdir(site.paths.errataDir)).sort();
    const { findings, set } = await validateErrata(site.paths);
    expect(findings.map((finding) => finding.file)).toEqual(['errata/E-0007.yaml']);
    expect(set.records.filter((record) => record.value !== undefined)).toHaveLength(6);
    expect((await readdir(site.paths.errataDir)).sort()).toEqual(before);
  });
});
