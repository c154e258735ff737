/**
 * Calendar days written as ISO `YYYY-MM-DD` strings: checking them, stepping one
 * day, and the day of the week. Plain strings sort chronologically, which is all a
 * chronological split needs. Taught in `08-real-data.ipynb`.
 */
import { InputError } from '../core/errors.js';
import { describe } from '../core/validate.js';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** 0000-01-01 and 9999-12-31, the first and last days `YYYY-MM-DD` can write, in ms since 1970. */
const [FIRST_DAY, LAST_DAY] = [-62_167_219_200_000, 253_402_214_400_000];

/** Day names in the order of {@link dayOfWeek}: Monday is 0. */
export const WEEKDAYS = Object.freeze(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const);

/** Milliseconds since 1970-01-01 (UTC midnight) of a valid ISO date, or `undefined`. */
function utcTime(date: string): number | undefined {
  const match = ISO_DATE.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  const time = new Date(0).setUTCFullYear(year, month - 1, day);
  // Date.UTC rolls 2021-02-30 over to March; a real date survives the round trip.
  return new Date(time).toISOString().slice(0, 10) === date ? time : undefined;
}

/**
 * Whether `value` is a real calendar date written `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * isIsoDate('2020-02-29'); // true (a leap day)
 * isIsoDate('2021-02-29'); // false
 * ```
 */
export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && utcTime(value) !== undefined;
}

/**
 * Checks that `value` is a real calendar date written `YYYY-MM-DD`.
 *
 * @param argument Name used in the error message, e.g. `"date"`.
 * @returns The date's time in milliseconds since 1970-01-01 UTC.
 * @throws {InputError} For anything else, e.g. `"2021-02-30"` or `"22/01/2020"`.
 * @example
 * ```ts
 * checkIsoDate('date', '2020-01-22'); // 1579651200000
 * ```
 */
export function checkIsoDate(argument: string, value: unknown): number {
  const time = typeof value === 'string' ? utcTime(value) : undefined;
  if (time === undefined) {
    throw new InputError(argument, `Expected ${argument} to be a calendar date written YYYY-MM-DD but found ${describe(value)}.`);
  }
  return time;
}

/**
 * The date `days` calendar days after `date` (before it, for negative `days`).
 *
 * @throws {InputError} If `date` is not a `YYYY-MM-DD` date, `days` is not an integer, or the result is outside years 0000–9999.
 * @example
 * ```ts
 * addDays('2020-02-28', 1); // "2020-02-29"
 * addDays('2023-03-09', -7); // "2023-03-02"
 * ```
 */
export function addDays(date: string, days: number): string {
  const time = checkIsoDate('date', date);
  if (!Number.isInteger(days)) {
    throw new InputError('days', `Expected days to be a whole number but found ${describe(days)}.`);
  }
  const result = time + days * DAY_MS;
  if (!(result >= FIRST_DAY && result <= LAST_DAY)) {
    throw new InputError('days', `Expected days to give a date from 0000-01-01 to 9999-12-31 (written YYYY-MM-DD) but ${date} + ${days} days is outside.`);
  }
  return new Date(result).toISOString().slice(0, 10);
}

/**
 * The day of the week, Monday = 0 to Sunday = 6 (see {@link WEEKDAYS}).
 *
 * @throws {InputError} If `date` is not a `YYYY-MM-DD` date.
 * @example
 * ```ts
 * WEEKDAYS[dayOfWeek('2020-01-22')]; // "Wed"
 * ```
 */
export function dayOfWeek(date: string): number {
  // getUTCDay counts from Sunday = 0; shift so that the week starts on Monday.
  return (new Date(checkIsoDate('date', date)).getUTCDay() + 6) % 7;
}
