import { describe, expect, test } from 'vitest';
import {
  describeAcceptResult,
  formatFindingsReport,
  formatProposals,
  validateSummary,
  type Finding,
} from '../../src/lib/errata';

const finding: Finding = {
  file: 'errata/E-0001.yaml',
  line: 3,
  col: 1,
  field: 'status',
  rule: 'history-status',
  message: 'the last history entry is reported, expected accepted',
};

describe('formatFindingsReport', () => {
  test('text prints one line per finding, then the summary', () => {
    expect(formatFindingsReport([finding], 'text', { json: {}, summary: '1 finding(s).' })).toBe(
      'errata/E-0001.yaml:3:1: status: the last history entry is reported, expected accepted [history-status]\n1 finding(s).\n',
    );
  });

  test('github prints annotations, titled by the caller when it says so', () => {
    const report = formatFindingsReport([finding], 'github', {
      json: {},
      summary: 'done',
      githubTitle: (f) => `wording ${f.rule}`,
    });
    expect(report).toMatch(
      /^::error file=errata\/E-0001\.yaml,line=3,col=1,title=wording history-status::/,
    );
    expect(report.endsWith('\ndone\n')).toBe(true);
  });

  test('json prints only the object it was given', () => {
    const report = formatFindingsReport([finding], 'json', { json: { checked: 1 }, summary: 'x' });
    expect(JSON.parse(report)).toEqual({ checked: 1 });
  });

  test('the validate summary says all valid, or counts the findings', () => {
    expect(validateSummary(4, [])).toBe('4 errata file(s) checked: all valid.');
    expect(validateSummary(4, [finding])).toBe('4 errata file(s) checked: 1 finding(s).');
  });
});

describe('formatProposals', () => {
  test('an empty inbox says so; an invalid proposal points at validate', () => {
    expect(formatProposals([], 'text')).toBe('The inbox is empty.\n');
    expect(formatProposals([{ key: 'mail-1', file: 'x', valid: false }], 'text')).toBe(
      'mail-1  (invalid: run npm run errata -- validate)\n',
    );
  });
});

describe('describeAcceptResult', () => {
  const relative = (file: string): string => file.replace('/site/', '');

  test('an accepted proposal prints the new record path', () => {
    const report = describeAcceptResult(
      { kind: 'accepted', id: 'E-0002', path: '/site/errata/E-0002.yaml' },
      'mail-1',
      'errata/inbox/mail-1.yaml',
      relative,
    );
    expect(report).toEqual({ accepted: true, stdout: 'errata/E-0002.yaml\n' });
  });

  test('missing fields are named with the option that gives each', () => {
    const report = describeAcceptResult(
      { kind: 'incomplete', missing: ['anchor', 'type'] },
      'mail-1',
      'errata/inbox/mail-1.yaml',
      relative,
    );
    expect(report.accepted).toBe(false);
    if (report.accepted) return;
    expect(report.stderr).toContain('  anchor (--anchor <route#heading-id>)\n');
    expect(report.stderr).toContain('  type (--type technical|editorial)\n');
  });

  test('a kept edit is named with the command that resumes it', () => {
    const report = describeAcceptResult(
      { kind: 'aborted', reason: 'the edit was emptied', kept: '/tmp/edit.yaml' },
      'mail-1',
      'errata/inbox/mail-1.yaml',
      relative,
    );
    expect(report.accepted).toBe(false);
    if (report.accepted) return;
    expect(report.stderr).toContain(
      'npm run errata -- screen accept mail-1 --edit --resume /tmp/edit.yaml',
    );
  });
});
