/**
 * Train / validation / test split for time series: by date, never shuffled, so that
 * every model is tested on days that come after everything it learned from (a random
 * split would let it peek at the future). Taught in `08-real-data.ipynb`.
 */
import { isIsoDate } from './calendar.js';
import { InputError } from '../core/errors.js';
import { checkOptions, describe, isOrdinaryArray } from '../core/validate.js';

/** Options for {@link splitDates}. The test period gets what is left. */
export interface SplitFractions {
  /** Share of the dates used for training, the earliest ones. Default `0.7`. */
  train?: number;
  /** Share used for validation, right after the training dates. Default `0.15`. */
  validation?: number;
}

/** Where the validation and the test periods begin (inclusive dates). */
export interface SplitDates {
  readonly validationStart: string;
  readonly testStart: string;
}

/** Items in three consecutive periods. */
export interface ChronologicalSplit<T> {
  train: T[];
  validation: T[];
  test: T[];
}

function checkFraction(argument: string, value: number): number {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw new InputError(argument, `Expected ${argument} to be a fraction between 0 and 1 (exclusive) but found ${describe(value)}.`);
  }
  return value;
}

function checkSorted(argument: string, dates: readonly string[]): void {
  dates.forEach((date, i) => {
    if (!isIsoDate(date)) {
      throw new InputError(argument, `Expected ${argument}[${i}] to be a date written YYYY-MM-DD but found ${describe(date)}.`);
    }
    if (i > 0 && date <= dates[i - 1]!) {
      throw new InputError(argument, `Expected ${argument} in strictly increasing date order but ${argument}[${i}] (${date}) does not come after ${argument}[${i - 1}] (${dates[i - 1]}).`);
    }
  });
}

/**
 * Chooses the dates where validation and test begin, so that the earliest `train`
 * share of `dates` trains, the next `validation` share validates and the rest tests.
 * Counts are rounded to the nearest date.
 *
 * @param dates Dates in increasing order, e.g. the days to predict.
 * @param options The fractions; their sum must be below 1.
 * @returns The first validation date and the first test date.
 * @throws {InputError} For unsorted or invalid dates, bad fractions, or a period that would be empty.
 * @example
 * ```ts
 * splitDates(['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-04'], { train: 0.5, validation: 0.25 });
 * // { validationStart: "2020-01-03", testStart: "2020-01-04" }
 * ```
 */
export function splitDates(dates: readonly string[], given?: SplitFractions): SplitDates {
  const options = checkOptions('options', given);
  const train = checkFraction('train', options.train ?? 0.7);
  const validation = checkFraction('validation', options.validation ?? 0.15);
  if (train + validation >= 1) {
    throw new InputError('validation', `Expected train + validation to be below 1, leaving dates to test on, but found ${train} + ${validation} = ${train + validation}.`);
  }
  if (!isOrdinaryArray(dates)) throw new InputError('dates', `Expected dates to be an array of dates but found ${describe(dates)}.`);
  checkSorted('dates', dates);
  const validationIndex = Math.round(dates.length * train);
  const testIndex = Math.round(dates.length * (train + validation));
  if (validationIndex === 0 || testIndex === validationIndex || testIndex === dates.length) {
    throw new InputError('dates', `Expected enough dates for three non-empty periods but found ${dates.length}: the split gives train ${validationIndex}, validation ${testIndex - validationIndex}, test ${dates.length - testIndex}.`);
  }
  return { validationStart: dates[validationIndex]!, testStart: dates[testIndex]! };
}

/**
 * Puts each item in the period its date falls in: before `validationStart` trains,
 * from `testStart` on tests, the rest validates. Order is kept. Splitting several
 * feature sets with the same `SplitDates` tests them on exactly the same days.
 *
 * @param items Anything with a `date`, in strictly increasing date order.
 * @param boundaries From {@link splitDates}, or chosen by hand.
 * @returns The three periods; every item is in exactly one.
 * @throws {InputError} For unsorted or invalid dates, boundaries out of order, or a period left empty.
 * @example
 * ```ts
 * const boundaries = splitDates(samples.map((s) => s.date));
 * const { train, validation, test } = splitByDate(samples, boundaries);
 * ```
 */
export function splitByDate<T extends { readonly date: string }>(items: readonly T[], boundaries: SplitDates): ChronologicalSplit<T> {
  if (!isOrdinaryArray(items)) throw new InputError('items', `Expected items to be an array but found ${describe(items)}.`);
  items.forEach((item, i) => checkOptions(`items[${i}]`, item, '{ date: "2020-01-22" }'));
  checkSorted('items', items.map((item) => item.date));
  const { validationStart, testStart } = checkOptions('boundaries', boundaries, 'the result of splitDates(dates)');
  if (!isIsoDate(validationStart) || !isIsoDate(testStart) || validationStart >= testStart) {
    throw new InputError('boundaries', `Expected boundaries with validationStart before testStart, both YYYY-MM-DD, but found ${describe(validationStart)} and ${describe(testStart)}.`);
  }
  const split: ChronologicalSplit<T> = { train: [], validation: [], test: [] };
  for (const item of items) {
    const period = item.date < validationStart ? 'train' : item.date < testStart ? 'validation' : 'test';
    split[period].push(item);
  }
  for (const period of ['train', 'validation', 'test'] as const) {
    if (split[period].length === 0) {
      throw new InputError('boundaries', `Expected every period to hold at least one item but the ${period} period (validationStart ${validationStart}, testStart ${testStart}) is empty.`);
    }
  }
  return split;
}
