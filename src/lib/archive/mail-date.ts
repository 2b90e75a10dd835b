/**
 * The Date of a mail header as an ISO 8601 instant. Nearly every page's Date has RFC 5322's
 * fixed form (`Sun, 10 May 2015 12:55:00 +0200`, §3.3), which is read here by hand: a sync reads
 * thousands of pages, and Date.parse costs several times as much. Any other form, and any value
 * out of range (Date.parse rolls `31 Feb` over into March), goes to Date.parse as before.
 */

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `[weekday,] day month year hh:mm[:ss] ±hhmm`, then perhaps a zone comment such as "(PDT)". */
const FIXED_FORM = new RegExp(
  [
    /^(?:(?<weekday>[A-Za-z]{3}), *)?/,
    /(?<day>\d{1,2}) +(?<month>[A-Za-z]{3}) +(?<year>\d{4}) +/,
    /(?<hours>\d{2}):(?<minutes>\d{2})(?::(?<seconds>\d{2}))? +/,
    /(?<sign>[+-])(?<zoneHours>\d{2})(?<zoneMinutes>\d{2})(?: *\([^)]*\))? *$/,
  ]
    .map((part) => part.source)
    .join(''),
);

function inRange(value: number, low: number, high: number): boolean {
  return value >= low && value <= high;
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 1 && leap ? 29 : (DAYS_IN_MONTH[month] ?? 0);
}

/** Milliseconds since the epoch of a date in RFC 5322's fixed form, in range; else undefined. */
export function fixedFormTime(value: string): number | undefined {
  const parts = FIXED_FORM.exec(value)?.groups;
  if (parts === undefined) return undefined;
  const { weekday, sign } = parts;
  if (weekday !== undefined && !WEEKDAYS.includes(weekday.toLowerCase())) return undefined;
  const month = MONTHS.indexOf(parts.month?.toLowerCase() ?? '');
  const [year, day, hours, minutes, seconds, zoneHours, zoneMinutes] = [
    parts.year,
    parts.day,
    parts.hours,
    parts.minutes,
    parts.seconds ?? '0',
    parts.zoneHours,
    parts.zoneMinutes,
  ].map(Number) as [number, number, number, number, number, number, number];
  const valid =
    month >= 0 &&
    year >= 1000 &&
    inRange(day, 1, daysInMonth(year, month)) &&
    inRange(hours, 0, 23) &&
    inRange(minutes, 0, 59) &&
    inRange(seconds, 0, 59) &&
    inRange(zoneHours, 0, 23) &&
    inRange(zoneMinutes, 0, 59);
  if (!valid) return undefined;
  const zoneMinutesEast = (zoneHours * 60 + zoneMinutes) * (sign === '-' ? -1 : 1);
  return Date.UTC(year, month, day, hours, minutes, seconds) - zoneMinutesEast * 60_000;
}

/** RFC 5322 date → ISO 8601 UTC (`2015-05-10T11:55:00Z`); undefined when unreadable. */
export function isoDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // Drop a trailing zone comment such as "(PDT)", which Date.parse rejects in some forms.
  const time = fixedFormTime(value) ?? Date.parse(value.replace(/\s*\([^)]*\)\s*$/, ''));
  if (Number.isNaN(time)) return undefined;
  const iso = new Date(time).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
