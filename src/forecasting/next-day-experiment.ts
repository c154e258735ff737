/**
 * The chapter's whole comparison in one call, so that every feature set is treated
 * the same way: build samples, split by date, fit scalers on the training period,
 * then forecast the test period with persistence, weekly persistence, linear
 * regression and seeded networks, and score them all against persistence.
 * Taught in `08-real-data.ipynb`, which first does each step by hand.
 */
import type { ActivationName } from '../network/activations.js';
import { addDays } from './calendar.js';
import { splitByDate, type ChronologicalSplit, type SplitDates } from './chronological-split.js';
import type { CovidDay } from './covid-data.js';
import { scoreForecast, type ForecastScores } from './forecast-errors.js';
import { fitLinearRegression, predictLinear, type LinearModel } from './linear-regression.js';
import { createNetwork } from '../network/network.js';
import { nextDaySamples, type NextDayOptions, type NextDaySample } from './next-day-samples.js';
import { applyScaler, fitScaler, invertScaler, type Scaler, type ScalingMethod } from './scaling.js';
import { predict, trainNetwork } from '../network/training.js';
import type { EpochRecord } from '../core/types.js';

/** Options for {@link runNextDayExperiment}: the features, the split and the network. */
export interface NextDayExperimentOptions extends NextDayOptions {
  /** Where validation and test begin; use the same for every feature set. Required. */
  boundaries: SplitDates;
  /** Hidden layer sizes. Default `[8]`. */
  hidden?: readonly number[];
  /** Hidden-layer activation (the output is linear). Default `"tanh"`. */
  activation?: ActivationName;
  /** Default `0.01`. */
  learningRate?: number;
  /** Default `100`. */
  epochs?: number;
  /** Rows per update. Default `32`. */
  batchSize?: number;
  /** One network per seed (initial weights and shuffling). Default `[1]`. */
  seeds?: readonly number[];
  /** How inputs and targets are scaled, fitted on the training period. Default `"standardize"`. */
  scaling?: ScalingMethod;
  /** Called after every epoch of every seed's network, in order (e.g. `trainingProgress({ runs: seeds.length }).update`). Default none. */
  onEpoch?: (record: EpochRecord) => void;
}

/** One forecast of the test period and its errors (relative to persistence). */
export interface NamedForecast {
  name: string;
  predictions: number[];
  scores: ForecastScores;
}

/** One trained network: its seed, test forecast and training history (scaled units). */
export interface NetworkRun extends NamedForecast {
  seed: number;
  history: EpochRecord[];
}

/** What {@link runNextDayExperiment} returns. */
export interface NextDayExperiment {
  featureNames: readonly string[];
  split: ChronologicalSplit<NextDaySample>;
  inputScaler: Scaler;
  targetScaler: Scaler;
  linearModel: LinearModel;
  /** The test period's dates and what happened on them. */
  dates: string[];
  actual: number[];
  /** Persistence, weekly persistence, linear regression and the first seed's network, in that order. */
  forecasts: NamedForecast[];
  /** One run per seed. */
  networks: NetworkRun[];
}

/**
 * Runs the comparison for one feature set. Nothing from the validation or test
 * periods is used to fit the scalers, the linear model or the network weights;
 * the validation period only feeds the networks' `validationLoss`.
 *
 * @param days The consecutive days, e.g. `loadCovidData()`.
 * @param options Feature set, `boundaries` (required) and network settings.
 * @returns Forecasts and errors for the test period, and what was fitted.
 * @throws {InputError} As the steps it runs (samples, split, scaling, training).
 * @example
 * ```ts
 * const boundaries = splitDates(nextDaySamples(days).samples.map((s) => s.date));
 * const lastWeek = runNextDayExperiment(days, { lags: 7, countries: false, boundaries, seeds: [1, 2, 3] });
 * lastWeek.forecasts.map((f) => [f.name, f.scores.mae]);
 * ```
 */
export function runNextDayExperiment(days: readonly CovidDay[], options: NextDayExperimentOptions): NextDayExperiment {
  const { featureNames, samples } = nextDaySamples(days, options);
  const split = splitByDate(samples, options.boundaries);
  const inputs = (period: keyof typeof split) => split[period].map((s) => s.features);
  const targets = (period: keyof typeof split) => split[period].map((s) => s.target);
  const method = options.scaling ?? 'standardize';
  const inputScaler = fitScaler(inputs('train'), { method });
  const targetScaler = fitScaler(targets('train'), { method });
  const scaled = (period: keyof typeof split) => applyScaler(inputScaler, inputs(period));

  const actual = targets('test');
  const persistence = split.test.map((s) => s.today);
  const forecast = (name: string, predictions: number[]): NamedForecast => ({ name, predictions, scores: scoreForecast(predictions, persistence, actual) });
  const forecasts = [forecast('persistence', persistence)];

  const byDate = new Map(days.map((d) => [d.date, d.newCases]));
  const weekAgo = split.test.map((s) => byDate.get(addDays(s.date, -7)));
  if (weekAgo.every((v): v is number => v !== undefined)) forecasts.push(forecast('weekly persistence', weekAgo));

  const linearModel = fitLinearRegression(scaled('train'), targets('train'));
  forecasts.push(forecast('linear regression', predictLinear(linearModel, scaled('test'))));

  const trainTargets = applyScaler(targetScaler, targets('train'));
  const validation = { inputs: scaled('validation'), targets: applyScaler(targetScaler, targets('validation')) };
  const networks = (options.seeds ?? [1]).map((seed): NetworkRun => {
    const initial = createNetwork([featureNames.length, ...(options.hidden ?? [8]), 1], { seed, activations: options.activation ?? 'tanh' });
    const { network, history } = trainNetwork(initial, scaled('train'), trainTargets, {
      learningRate: options.learningRate ?? 0.01,
      epochs: options.epochs ?? 100,
      batchSize: options.batchSize ?? 32,
      shuffleSeed: seed,
      validation,
      ...(options.onEpoch === undefined ? {} : { onEpoch: options.onEpoch }),
    });
    const predictions = invertScaler(targetScaler, predict(network, scaled('test')).map((row) => row[0]!));
    return { ...forecast('network', predictions), seed, history };
  });
  forecasts.push(networks[0]!);
  return { featureNames, split, inputScaler, targetScaler, linearModel, dates: split.test.map((s) => s.date), actual, forecasts, networks };
}
