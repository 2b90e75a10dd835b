import { describe, expect, test } from 'vitest';
import { UPSTREAM_DOCUMENTS } from '../../src/config';
import { InvalidInputError } from '../../src/lib/errors';
import { patchSummaryJson, upstreamTarget, type UpstreamPatch } from '../../src/lib/upstream-patch';

describe('upstreamTarget', () => {
  test('defaults to the first mapped document, and reads --date as a UTC day', () => {
    const target = upstreamTarget({ date: '2025-03-04' });
    expect(target.id).toBe(Object.keys(UPSTREAM_DOCUMENTS)[0]);
    expect(target.document).toBe(UPSTREAM_DOCUMENTS[target.id]);
    expect(target.date.toISOString()).toBe('2025-03-04T00:00:00.000Z');
  });

  test('an unmapped document or a date that is none is the caller’s input error', () => {
    expect(() => upstreamTarget({ document: 'base-2.40-os' })).toThrow(InvalidInputError);
    expect(() => upstreamTarget({ date: '2025-13-45' })).toThrow(
      '--date 2025-13-45 is not a date; expected YYYY-MM-DD',
    );
  });
});

describe('patchSummaryJson', () => {
  test('keeps each file’s path and blob SHA, not its text', () => {
    const patch = {
      source: 'ug',
      commit: undefined,
      files: [{ path: 'a.md', before: 'long', after: 'longer', blobSha: 'abc' }],
      patch: '',
    } as unknown as UpstreamPatch;
    expect(JSON.parse(patchSummaryJson('ug-3.2-cn01', patch))).toEqual({
      document: 'ug-3.2-cn01',
      source: 'ug',
      files: [{ path: 'a.md', blobSha: 'abc' }],
      patch: '',
    });
  });
});
