/**
 * The wording rules' documented examples are their tests: each example's messages from its own
 * rule must be exactly the ones its documentation promises.
 */
import { describe, expect, it } from 'vitest';
import { lintSource, loadIdentifierTable, RULE_DOCS } from '../../src/lib/wording/lint';

const table = loadIdentifierTable();

function format(finding: {
  line?: number;
  col?: number;
  endLine?: number;
  endCol?: number;
  message: string;
}): string {
  return `${String(finding.line)}:${String(finding.col)}-${String(finding.endLine)}:${String(finding.endCol)}: ${finding.message}`;
}

describe.each(RULE_DOCS.map((docs) => [docs.id, docs] as const))('rule %s', (id, docs) => {
  it('documents itself with a clean and a failing example', () => {
    expect(docs.summary.length).toBeGreaterThan(10);
    expect(docs.examples.some((example) => example.output.length === 0)).toBe(true);
    expect(docs.examples.some((example) => example.output.length > 0)).toBe(true);
  });

  it.each(docs.examples.map((example) => [example.name, example] as const))(
    'example %s',
    async (_name, example) => {
      const findings = await lintSource(example.input, example.name, { table });
      const own = findings.filter((finding) => finding.rule === id).map(format);
      expect(own).toEqual(example.output);
    },
  );
});
