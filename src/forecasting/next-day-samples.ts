/**
 * Turns the day-by-day series into supervised samples for the article's task:
 * features known at the end of one day, and the next day's new cases as the target.
 * The feature set is a choice (today only, the last week, the day of the week),
 * so that the chapter can compare them. Taught in `08-real-data.ipynb`.
 */
import { WEEKDAYS, addDays, checkIsoDate, dayOfWeek } from './calendar.js';
import type { CovidDay } from './covid-data.js';
import { InputError } from '../core/errors.js';
import { checkBoolean, checkOptions, checkPositiveInteger, describe, isOrdinaryArray } from '../core/validate.js';

/** One day to predict. */
export interface NextDaySample {
  /** The day being predicted ("tomorrow"), `YYYY-MM-DD`. */
  readonly date: string;
  /** Feature values, all known the day before `date`, in the order of `featureNames`. */
  readonly features: readonly number[];
  /** New cases on `date`: what the model must predict. */
  readonly target: number;
  /** New cases the day before `date`: the persistence forecast ("tomorrow = today"). */
  readonly today: number;
}

/** Options for {@link nextDaySamples}: which features to build. */
export interface NextDayOptions {
  /** Days of new cases, ending today: `1` is today only (the article), `7` the last week. Default `1`. */
  lags?: number;
  /** Add today's number of countries with cases (the article's second input). Default `true`. */
  countries?: boolean;
  /** Add the predicted day's weekday as 7 one-hot columns, Monday first. Default `false`. */
  dayOfWeek?: boolean;
}

/** A count of cases or countries: a whole number, 0 or more. */
function checkCount(argument: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InputError(argument, `Expected ${argument} to be a count (a whole number, 0 or more) but found ${describe(value)}.`);
  }
}

/**
 * Checks that `days` is a series the samples can pair: every day a real date, one
 * calendar day after the one before (no gap, no duplicate, in order), with counts.
 * Pairing across a gap would call a day two days later "tomorrow".
 */
function checkSeries(days: readonly CovidDay[]): void {
  for (let i = 0; i < days.length; i++) {
    const day = checkOptions(`days[${i}]`, i in days ? days[i] : undefined, '{ date, confirmedTotal, newCases, countriesInfected }');
    checkIsoDate(`days[${i}].date`, day.date);
    if (i > 0) {
      const expected = addDays(days[i - 1]!.date, 1);
      if (day.date !== expected) {
        throw new InputError(`days[${i}].date`, `Expected days[${i}].date to be ${expected}, the day after days[${i - 1}], but found ${describe(day.date)}: the series needs every calendar day once, in order.`);
      }
    }
    checkCount(`days[${i}].newCases`, day.newCases);
    checkCount(`days[${i}].countriesInfected`, day.countriesInfected);
  }
}

/** Samples and the names of their feature columns. */
export interface NextDayData {
  readonly featureNames: readonly string[];
  readonly samples: readonly NextDaySample[];
}

/**
 * Builds one sample per day that has a previous day and enough history: with
 * `lags: 7` the first target is the 8th day of the series. Nothing from the
 * predicted day itself enters the features, except its weekday, which is known in advance.
 *
 * @param days Consecutive days, e.g. from `loadCovidData()`.
 * @param options Which features to build (see {@link NextDayOptions}).
 * @returns The feature names and the samples, in date order.
 * @throws {InputError} If `lags` is not a positive integer, there are too few days for one sample, or the days
 *   are not consecutive calendar days (a gap, a duplicate, a bad date) with whole-number counts.
 * @example
 * ```ts
 * const { featureNames, samples } = nextDaySamples(loadCovidData());
 * featureNames; // ["new cases today", "countries today"]
 * samples[0]; // { date: "2020-01-23", features: [557, 6], target: 100, today: 557 }
 * ```
 */
export function nextDaySamples(days: readonly CovidDay[], given?: NextDayOptions): NextDayData {
  const options = checkOptions('options', given);
  const lags = checkPositiveInteger('lags', options.lags ?? 1);
  const withCountries = checkBoolean('countries', options.countries ?? true);
  const withWeekday = checkBoolean('dayOfWeek', options.dayOfWeek ?? false);
  if (!isOrdinaryArray(days) || days.length < lags + 1) {
    throw new InputError('days', `Expected days to hold at least ${lags + 1} days (lags + 1) but found ${isOrdinaryArray(days) ? days.length : describe(days)}.`);
  }
  checkSeries(days);
  const featureNames = [
    ...Array.from({ length: lags }, (_, k) => (k === 0 ? 'new cases today' : `new cases ${k} day${k > 1 ? 's' : ''} before`)),
    ...(withCountries ? ['countries today'] : []),
    ...(withWeekday ? WEEKDAYS.map((name) => `tomorrow is ${name}`) : []),
  ];
  const samples: NextDaySample[] = [];
  for (let t = lags - 1; t + 1 < days.length; t++) {
    const today = days[t]!;
    const tomorrow = days[t + 1]!;
    const weekday = withWeekday ? dayOfWeek(tomorrow.date) : -1;
    samples.push({
      date: tomorrow.date,
      features: [
        ...Array.from({ length: lags }, (_, k) => days[t - k]!.newCases),
        ...(withCountries ? [today.countriesInfected] : []),
        ...(withWeekday ? WEEKDAYS.map((_, d) => (d === weekday ? 1 : 0)) : []),
      ],
      target: tomorrow.newCases,
      today: today.newCases,
    });
  }
  return { featureNames, samples };
}
