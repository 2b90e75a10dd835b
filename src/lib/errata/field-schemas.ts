/**
 * The small field types the erratum, thread and inbox schemas share: text that must not be
 * empty, dates, date-times, URLs, counts, ids and GitHub repositories. Each error message says
 * what a contributor should write instead.
 */
import * as z from 'zod';

export const ERRATUM_ID = /^E-\d{4,}$/;

// ISO 8601 calendar date, or a reduced-precision month (`2015-05`) when the day is not known.
export const DATE = /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;
export const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export const text = (what: string) =>
  z
    .string({ error: `expected ${what} as text` })
    .refine((value) => value.trim() !== '', { error: `${what} is empty` });

export const date = z
  .string({ error: 'expected a date as text, e.g. 2015-05-10' })
  .regex(DATE, { error: 'expected a date YYYY-MM-DD (or YYYY-MM when the day is unknown)' })
  .meta({ description: 'YYYY-MM-DD, or YYYY-MM when the day is not known.' });

export const timestamp = z
  .string({ error: 'expected a date or date-time as text, e.g. 2015-05-10T12:55:00Z' })
  .refine((value) => DATE.test(value) || DATE_TIME.test(value), {
    error: 'expected YYYY-MM-DD, YYYY-MM or an ISO 8601 date-time with a zone (…T12:55:00Z)',
  })
  .meta({ description: 'YYYY-MM-DD, YYYY-MM, or an ISO 8601 date-time with a time zone.' });

export const url = z
  .string({ error: 'expected a URL as text' })
  .regex(/^https:\/\/\S+$/, { error: 'expected an https:// URL' });

export const count = z
  .number({ error: 'expected a count (a whole number)' })
  .int({ error: 'expected a whole number' })
  .min(0, { error: 'a count cannot be negative' });

/** A GitHub repository, `owner/name`. */
export const repository = z
  .string({ error: 'expected owner/name as text' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/, { error: 'expected owner/name' });
