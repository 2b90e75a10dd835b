import { describe, expect, test } from 'vitest';
import { isoDate } from '../../src/lib/archive';
import { fixedFormTime } from '../../src/lib/archive/mail-date';

/** What the reader gave before the fixed form was read by hand: Date.parse, zone comment dropped. */
function byDateParse(value: string): number {
  return Date.parse(value.replace(/\s*\([^)]*\)\s*$/, ''));
}

describe('mail dates', () => {
  test('the fixed form is read as Date.parse reads it', () => {
    const values = [
      'Sun, 10 May 2015 12:55:00 +0200',
      'Sun, 10 May 2015 12:55:00 -0700 (PDT)',
      '10 May 2015 12:55 +0000',
      'mon, 29 feb 2016 23:59:59 -1130',
      'Tue,  1 Jan 2030 00:00:00 +0000',
      'Fri, 31 Dec 1999 23:59:59 +2359',
    ];
    for (const value of values) {
      expect(fixedFormTime(value), value).toBe(byDateParse(value));
    }
  });

  test('values out of range, and other forms, are left to Date.parse', () => {
    // Date.parse rolls these over (29 Feb 2015 is 1 March) or reads them its own way.
    const values = [
      'Sun, 29 Feb 2015 10:00:00 +0000',
      'Thu, 31 Apr 2015 10:00:00 +0000',
      'Sun, 5 Apr 2015 24:00:00 +0000',
      'Sun, 5 Apr 2015 23:59:60 +0000',
      'Xyz, 5 Apr 2015 03:04:41 +0000',
      'Sun, 5 April 2015 03:04:41 +0000',
      'Sun, 5 Apr 0999 03:04:41 +0000',
      'Sun, 5 Apr 2015 03:04:41 GMT',
      '2015-04-05T03:04:41Z',
    ];
    for (const value of values) expect(fixedFormTime(value), value).toBeUndefined();
    expect(isoDate('Sun, 29 Feb 2015 10:00:00 +0000')).toBe('2015-03-01T10:00:00Z');
    expect(isoDate('Sun, 5 Apr 2015 03:04:41 GMT')).toBe('2015-04-05T03:04:41Z');
  });

  test('isoDate gives UTC without milliseconds, and nothing for what no reader understands', () => {
    expect(isoDate('Sun, 10 May 2015 12:55:00 +0200')).toBe('2015-05-10T10:55:00Z');
    expect(isoDate('Mon, 1 Jun 2015 10:00 -0700 (PDT)')).toBe('2015-06-01T17:00:00Z');
    expect(isoDate('not a date')).toBeUndefined();
    expect(isoDate(undefined)).toBeUndefined();
  });
});
