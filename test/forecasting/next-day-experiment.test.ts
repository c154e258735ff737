// The numbers the real-data chapter (08-real-data.ipynb) prints and argues from,
// computed on the shipped file with the same settings as the notebook.
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/forecasting/calendar.js';
import { splitDates } from '../../src/forecasting/chronological-split.js';
import { loadCovidData, type CovidDay } from '../../src/forecasting/covid-data.js';
import { meanAbsoluteError } from '../../src/forecasting/forecast-errors.js';
import { runNextDayExperiment, type NamedForecast, type NextDayExperiment } from '../../src/forecasting/next-day-experiment.js';
import { nextDaySamples } from '../../src/forecasting/next-day-samples.js';
import { tf } from '../../src/core/tf.js';
import { useBackend } from '../support/helpers.js';

const days = loadCovidData();
const boundaries = splitDates(nextDaySamples(days).samples.map((s) => s.date));
const SEEDS = [1, 2, 3, 4, 5];
const relative = (e: NextDayExperiment, name: string) => (e.forecasts.find((f) => f.name === name) as NamedForecast).scores.relativeMae;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

let article: NextDayExperiment;
let lastWeek: NextDayExperiment;
let weekday: NextDayExperiment;
let tensorsBefore: number;

beforeAll(async () => {
  await useBackend('wasm');
  tensorsBefore = tf.memory().numTensors;
  article = runNextDayExperiment(days, { boundaries, seeds: SEEDS });
  lastWeek = runNextDayExperiment(days, { lags: 7, countries: false, boundaries, seeds: SEEDS });
  weekday = runNextDayExperiment(days, { lags: 7, countries: false, dayOfWeek: true, boundaries, seeds: SEEDS });
});

