/** The GitHub sync's planning, on its own: what is pushed, what is a conflict, what --prefer can settle. */
import { describe, expect, test } from 'vitest';
import type { Erratum } from '../../src/lib/errata';
import { issueBody, issueTitle, planGitHubSync, type IssueView } from '../../src/lib/github-sync';

const pageUrl = (id: string) => `https://example.org/errata/${id}`;

const record: Erratum = {
  id: 'E-0001',
  title: 'A title',
  type: 'technical',
  status: 'under-review',
  affects: [{ document: 'ug-3.2-cn01', section: '2.5.2' }],
  anchor: '/guide/#x',
  reported: { date: '2024-01-02', by: 'A Person', via: 'pkcs11-comment' },
  summary: 'What is wrong.',
  original: 'The text.',
  history: [
    { date: '2024-01-02', status: 'reported' },
    { date: '2024-02-03', status: 'under-review' },
  ],
};

function issue(labels: string[], state: 'open' | 'closed' = 'open'): IssueView {
  return {
    number: 7,
    title: issueTitle(record),
    body: issueBody(record, pageUrl('E-0001')),
    labels,
    state,
    comments: 0,
    createdAt: '2024-01-02T00:00:00Z',
    updatedAt: '2024-01-02T00:00:00Z',
    url: 'https://github.com/o/r/issues/7',
  };
}

const inStep = ['erratum', 'status:under-review', 'type:technical'];
const baseline = {
  'E-0001': { issue: 7, status: 'under-review', type: 'technical', state: 'open' },
} as const;

describe('planGitHubSync', () => {
  test('an issue in step needs nothing; without a baseline the record wins without a conflict', () => {
    expect(
      planGitHubSync({ records: [record], issues: [issue(inStep)], baseline, pageUrl }).actions,
    ).toEqual([]);
    const fresh = planGitHubSync({
      records: [record],
      issues: [issue(['erratum', 'status:reported'])],
      baseline: {},
      pageUrl,
    });
    expect(fresh.conflicts).toEqual([]);
    expect(fresh.actions).toEqual([
      {
        kind: 'update',
        id: 'E-0001',
        issue: 7,
        patch: { labels: ['erratum', 'status:under-review', 'type:technical'] },
      },
    ]);
  });

  test('--prefer github cannot take a decided status (it needs a resolution) or a state changed by hand', () => {
    const accepted = planGitHubSync({
      records: [record],
      issues: [issue(['erratum', 'status:accepted', 'type:technical'])],
      baseline,
      prefer: 'github',
      pageUrl,
    });
    expect(accepted.recordChanges).toEqual([]);
    expect(accepted.actions).toEqual([]);
    expect(accepted.conflicts).toEqual([
      expect.objectContaining({
        field: 'status',
        github: 'accepted',
        unresolved: 'accepted needs a resolution, which only the record can give',
      }),
    ]);
    const closed = planGitHubSync({
      records: [record],
      issues: [issue(inStep, 'closed')],
      baseline,
      prefer: 'github',
      pageUrl,
    });
    expect(closed.conflicts).toEqual([
      expect.objectContaining({
        field: 'state',
        github: 'closed',
        unresolved: expect.stringContaining('by hand') as unknown,
      }),
    ]);
  });

  test('two issues with the same marker: the older is kept in step, and a warning names both', () => {
    const newer = { ...issue(inStep), number: 9 };
    const plan = planGitHubSync({
      records: [record],
      issues: [newer, issue(inStep)],
      baseline,
      pageUrl,
    });
    expect(plan.issueOf.get('E-0001')).toBe(7);
    expect(plan.warnings).toEqual([expect.stringContaining('#7 and #9')]);
  });
});
