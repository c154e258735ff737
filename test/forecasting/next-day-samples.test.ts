import { describe, expect, it } from 'vitest';
import type { CovidDay } from '../../src/forecasting/covid-data.js';
import { InputError } from '../../src/core/errors.js';
import { nextDaySamples } from '../../src/forecasting/next-day-samples.js';
import { inputErrorOf, nullPrototype } from '../support/input-error.js';

// Ten days from Wednesday 2020-01-22: new cases 1, 2, ..., 10; countries 100 + day.
const DAYS: CovidDay[] = Array.from({ length: 10 }, (_, i) => ({
  date: `2020-01-${String(22 + i).padStart(2, '0')}`,
  confirmedTotal: ((i + 1) * (i + 2)) / 2,
  newCases: i + 1,
  countriesInfected: 100 + i,
}));

describe('nextDaySamples', () => {
  it("nextDaySamples() pairs today's cases and countries with tomorrow's cases (the article's inputs)", () => {
    const { featureNames, samples } = nextDaySamples(DAYS);
    expect(featureNames).toEqual(['new cases today', 'countries today']);
    expect(samples).toHaveLength(9);
    expect(samples[0]).toEqual({ date: '2020-01-23', features: [1, 100], target: 2, today: 1 });
    expect(samples.at(-1)).toEqual({ date: '2020-01-31', features: [9, 108], target: 10, today: 9 });
  });

  it('nextDaySamples({ lags: 3 }) lists today first, then earlier days, and starts when three days are known', () => {
    const { featureNames, samples } = nextDaySamples(DAYS, { lags: 3, countries: false });
    expect(featureNames).toEqual(['new cases today', 'new cases 1 day before', 'new cases 2 days before']);
    expect(samples).toHaveLength(7);
    expect(samples[0]).toEqual({ date: '2020-01-25', features: [3, 2, 1], target: 4, today: 3 });
  });

  it('nextDaySamples({ dayOfWeek: true }) one-hot encodes the predicted day, Monday first', () => {
    const { featureNames, samples } = nextDaySamples(DAYS, { countries: false, dayOfWeek: true });
    expect(featureNames).toEqual(['new cases today', 'tomorrow is Mon', 'tomorrow is Tue', 'tomorrow is Wed', 'tomorrow is Thu', 'tomorrow is Fri', 'tomorrow is Sat', 'tomorrow is Sun']);
    expect(samples[0]!.features).toEqual([1, 0, 0, 0, 1, 0, 0, 0]); // 2020-01-23 is a Thursday
    expect(samples[3]!.features).toEqual([4, 0, 0, 0, 0, 0, 0, 1]); // 2020-01-26 is a Sunday
    expect(samples[4]!.features).toEqual([5, 1, 0, 0, 0, 0, 0, 0]); // 2020-01-27 is a Monday
  });

  it('nextDaySamples never puts the predicted day (or later) into the features', () => {
    const { samples } = nextDaySamples(DAYS, { lags: 4 });
    for (const s of samples) {
      const t = DAYS.findIndex((d) => d.date === s.date);
      expect(s.target).toBe(DAYS[t]!.newCases);
      expect(s.features.slice(0, 4)).toEqual([t - 1, t - 2, t - 3, t - 4].map((k) => DAYS[k]!.newCases));
      expect(s.features[4]).toBe(DAYS[t - 1]!.countriesInfected);
    }
  });

  it('nextDaySamples rejects bad lags and too few days', () => {
    expect(() => nextDaySamples(DAYS, { lags: 0 })).toThrow(InputError);
    expect(() => nextDaySamples(DAYS, { lags: 1.5 })).toThrow(/lags to be an integer greater than 0 but found 1.5/);
    expect(() => nextDaySamples(DAYS, { lags: 10 })).toThrow('Expected days to hold at least 11 days (lags + 1) but found 10.');
    expect(() => nextDaySamples([])).toThrow(/at least 2 days .* found 0/);
  });
});

describe('nextDaySamples rejects broken series', () => {
  it('nextDaySamples refuses a gap instead of pairing across it', () => {
    const gap = DAYS.filter((d) => d.date !== '2020-01-25');
    const e = inputErrorOf(() => nextDaySamples(gap));
    expect(e.argument).toBe('days[3].date');
    expect(e.message).toMatch(/to be 2020-01-25, the day after days\[2\], but found "2020-01-26"/);
  });

  it('nextDaySamples refuses duplicates, bad dates and NaN counts, naming the day', () => {
    expect(inputErrorOf(() => nextDaySamples([...DAYS.slice(0, 3), DAYS[2]!, ...DAYS.slice(3)])).argument).toBe('days[3].date');
    expect(inputErrorOf(() => nextDaySamples([{ ...DAYS[0]!, date: '2020-02-30' }, ...DAYS.slice(1)])).argument).toBe('days[0].date');
    expect(inputErrorOf(() => nextDaySamples(DAYS.map((d, i) => (i === 4 ? { ...d, newCases: NaN } : d)))).argument).toBe('days[4].newCases');
    expect(inputErrorOf(() => nextDaySamples(DAYS.map((d, i) => (i === 5 ? { ...d, countriesInfected: -1 } : d)))).argument).toBe('days[5].countriesInfected');
    expect(inputErrorOf(() => nextDaySamples([null as never, ...DAYS.slice(1)])).argument).toBe('days[0]');
  });

  it('nextDaySamples rejects days without a prototype and options that are not booleans', () => {
    expect(inputErrorOf(() => nextDaySamples(nullPrototype(DAYS))).argument).toBe('days');
    expect(inputErrorOf(() => nextDaySamples(DAYS, { countries: 'yes' as never })).argument).toBe('countries');
    expect(nextDaySamples(DAYS, null as never).samples).toHaveLength(9);
  });
});
