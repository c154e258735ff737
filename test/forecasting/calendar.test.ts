import { describe, expect, it } from 'vitest';
import { WEEKDAYS, addDays, checkIsoDate, dayOfWeek, isIsoDate } from '../../src/forecasting/calendar.js';
import { InputError } from '../../src/core/errors.js';
import { inputErrorOf } from '../support/input-error.js';

describe('calendar', () => {
  it('isIsoDate accepts real YYYY-MM-DD dates only', () => {
    expect(isIsoDate('2020-01-22')).toBe(true);
    expect(isIsoDate('2020-02-29')).toBe(true);
    for (const bad of ['2021-02-29', '2020-13-01', '2020-1-22', '22/01/2020', '', 20200122, null]) expect(isIsoDate(bad)).toBe(false);
  });

  it('checkIsoDate returns UTC milliseconds and names the argument when it throws', () => {
    expect(checkIsoDate('date', '1970-01-02')).toBe(86_400_000);
    expect(() => checkIsoDate('start', '2021-02-30')).toThrow(InputError);
    expect(() => checkIsoDate('start', '2021-02-30')).toThrow('Expected start to be a calendar date written YYYY-MM-DD but found "2021-02-30".');
  });

  it('addDays steps over month ends, leap days and years, in both directions', () => {
    expect(addDays('2020-02-28', 1)).toBe('2020-02-29');
    expect(addDays('2020-02-29', 1)).toBe('2020-03-01');
    expect(addDays('2022-12-31', 1)).toBe('2023-01-01');
    expect(addDays('2023-03-09', -7)).toBe('2023-03-02');
    expect(addDays('2020-01-22', 0)).toBe('2020-01-22');
    expect(() => addDays('2020-01-22', 0.5)).toThrow(/days to be a whole number but found 0.5/);
    expect(() => addDays('nope', 1)).toThrow(/date to be a calendar date/);
  });

  it('dayOfWeek counts from Monday = 0', () => {
    expect(WEEKDAYS[dayOfWeek('2020-01-22')]).toBe('Wed');
    expect(dayOfWeek('2023-03-06')).toBe(0); // a Monday
    expect(dayOfWeek('2023-03-05')).toBe(6); // a Sunday
  });
});

describe('addDays range', () => {
  it('addDays("2020-01-22", 1e9) throws an InputError naming days instead of "Invalid time value"', () => {
    const e = inputErrorOf(() => addDays('2020-01-22', 1e9));
    expect(e.argument).toBe('days');
    expect(e.message).toMatch(/from 0000-01-01 to 9999-12-31/);
    expect(addDays('9999-12-30', 1)).toBe('9999-12-31');
    expect(inputErrorOf(() => addDays('9999-12-31', 1)).argument).toBe('days');
    expect(addDays('0001-01-01', -366)).toBe('0000-01-01');
    expect(isIsoDate('0050-06-01')).toBe(true);
  });
});