describe('runNextDayExperiment on the shipped COVID data', () => {
  it('splitDates puts validation from 2022-04-01 and test from 2022-09-20 (70 / 15 / 15 of the predicted days)', () => {
    expect(boundaries).toEqual({ validationStart: '2022-04-01', testStart: '2022-09-20' });
    const { train, validation, test } = article.split;
    expect([train.length, validation.length, test.length]).toEqual([799, 172, 171]);
    expect(test.at(-1)!.date).toBe('2023-03-09');
  });

  it('runNextDayExperiment splits chronologically without overlap, and tests every feature set on the same days', () => {
    for (const { split } of [article, lastWeek, weekday]) {
      const dates = (period: 'train' | 'validation' | 'test') => split[period].map((s) => s.date);
      const [train, validation, test] = [dates('train'), dates('validation'), dates('test')];
      expect(train.at(-1)! < validation[0]! && validation.at(-1)! < test[0]!).toBe(true);
      expect(new Set([...train, ...validation, ...test]).size).toBe(train.length + validation.length + test.length);
    }
    expect(lastWeek.split.train).toHaveLength(793); // six fewer: a week of history is needed first
    expect(lastWeek.dates).toEqual(article.dates);
    expect(weekday.dates).toEqual(article.dates);
    expect(lastWeek.actual).toEqual(article.actual);
  });

  it('runNextDayExperiment fits the scalers on the training period only', () => {
    const trainToday = article.split.train.map((s) => s.features[0]!);
    expect(article.inputScaler.offset[0]).toBeCloseTo(trainToday.reduce((a, b) => a + b, 0) / trainToday.length, 6);
    const everyDay = days.reduce((a, d) => a + d.newCases, 0) / days.length;
    expect(Math.abs(article.inputScaler.offset[0]! - everyDay)).toBeGreaterThan(10_000);
    const trainTargets = article.split.train.map((s) => s.target);
    expect(article.targetScaler.offset[0]).toBeCloseTo(trainTargets.reduce((a, b) => a + b, 0) / trainTargets.length, 6);
  });

  it("persistence's test error is the same computed from the samples and straight from the days", () => {
    const fromSamples = article.forecasts[0]!;
    expect(fromSamples.name).toBe('persistence');
    const start = days.findIndex((d) => d.date === boundaries.testStart);
    const changes = days.slice(start).map((d, i) => Math.abs(d.newCases - days[start + i - 1]!.newCases));
    const fromDays = changes.reduce((a, b) => a + b, 0) / changes.length;
    expect(fromSamples.scores.mae).toBeCloseTo(fromDays, 6);
    expect(fromSamples.scores.mae).toBeCloseTo(110_084.87, 2);
    expect(meanAbsoluteError(article.split.test.map((s) => s.features[0]!), article.actual)).toBe(fromSamples.scores.mae);
  });

  it('weekly persistence (same weekday a week before) halves the error of persistence: MAE 57,510', () => {
    expect(article.forecasts.map((f) => f.name)).toEqual(['persistence', 'weekly persistence', 'linear regression', 'network']);
    expect(article.forecasts[1]!.scores.mae).toBeCloseTo(57_510.42, 2);
    expect(relative(article, 'weekly persistence')).toBeCloseTo(0.522, 3);
    // With a week of lags, the same forecast is simply the feature "6 days before today".
    expect(meanAbsoluteError(lastWeek.split.test.map((s) => s.features[6]!), lastWeek.actual)).toBeCloseTo(57_510.42, 2);
  });

  it("with the article's two inputs, linear regression ties with persistence and no network seed beats it", () => {
    expect(relative(article, 'linear regression')).toBeCloseTo(0.993, 3);
    expect(article.forecasts[2]!.scores.mae).toBeCloseTo(109_357.5, 1);
    for (const run of article.networks) expect(run.scores.relativeMae, `seed ${run.seed}`).toBeGreaterThan(1);
  });

  it('with the last 7 days, every model beats persistence, linear beats every network seed, weekly persistence beats them all', () => {
    expect(relative(lastWeek, 'linear regression')).toBeCloseTo(0.578, 3);
    const networks = lastWeek.networks.map((r) => r.scores.relativeMae);
    expect(Math.max(...networks)).toBeLessThan(0.8);
    expect(Math.min(...networks)).toBeGreaterThan(relative(lastWeek, 'linear regression'));
    expect(Math.min(...networks)).toBeGreaterThan(relative(lastWeek, 'weekly persistence'));
  });

  it('adding the weekday helps linear regression a little and hurts every network', () => {
    expect(relative(weekday, 'linear regression')).toBeCloseTo(0.559, 3);
    expect(relative(weekday, 'linear regression')).toBeLessThan(relative(lastWeek, 'linear regression'));
    const before = lastWeek.networks.map((r) => r.scores.relativeMae);
    const after = weekday.networks.map((r) => r.scores.relativeMae);
    expect(median(after)).toBeGreaterThan(median(before) + 0.05);
    expect(Math.min(...after)).toBeGreaterThan(relative(weekday, 'linear regression'));
  });

  it('runNextDayExperiment records a validation loss every epoch and leaves no tensors behind', () => {
    for (const run of lastWeek.networks) {
      expect(run.history).toHaveLength(100);
      expect(run.history.every((h) => Number.isFinite(h.validationLoss))).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});

describe('runNextDayExperiment on hand-made data', () => {
  // Eight weeks with the same weekly shape: weekly persistence is exact, and a week of
  // lags lets linear regression find it too.
  const SHAPE = [300, 420, 440, 450, 430, 200, 150];
  const weekly: CovidDay[] = Array.from({ length: 56 }, (_, i) => ({
    date: addDays('2021-03-01', i), confirmedTotal: 0, newCases: SHAPE[i % 7]!, countriesInfected: 50,
  }));
  const handMadeBoundaries = { validationStart: '2021-04-05', testStart: '2021-04-12' };

  beforeAll(() => useBackend('wasm'));

  it('runNextDayExperiment scores a perfectly weekly series: weekly persistence and linear regression on lags are exact', () => {
    const e = runNextDayExperiment(weekly, { lags: 7, countries: false, boundaries: handMadeBoundaries, epochs: 3, seeds: [1, 2] });
    expect(e.dates[0]).toBe('2021-04-12');
    expect(e.actual).toHaveLength(14);
    expect(e.forecasts.map((f) => f.name)).toEqual(['persistence', 'weekly persistence', 'linear regression', 'network']);
    expect(e.forecasts[1]!.scores.mae).toBe(0);
    expect(e.forecasts[2]!.scores.mae).toBeLessThan(1e-6);
    expect(e.forecasts[0]!.scores.relativeMae).toBe(1);
    expect(e.networks.map((n) => n.seed)).toEqual([1, 2]);
    expect(e.networks[0]!.history).toHaveLength(3);
    expect(e.inputScaler.scale).toHaveLength(7);
  });

  it('runNextDayExperiment reports every epoch of every seed to onEpoch, in order', () => {
    const seen: number[] = [];
    const e = runNextDayExperiment(weekly, { lags: 7, countries: false, boundaries: handMadeBoundaries, epochs: 3, seeds: [1, 2], onEpoch: (r) => seen.push(r.loss) });
    expect(seen).toEqual(e.networks.flatMap((n) => n.history.map((h) => h.loss)));
  });

  it('runNextDayExperiment leaves out weekly persistence when the test period has no week of history', () => {
    const e = runNextDayExperiment(weekly.slice(0, 12), { boundaries: { validationStart: '2021-03-04', testStart: '2021-03-06' }, epochs: 1, hidden: [2], batchSize: 4 });
    expect(e.forecasts.map((f) => f.name)).toEqual(['persistence', 'linear regression', 'network']);
  });
});
