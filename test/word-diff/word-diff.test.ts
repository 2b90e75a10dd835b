import { describe, expect, test } from 'vitest';
import { MAX_DIFF_WORDS, wordDiff } from '../../src/lib/word-diff';

describe('wordDiff', () => {
  test('marks the words removed and added between two passages', () => {
    expect(
      wordDiff(
        'call C_Initialize immediately in the child',
        'call C_Initialize in a long-lived child',
      ),
    ).toEqual([
      { kind: 'same', text: 'call C_Initialize' },
      { kind: 'removed', text: 'immediately' },
      { kind: 'same', text: 'in' },
      { kind: 'removed', text: 'the' },
      { kind: 'added', text: 'a long-lived' },
      { kind: 'same', text: 'child' },
    ]);
  });

  test('re-wrapping and extra spaces are not changes', () => {
    expect(wordDiff('one  two\nthree', 'one two three')).toEqual([
      { kind: 'same', text: 'one two three' },
    ]);
  });

  test('passages too long for a readable diff get none', () => {
    const long = Array.from({ length: MAX_DIFF_WORDS + 1 }, (_, index) => `w${index}`).join(' ');
    expect(wordDiff(long, 'short')).toBeUndefined();
  });

  test('rebuilding either side from the segments gives the passage back', () => {
    const before = 'a child which execs needs nothing from the module';
    const after = 'a child that execs calls nothing in the module at all';
    const segments = wordDiff(before, after) ?? [];
    const side = (drop: string): string =>
      segments
        .filter((segment) => segment.kind !== drop)
        .map((segment) => segment.text)
        .join(' ');
    expect(side('added')).toBe(before);
    expect(side('removed')).toBe(after);
  });
});
