/**
 * The traceability check (src/lib/recommendations): the guide as committed passes it, and each
 * kind of break — a missing example, a claim the results contradict, a dangling citation, a
 * recommendation shown twice or nowhere, a stale proposed text, a BCP 14 keyword — is caught
 * with the file and line to fix.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { RESULTS_SCHEMA_VERSION, type ResultsFile } from '../../src/lib/examples/index';
import {
  checkTraceability,
  plainProposedText,
  updateProposedText,
  type Registry,
} from '../../src/lib/recommendations/index';
import { writeTree } from '../support/file-tree';

const REGISTRY = `recommendations:
  - id: R-APP-EXAMPLE-ONE
    audience: app
    title: A recommendation for the fixture
    statement: 'A child that execs calls nothing of PKCS #11 before it does.'
    reason: The exec replaces everything the child inherited, so nothing needs cleaning up.
    examples: [fork-exec]
    claims:
      - id: fixture-claim
        text: The fixture module passes fork then exec.
        pattern: fork-exec
        variant: stress
        module: softhsm2
        expect: { outcome: pass }
`;

const PROPOSED = `---
title: Proposed
---

Intro that is not part of the text.

<!-- proposed-text:start -->

## Applications and processes

<!-- recommendations: app -->

1. A child that execs calls nothing of PKCS #11 before it does.

<!-- /recommendations -->

<!-- proposed-text:end -->
`;

function results(outcome: 'pass' | 'fail'): ResultsFile {
  return {
    $comment: '',
    schemaVersion: RESULTS_SCHEMA_VERSION,
    generated: '2026-01-01T00:00:00.000Z',
    machine: {
      arch: 'x64',
      cpus: 2,
      cpuModel: 'a test CPU',
      kernel: '6.1.0',
      os: 'Debian GNU/Linux 12 (bookworm)',
      packages: {},
    },
    hazardLoad: {
      repeat: 5,
      forksPerRun: 200,
      forkFactors: {},
      workerThreads: 2,
      workerCalls: [],
      boundMs: 5000,
      minLoadShare: 0.8,
    },
    modules: [],
    results: [
      {
        pattern: 'fork-exec',
        variant: 'stress',
        module: 'softhsm2',
        moduleVersion: 'SoftHSM 2.6',
        threadCondition: '',
        threadsAtFork: { min: 3, max: 3 },
        outcome,
        reason: '',
        returnCodes: [],
        forks: 50,
        iterations: 50,
        clean: 50,
        failed: 0,
        hangs: 0,
        crashes: 0,
        stuck: 0,
        parentChecks: 50,
        durationMs: 1,
        note: '',
      },
    ],
  };
}

let dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  dirs = [];
});

/** A throw-away site with the given files (paths relative to the site). */
async function site(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'trace-'));
  dirs.push(dir);
  const all: Record<string, string> = {
    'docs/guide/recommendations.yaml': REGISTRY,
    'docs/guide/proposed-text.md': PROPOSED,
    'docs/guide/page.mdx': '<Recommendation id="R-APP-EXAMPLE-ONE" />\n',
    'examples/fork-exec.c': '/* fork-exec.c - fixture. */\n',
    ...files,
  };
  writeTree(dir, all);
  return dir;
}

const rules = async (files: Record<string, string>, outcome: 'pass' | 'fail' = 'pass') =>
  (await checkTraceability({ siteDir: await site(files), results: results(outcome) })).findings;

