/**
 * The field-evidence page (docs/guide/field-reports.md): as committed it lists at least fifteen
 * reports, five of them beyond the ones issue #24 named, each linked to a recommendation of the
 * registry on the page that shows it; and a malformed or dangling row is a finding with its line.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  checkFieldReports,
  FIELD_REPORTS_FILE,
  loadRegistry,
  NAMED_REPORTS,
  type Registry,
} from '../../src/lib/recommendations/index';

const SITE = path.resolve(import.meta.dirname, '..', '..');

async function committed(): Promise<{ text: string; registry: Registry }> {
  const loaded = await loadRegistry(SITE);
  if (!loaded.registry) throw new Error(JSON.stringify(loaded.findings));
  return {
    text: await readFile(path.join(SITE, FIELD_REPORTS_FILE), 'utf8'),
    registry: loaded.registry,
  };
}

const HEAD = `| Project | Report | Year | What happened | Recommendation |
| --- | --- | --- | --- | --- |
`;

describe('the committed field-evidence page', () => {
  it('lists at least fifteen reports, every one linked to a recommendation, with no finding', async () => {
    const { text, registry } = await committed();
    const { reports, findings } = checkFieldReports(text, registry);
    expect(findings).toEqual([]);
    expect(reports.length).toBeGreaterThanOrEqual(15);
    const beyond = reports.filter((r) => !NAMED_REPORTS.includes(`${r.repository}#${r.number}`));
    expect(beyond.length).toBeGreaterThanOrEqual(5);
  });

  it('carries every report the issue named', async () => {
    const { text, registry } = await committed();
    const listed = checkFieldReports(text, registry).reports.map(
      (r) => `${r.repository}#${r.number}`,
    );
    expect(listed).toEqual(expect.arrayContaining(NAMED_REPORTS));
  });
});

describe('checkFieldReports', () => {
  it('reports a recommendation the registry does not have, with its line', async () => {
    const { registry } = await committed();
    const text = `${HEAD}| libp11 | [OpenSC/libp11#39](https://github.com/OpenSC/libp11/issues/39) | 2015 | A daemonised server failed every handshake after the fork. | [R-APP-NOPE](./applications.mdx#R-APP-NOPE) |\n`;
    const { findings } = checkFieldReports(text, registry, { minimum: 1, beyondNamed: 0 });
    expect(findings).toEqual([
      expect.objectContaining({ line: 3, rule: 'unknown-recommendation' }),
    ]);
  });

  it('reports a link to the wrong page, a link that names another issue, and a bad year', async () => {
    const { registry } = await committed();
    const text = `${HEAD}| libp11 | [OpenSC/libp11#39](https://github.com/OpenSC/libp11/issues/40) | 15 | A daemonised server failed every handshake after the fork. | [R-WRAP-LAZY-REINIT](./applications.mdx#R-WRAP-LAZY-REINIT) |\n`;
    const rules = checkFieldReports(text, registry, { minimum: 1, beyondNamed: 0 }).findings.map(
      (f) => f.rule,
    );
    expect(rules).toEqual(['bad-report', 'bad-report', 'wrong-page']);
  });

  it('counts too few reports as a finding', async () => {
    const { registry } = await committed();
    const { findings } = checkFieldReports(HEAD, registry);
    expect(findings.map((f) => f.rule)).toEqual(['too-few-reports', 'too-few-reports']);
  });
});
