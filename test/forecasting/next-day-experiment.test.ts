// The numbers the real-data chapter (08-real-data.ipynb) prints and argues from,
// computed on the shipped file with the same settings as the notebook.
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/forecasting/calendar.js';
import { splitDates } from '../../src/forecasting/chronological-split.js';
import { loadCovidData, type CovidDay } from '../../src/forecasting/covid-data.js';
import { meanAbsoluteError } from '../../src/forecasting/forecast-errors.js';
import { trainWithEarlyStopping } from '../../src/forecasting/early-stopping.js';
import {
  runNextDayExperiment,
  searchNextDaySettings,
  type NamedForecast,
  type NextDayCandidate,
  type NextDayExperiment,
  type NextDaySearch,
} from '../../src/forecasting/next-day-experiment.js';
import { applyScaler, fitScaler } from '../../src/forecasting/scaling.js';
import { splitByDate } from '../../src/forecasting/chronological-split.js';
import { createNetwork } from '../../src/network/network.js';
import { inputErrorOf } from '../support/input-error.js';
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

// The chapter's search: these candidates, seeds 1 to 3, patience 10, at most 100 epochs.
const CANDIDATES: NextDayCandidate[] = [[4], [8], [16], [8, 8]].flatMap((hidden) =>
  (['tanh', 'relu'] as const).flatMap((activation) => [0.01, 0.1].map((learningRate) => ({ hidden, activation, learningRate }))));
const SEARCH = { boundaries, candidates: CANDIDATES, seeds: [1, 2, 3], patience: 10 };
const describeCandidate = (c: NextDayCandidate) => `${c.hidden.join('-')} ${c.activation} ${c.learningRate}`;
const relatives = (e: NextDayExperiment) => e.networks.map((n) => n.scores.relativeMae);

describe('early stopping and the search on the shipped COVID data (08-real-data.ipynb)', () => {
  let search: NextDaySearch;
  let firstStopped: NextDayExperiment;
  let chosen: NextDayExperiment;
  let tensors: number;

  beforeAll(async () => {
    await useBackend('wasm');
    tensors = tf.memory().numTensors;
    search = searchNextDaySettings(days, SEARCH);
    firstStopped = runNextDayExperiment(days, { boundaries, seeds: SEEDS, patience: 10 });
    chosen = runNextDayExperiment(days, { boundaries, seeds: SEEDS, patience: 10, ...search.chosen.candidate });
  });

  it('runNextDayExperiment with patience keeps each seed at its lowest validation epoch and stops patience epochs later', () => {
    expect(firstStopped.networks.map((n) => n.keptEpoch)).toEqual([1, 2, 2, 1, 1]);
    for (const run of firstStopped.networks) {
      const losses = run.history.map((h) => h.validationLoss!);
      expect(losses.indexOf(Math.min(...losses)) + 1).toBe(run.keptEpoch);
      expect(run.history).toHaveLength(run.keptEpoch + 10);
    }
    expect(article.networks.every((n) => n.keptEpoch === 100)).toBe(true);
  });

  it('runNextDayExperiment with patience forecasts with the weights trainWithEarlyStopping keeps', () => {
    const split = splitByDate(nextDaySamples(days).samples, boundaries);
    const inputScaler = fitScaler(split.train.map((s) => s.features));
    const targetScaler = fitScaler(split.train.map((s) => s.target));
    const scaled = (rows: typeof split.train) => applyScaler(inputScaler, rows.map((s) => s.features));
    const run = trainWithEarlyStopping(createNetwork([2, 8, 1], { seed: 1 }), scaled(split.train), applyScaler(targetScaler, split.train.map((s) => s.target)), {
      learningRate: 0.01, epochs: 100, batchSize: 32, shuffleSeed: 1, patience: 10,
      validation: { inputs: scaled(split.validation), targets: applyScaler(targetScaler, split.validation.map((s) => s.target)) },
    });
    expect(run.history).toEqual(firstStopped.networks[0]!.history);
    expect(run.bestEpoch).toBe(1);
  });

  it('early stopping lowers the median seed\'s validation loss, yet raises its test error: 1.046 → 1.170 times persistence', () => {
    expect(median(relatives(article))).toBeCloseTo(1.046, 3);
    expect(median(relatives(firstStopped))).toBeCloseTo(1.17, 3);
    expect(Math.min(...relatives(firstStopped))).toBeCloseTo(0.981, 3);
    expect(Math.max(...relatives(firstStopped))).toBeCloseTo(1.607, 3);
    firstStopped.networks.forEach((run, i) => {
      expect(Math.min(...run.history.map((h) => h.validationLoss!))).toBeLessThan(article.networks[i]!.history.at(-1)!.validationLoss!);
    });
  });

  it('searchNextDaySettings ranks by the median lowest validation loss: 16 relu units at 0.01 win, the first settings come last', () => {
    expect(search.rows.map((r) => r.candidate)).toEqual(CANDIDATES);
    for (const row of search.rows) expect(row.validationLoss).toBe(median(row.validationLosses));
    expect(describeCandidate(search.chosen.candidate)).toBe('16 relu 0.01');
    expect(search.chosen.validationLoss).toBeCloseTo(0.1113, 4);
    const worst = search.rows.reduce((a, r) => (r.validationLoss > a.validationLoss ? r : a));
    expect(describeCandidate(worst.candidate)).toBe('8 tanh 0.01');
    expect(worst.validationLoss).toBeCloseTo(0.1236, 4);
  });

  it("the search's choice loses to persistence with every seed (1.007 to 1.829), worse than the first settings", () => {
    expect(chosen.networks.map((n) => n.keptEpoch)).toEqual([1, 5, 1, 2, 4]);
    expect(Math.min(...relatives(chosen))).toBeCloseTo(1.007, 3);
    expect(Math.max(...relatives(chosen))).toBeCloseTo(1.829, 3);
    expect(median(relatives(chosen))).toBeGreaterThan(median(relatives(firstStopped)));
  });

  it('searchNextDaySettings and runNextDayExperiment with patience leave no tensors behind', () => {
    expect(tf.memory().numTensors).toBe(tensors);
  });
});

