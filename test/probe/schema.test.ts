/**
 * The probe report schema: the committed JSON Schema is current, the committed reports fit, and
 * a contributed report that does not fit is refused with its file and field named.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  generateProbeSchema,
  PROBE_SCHEMA_FILE,
  readPublishedReports,
  REPORTS_DIR,
} from '../../src/lib/probe';
import { PROJECT_DIR } from '../support/script';

const temp = mkdtempSync(path.join(os.tmpdir(), 'probe-reports-'));
afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
});

describe('probe report schema', () => {
  it('is committed as a JSON Schema equal to a fresh generation (npm run probe -- schema)', async () => {
    const committed = readFileSync(path.join(PROJECT_DIR, PROBE_SCHEMA_FILE), 'utf8');
    expect(committed).toBe(await generateProbeSchema(PROJECT_DIR));
  });

  it('accepts the committed reports', async () => {
    const { reports, problems } = await readPublishedReports();
    expect(problems).toEqual([]);
    expect(reports.filter((entry) => entry.source === 'project').length).toBeGreaterThanOrEqual(6);
  });

  it('refuses a contributed report that does not fit, naming the file and the field', async () => {
    cpSync(REPORTS_DIR, temp, { recursive: true });
    const good = JSON.parse(
      readFileSync(path.join(REPORTS_DIR, 'project', 'reference.json'), 'utf8'),
    ) as {
      recommendations: { verdict: string }[];
      provenance: { module: { sha256: string } };
    };
    const first = good.recommendations[0];
    if (first !== undefined) first.verdict = 'great';
    good.provenance.module.sha256 = 'not-a-hash';
    mkdirSync(path.join(temp, 'contributed'), { recursive: true });
    const file = path.join(temp, 'contributed', 'vendor-hsm-1.0.json');
    writeFileSync(file, JSON.stringify(good));
    writeFileSync(path.join(temp, 'contributed', 'broken.json'), '{ not json');
    const { reports, problems } = await readPublishedReports(temp);
    expect(reports.some((entry) => entry.id === 'vendor-hsm-1.0')).toBe(false);
    expect(problems).toEqual([
      expect.stringMatching(/contributed\/broken\.json: not JSON/),
      expect.stringContaining(`${file}: provenance.module.sha256:`),
      expect.stringContaining(`${file}: recommendations.0.verdict:`),
    ]);
  });
});
