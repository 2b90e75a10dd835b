import { expect, test } from 'vitest';
import { formatRatio, median } from '../../src/lib/bench/stats';

test('the median of an odd count is the middle value, of an even count the mean of the two middle ones', () => {
  expect(median([9, 1, 5])).toBe(5);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(() => median([])).toThrow(/no values/);
});

test('ratios print with two decimals', () => {
  expect(formatRatio(13, 10)).toBe('1.30×');
});