describe("the chapter's searches for the richer feature sets", () => {
  let lastWeekSearched: NextDayExperiment;
  let weekdaySearched: NextDayExperiment;
  const chosenFor = (features: object) => searchNextDaySettings(days, { ...SEARCH, ...features }).chosen.candidate;

  beforeAll(async () => {
    await useBackend('wasm');
    const lastWeekFeatures = { lags: 7, countries: false };
    const weekdayFeatures = { ...lastWeekFeatures, dayOfWeek: true };
    const lastWeekChoice = chosenFor(lastWeekFeatures);
    const weekdayChoice = chosenFor(weekdayFeatures);
    expect(describeCandidate(lastWeekChoice)).toBe('16 relu 0.1');
    expect(describeCandidate(weekdayChoice)).toBe('4 relu 0.1');
    lastWeekSearched = runNextDayExperiment(days, { ...lastWeekFeatures, boundaries, seeds: SEEDS, patience: 10, ...lastWeekChoice });
    weekdaySearched = runNextDayExperiment(days, { ...weekdayFeatures, boundaries, seeds: SEEDS, patience: 10, ...weekdayChoice });
  }, 120_000);

  it('with the last week, the searched networks land at 0.534 to 0.743 times persistence; linear regression is better on 4 of 5 seeds', () => {
    expect(Math.min(...relatives(lastWeekSearched))).toBeCloseTo(0.534, 3);
    expect(Math.max(...relatives(lastWeekSearched))).toBeCloseTo(0.743, 3);
    expect(median(relatives(lastWeekSearched))).toBeCloseTo(0.648, 3);
    const linear = relative(lastWeekSearched, 'linear regression');
    expect(relatives(lastWeekSearched).filter((r) => r > linear)).toHaveLength(4);
    expect(Math.min(...relatives(lastWeekSearched))).toBeGreaterThan(relative(lastWeekSearched, 'weekly persistence'));
  });

  it('adding the weekday hurts the searched network (median 0.835 against 0.648) and helps linear regression', () => {
    expect(median(relatives(weekdaySearched))).toBeCloseTo(0.835, 3);
    expect(relative(weekdaySearched, 'linear regression')).toBeLessThan(relative(lastWeekSearched, 'linear regression'));
    expect(Math.min(...relatives(weekdaySearched))).toBeGreaterThan(relative(weekdaySearched, 'linear regression'));
  });
});

describe('searchNextDaySettings', () => {
  beforeAll(() => useBackend('wasm'));
  const two: NextDayCandidate[] = [{ hidden: [4], activation: 'tanh', learningRate: 0.01 }, { hidden: [4], activation: 'relu', learningRate: 0.1 }];

  it('searchNextDaySettings never reads the test period: changing every test day changes nothing', () => {
    const changed = days.map((d) => (d.date >= boundaries.testStart ? { ...d, newCases: d.newCases * 3 + 7 } : d));
    const options = { boundaries, candidates: two, seeds: [1, 2], epochs: 20 };
    expect(searchNextDaySettings(changed, options)).toEqual(searchNextDaySettings(days, options));
  });

  it('searchNextDaySettings keeps the epochs trainWithEarlyStopping keeps, and picks the lowest median', () => {
    const result = searchNextDaySettings(days, { boundaries, candidates: two, seeds: [1, 2, 3], epochs: 30, patience: 3 });
    expect(result.rows).toHaveLength(2);
    for (const row of result.rows) {
      expect(row.keptEpochs).toHaveLength(3);
      expect(row.validationLoss).toBe(median(row.validationLosses));
    }
    expect(result.chosen.validationLoss).toBe(Math.min(...result.rows.map((r) => r.validationLoss)));
    const again = runNextDayExperiment(days, { boundaries, seeds: [1, 2, 3], epochs: 30, patience: 3, ...two[0]! });
    expect(again.networks.map((n) => n.keptEpoch)).toEqual(result.rows[0]!.keptEpochs);
  });

  it('searchNextDaySettings refuses missing or empty candidates, naming them', () => {
    expect(inputErrorOf(() => searchNextDaySettings(days, { boundaries } as never)).argument).toBe('candidates');
    const empty = inputErrorOf(() => searchNextDaySettings(days, { boundaries, candidates: [] }));
    expect(empty.argument).toBe('candidates');
    expect(empty.message).toContain('at least one');
    expect(inputErrorOf(() => searchNextDaySettings(days, { boundaries, candidates: [null as never] })).argument).toBe('candidates[0]');
    expect(inputErrorOf(() => searchNextDaySettings(days, undefined as never)).argument).toBe('options');
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
