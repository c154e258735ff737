import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/forecasting/calendar.js';
import { splitByDate, splitDates } from '../../src/forecasting/chronological-split.js';
import { InputError } from '../../src/core/errors.js';
import { inputErrorOf, nullPrototype } from '../support/input-error.js';

const dates = (n: number, from = '2020-01-01') => Array.from({ length: n }, (_, i) => addDays(from, i));

describe('chronological split', () => {
  it('splitDates() gives 70 / 15 / 15 of the dates by default', () => {
    expect(splitDates(dates(20))).toEqual({ validationStart: '2020-01-15', testStart: '2020-01-18' });
    expect(splitDates(dates(4), { train: 0.5, validation: 0.25 })).toEqual({ validationStart: '2020-01-03', testStart: '2020-01-04' });
  });

  it('splitByDate puts every item in exactly one period, in order, periods one after the other', () => {
    const items = dates(100).map((date, i) => ({ date, i }));
    const { train, validation, test } = splitByDate(items, splitDates(items.map((x) => x.date)));
    expect([train.length, validation.length, test.length]).toEqual([70, 15, 15]);
    expect([...train, ...validation, ...test]).toEqual(items);
    expect(train.at(-1)!.date < validation[0]!.date && validation.at(-1)!.date < test[0]!.date).toBe(true);
  });

  it('splitByDate gives feature sets with different warm-ups the same validation and test items', () => {
    const boundaries = splitDates(dates(100));
    const all = splitByDate(dates(100).map((date) => ({ date })), boundaries);
    const later = splitByDate(dates(94, '2020-01-07').map((date) => ({ date })), boundaries);
    expect(later.validation).toEqual(all.validation);
    expect(later.test).toEqual(all.test);
    expect(later.train).toEqual(all.train.slice(6));
  });

  it('splitDates rejects bad fractions, unsorted dates and too few dates', () => {
    expect(() => splitDates(dates(10), { train: 0 })).toThrow('Expected train to be a fraction between 0 and 1 (exclusive) but found 0.');
    expect(() => splitDates(dates(10), { validation: 1 })).toThrow(/validation to be a fraction/);
    expect(() => splitDates(dates(10), { train: 0.8, validation: 0.2 })).toThrow(/train \+ validation to be below 1/);
    expect(() => splitDates(['2020-01-02', '2020-01-01', '2020-01-03'])).toThrow(/dates\[1\] \(2020-01-01\) does not come after dates\[0\] \(2020-01-02\)/);
    expect(() => splitDates(['2020-01-01', '2020-01-01'])).toThrow(InputError);
    expect(() => splitDates(['2020-13-01'])).toThrow(/dates\[0\] to be a date written YYYY-MM-DD but found "2020-13-01"/);
    expect(() => splitDates(dates(3))).toThrow(/enough dates for three non-empty periods but found 3: the split gives train 2, validation 1, test 0/);
    expect(() => splitDates('2020-01-01' as never)).toThrow(/dates to be an array/);
  });

  it('splitByDate rejects unsorted items, bad boundaries and empty periods', () => {
    const items = dates(10).map((date) => ({ date }));
    const boundaries = { validationStart: '2020-01-05', testStart: '2020-01-08' };
    expect(() => splitByDate([...items].reverse(), boundaries)).toThrow(/items in strictly increasing date order/);
    expect(() => splitByDate(items, { validationStart: '2020-01-08', testStart: '2020-01-05' })).toThrow(
      'Expected boundaries with validationStart before testStart, both YYYY-MM-DD, but found "2020-01-08" and "2020-01-05".',
    );
    expect(() => splitByDate(items, { validationStart: '2020-01-01', testStart: '2020-01-05' })).toThrow(/the train period .* is empty/);
    expect(() => splitByDate(items, { validationStart: '2020-01-05', testStart: '2020-02-01' })).toThrow(/the test period .* is empty/);
    expect(() => splitByDate(null as never, boundaries)).toThrow(/items to be an array but found null/);
  });
});

describe('split arguments', () => {
  it('splitByDate(items, null) throws an InputError naming boundaries', () => {
    const items = dates(10).map((date) => ({ date }));
    const e = inputErrorOf(() => splitByDate(items, null as never));
    expect(e.argument).toBe('boundaries');
    expect(e.message).toMatch(/splitDates/);
    expect(inputErrorOf(() => splitByDate([null as never], { validationStart: '2020-01-02', testStart: '2020-01-03' })).argument).toBe('items[0]');
  });

  it('splitDates rejects dates without a prototype and takes null options as defaults', () => {
    expect(inputErrorOf(() => splitDates(nullPrototype(dates(10)))).argument).toBe('dates');
    expect(splitDates(dates(20), null as never)).toEqual(splitDates(dates(20)));
  });
});