describe('the traceability check', () => {
  it('passes the guide as committed', async () => {
    const { registry, findings } = await checkTraceability({ siteDir: process.cwd() });
    expect(findings).toEqual([]);
    // Every audience has recommendations, and every recommendation names a tested example.
    for (const audience of ['app', 'module', 'wrapper'])
      expect(registry?.recommendations.some((r) => r.audience === audience)).toBe(true);
  });

  it('passes a consistent fixture, so each failure below comes from its one change', async () => {
    expect(await rules({})).toEqual([]);
  });

  it('fails a claim that the results contradict, naming the claim and what was measured', async () => {
    const [finding, ...rest] = await rules({}, 'fail');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      file: 'docs/guide/recommendations.yaml',
      line: 9,
      rule: 'claim-disagrees',
    });
    expect(finding?.message).toContain('claim fixture-claim disagrees');
    expect(finding?.message).toContain('measured fail');
  });

  it('fails an example that does not exist', async () => {
    const findings = await rules({
      'docs/guide/recommendations.yaml': REGISTRY.replace(
        '[fork-exec]',
        '[fork-exec, no-such-pattern]',
      ),
    });
    expect(findings).toMatchObject([{ rule: 'missing-example', line: 7 }]);
  });

  it('fails a citation of an unknown id, at its page and line', async () => {
    const findings = await rules({
      'docs/guide/other.mdx': 'Text.\n\n<Claim id="no-such-claim" />\n',
    });
    expect(findings).toEqual([
      expect.objectContaining({ file: 'docs/guide/other.mdx', line: 3, rule: 'unknown-citation' }),
    ]);
  });

  it('fails a recommendation shown on no page, or on two', async () => {
    expect(await rules({ 'docs/guide/page.mdx': 'Nothing.\n' })).toMatchObject([
      { rule: 'not-shown' },
    ]);
    expect(
      await rules({ 'docs/guide/again.mdx': '<Recommendation id="R-APP-EXAMPLE-ONE" />\n' }),
    ).toMatchObject([{ rule: 'shown-twice' }]);
  });

  it('fails a proposed text whose statements differ from the registry', async () => {
    const findings = await rules({
      'docs/guide/recommendations.yaml': REGISTRY.replace(
        'calls nothing of',
        'calls no function of',
      ),
    });
    expect(findings).toMatchObject([{ file: 'docs/guide/proposed-text.md', rule: 'stale-text' }]);
  });

  it('fails an upper-case BCP 14 keyword in the register of a Committee Note', async () => {
    const findings = await rules({
      'docs/guide/recommendations.yaml': REGISTRY.replace(
        'The exec replaces',
        'The child MUST NOT call anything, since the exec replaces',
      ),
      'docs/guide/proposed-text.md': PROPOSED,
    });
    expect(findings).toMatchObject([{ rule: 'bcp14', line: 6 }]);
  });

  it('reports a malformed registry with file, line and field', async () => {
    const findings = await rules({
      'docs/guide/recommendations.yaml': REGISTRY.replace('audience: app', 'audience: everyone'),
    });
    expect(findings).toMatchObject([
      { file: 'docs/guide/recommendations.yaml', line: 3, field: 'recommendations[0].audience' },
    ]);
  });
});

describe('the proposed text', () => {
  const registry = (statement: string): Registry => ({
    recommendations: [
      {
        id: 'R-APP-X-Y',
        audience: 'app',
        title: 'Title here',
        statement,
        reason: 'A reason long enough.',
        examples: ['fork-exec'],
        since: '2.40',
        claims: [],
      },
    ],
  });

  it('regenerates only the statement blocks, and a second update changes nothing', () => {
    const once = updateProposedText(PROPOSED, registry('A new statement, `code` kept.'));
    expect(once.problems).toEqual([]);
    expect(once.text).toContain('1. A new statement, `code` kept.');
    expect(once.text.replace(/<!-- recommendations[\s\S]*?\/recommendations -->/, '')).toBe(
      PROPOSED.replace(/<!-- recommendations[\s\S]*?\/recommendations -->/, ''),
    );
    expect(updateProposedText(once.text, registry('A new statement, `code` kept.')).text).toBe(
      once.text,
    );
  });

  it('downloads as plain Markdown: the marked text only, without comments or front matter', () => {
    expect(plainProposedText(PROPOSED)).toBe(
      '## Applications and processes\n\n1. A child that execs calls nothing of PKCS #11 before it does.\n',
    );
    expect(() => plainProposedText('# no markers\n')).toThrow(/markers/);
  });
});
