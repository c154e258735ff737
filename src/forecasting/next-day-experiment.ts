/**
 * The chapter's whole comparison in one call, so that every feature set is treated
 * the same way: build samples, split by date, fit scalers on the training period,
 * then forecast the test period with persistence, weekly persistence, linear
 * regression and seeded networks (optionally stopped early on the validation
 * period), and score them all against persistence.
 * Taught in `08-real-data.ipynb`, which first does each step by hand.
 */
import type { ActivationName } from '../network/activations.js';
import { addDays } from './calendar.js';
import { splitByDate, type ChronologicalSplit, type SplitDates } from './chronological-split.js';
import type { CovidDay } from './covid-data.js';
import { scoreForecast, type ForecastScores } from './forecast-errors.js';
import { fitLinearRegression, predictLinear, type LinearModel } from './linear-regression.js';
import { InputError } from '../core/errors.js';
import { median } from '../core/statistics.js';
import type { Matrix, Vector } from '../core/types.js';
import { checkArray, checkOptions } from '../core/validate.js';
import { createNetwork, type Network } from '../network/network.js';
import { nextDaySamples, type NextDayOptions, type NextDaySample } from './next-day-samples.js';
import { applyScaler, fitScaler, invertScaler, type Scaler, type ScalingMethod } from './scaling.js';
import { predict, trainNetwork } from '../network/training.js';
import { trainWithEarlyStopping } from './early-stopping.js';
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
  /** Default `100`; with `patience`, the most epochs. */
  epochs?: number;
  /**
   * Early stopping: stop once the validation loss has not reached a new low for this
   * many epochs, and forecast with the weights of its lowest epoch (see
   * {@link trainWithEarlyStopping}). Default `null`: train all `epochs`, forecast with the last weights.
   */
  patience?: number | null;
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
  /** Every epoch trained. */
  history: EpochRecord[];
  /** The epoch whose weights made the forecast: the lowest validation loss with `patience`, else the last. */
  keptEpoch: number;
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
 * the validation period only feeds the networks' `validationLoss`, and with
 * `patience` decides when each network stops and which of its epochs is kept.
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
  const { featureNames, split, inputScaler, targetScaler, scaled, targets, trainTargets, validation } = prepare(days, options);
  const actual = targets('test');
  const persistence = split.test.map((s) => s.today);
  const forecast = (name: string, predictions: number[]): NamedForecast => ({ name, predictions, scores: scoreForecast(predictions, persistence, actual) });
  const forecasts = [forecast('persistence', persistence)];

  const byDate = new Map(days.map((d) => [d.date, d.newCases]));
  const weekAgo = split.test.map((s) => byDate.get(addDays(s.date, -7)));
  if (weekAgo.every((v): v is number => v !== undefined)) forecasts.push(forecast('weekly persistence', weekAgo));

  const linearModel = fitLinearRegression(scaled('train'), targets('train'));
  forecasts.push(forecast('linear regression', predictLinear(linearModel, scaled('test'))));

  const networks = (options.seeds ?? [1]).map((seed): NetworkRun => {
    const trained = trainOne(featureNames.length, scaled('train'), trainTargets, validation, seed, options, options.patience ?? null);
    const predictions = invertScaler(targetScaler, predict(trained.network, scaled('test')).map((row) => row[0]!));
    return { ...forecast('network', predictions), seed, history: trained.history, keptEpoch: trained.bestEpoch };
  });
  forecasts.push(networks[0]!);
  return { featureNames, split, inputScaler, targetScaler, linearModel, dates: split.test.map((s) => s.date), actual, forecasts, networks };
}

/** One candidate of {@link searchNextDaySettings}: the network settings it tries. */
export interface NextDayCandidate {
  /** Hidden layer sizes, e.g. `[8]` or `[8, 8]`. */
  hidden: readonly number[];
  activation: ActivationName;
  learningRate: number;
}

/** Options for {@link searchNextDaySettings}: the feature set, the split, the candidates and the training. */
export interface NextDaySearchOptions extends NextDayOptions {
  /** Where validation and test begin. Required. */
  boundaries: SplitDates;
  /** The settings to try. Required, at least one. */
  candidates: readonly NextDayCandidate[];
  /** Seeds each candidate is trained with. Default `[1]`. */
  seeds?: readonly number[];
  /** Early stopping's patience. Default `10`. */
  patience?: number;
  /** The most epochs. Default `100`. */
  epochs?: number;
  /** Rows per update. Default `32`. */
  batchSize?: number;
  /** Default `"standardize"`. */
  scaling?: ScalingMethod;
  /** Called after every epoch of every run, in order. Default none. */
  onEpoch?: (record: EpochRecord) => void;
}

/** How one candidate did on the validation period. */
export interface NextDaySearchRow {
  candidate: NextDayCandidate;
  /** The lowest validation loss of each seed's run (standardised cases, mean squared error). */
  validationLosses: number[];
  /** Their median: what the search ranks by. */
  validationLoss: number;
  /** The epoch each seed's run kept. */
  keptEpochs: number[];
}

/** What {@link searchNextDaySettings} returns. */
export interface NextDaySearch {
  /** One row per candidate, in the order given. */
  rows: NextDaySearchRow[];
  /** The row with the lowest `validationLoss` (the first, on a tie). */
  chosen: NextDaySearchRow;
}

/**
 * A small search over network settings, decided on the validation period alone:
 * each candidate is trained with early stopping for every seed, scored by the median
 * of its lowest validation losses, and the lowest score wins. Nothing of the test
 * period is read, so the chosen settings can be tested once afterwards with
 * {@link runNextDayExperiment}.
 *
 * @param days The consecutive days, e.g. `loadCovidData()`.
 * @param options Feature set, `boundaries` and `candidates` (required), seeds and training.
 * @returns Every candidate's validation score, and the chosen one.
 * @throws {InputError} With no candidates, and as the steps it runs (samples, split, scaling, training).
 * @example
 * ```ts
 * const search = searchNextDaySettings(days, { boundaries, seeds: [1, 2, 3], candidates: [
 *   { hidden: [8], activation: 'tanh', learningRate: 0.01 }, { hidden: [16], activation: 'relu', learningRate: 0.03 },
 * ] });
 * runNextDayExperiment(days, { boundaries, ...search.chosen.candidate, patience: 10, seeds: [1, 2, 3, 4, 5] });
 * ```
 */
export function searchNextDaySettings(days: readonly CovidDay[], options: NextDaySearchOptions): NextDaySearch {
  checkOptions('options', options, '{ boundaries, candidates: [{ hidden: [8], activation: "tanh", learningRate: 0.01 }] }');
  checkArray('candidates', options.candidates, 'an array of candidate settings');
  if (options.candidates.length === 0) throw new InputError('candidates', 'Expected candidates to hold at least one setting to try but found an empty array.');
  options.candidates.forEach((c, i) => checkOptions(`candidates[${i}]`, c, '{ hidden: [8], activation: "tanh", learningRate: 0.01 }'));
  const { featureNames, scaled, trainTargets, validation } = prepare(days, options);
  const rows = options.candidates.map((candidate): NextDaySearchRow => {
    const runs = (options.seeds ?? [1]).map((seed) =>
      trainOne(featureNames.length, scaled('train'), trainTargets, validation, seed, { ...options, ...candidate }, options.patience ?? 10),
    );
    const validationLosses = runs.map((r) => r.history[r.bestEpoch - 1]!.validationLoss!);
    return { candidate, validationLosses, validationLoss: median(validationLosses), keptEpochs: runs.map((r) => r.bestEpoch) };
  });
  const chosen = rows.reduce((best, row) => (row.validationLoss < best.validationLoss ? row : best));
  return { rows, chosen };
}

/** Samples, split and scalers fitted on the training period: what the experiment and the search share. */
function prepare(days: readonly CovidDay[], options: NextDayOptions & { boundaries: SplitDates; scaling?: ScalingMethod }) {
  const { featureNames, samples } = nextDaySamples(days, options);
  const split = splitByDate(samples, options.boundaries);
  const inputs = (period: keyof typeof split) => split[period].map((s) => s.features);
  const targets = (period: keyof typeof split) => split[period].map((s) => s.target);
  const method = options.scaling ?? 'standardize';
  const inputScaler = fitScaler(inputs('train'), { method });
  const targetScaler = fitScaler(targets('train'), { method });
  const scaled = (period: keyof typeof split) => applyScaler(inputScaler, inputs(period));
  const trainTargets = applyScaler(targetScaler, targets('train'));
  const validation = { inputs: scaled('validation'), targets: applyScaler(targetScaler, targets('validation')) };
  return { featureNames, split, inputScaler, targetScaler, scaled, targets, trainTargets, validation };
}

/** Trains one seed's network: every epoch (`patience` null, keeping the last) or with early stopping. */
function trainOne(
  columns: number,
  inputs: Matrix,
  targets: Vector,
  validation: { inputs: Matrix; targets: Vector },
  seed: number,
  options: Omit<NextDayExperimentOptions, 'boundaries' | 'patience'>,
  patience: number | null,
): { network: Network; history: EpochRecord[]; bestEpoch: number } {
  const initial = createNetwork([columns, ...(options.hidden ?? [8]), 1], { seed, activations: options.activation ?? 'tanh' });
  const settings = {
    learningRate: options.learningRate ?? 0.01,
    epochs: options.epochs ?? 100,
    batchSize: options.batchSize ?? 32,
    shuffleSeed: seed,
    validation,
    ...(options.onEpoch === undefined ? {} : { onEpoch: options.onEpoch }),
  };
  if (patience === null) return { ...trainNetwork(initial, inputs, targets, settings), bestEpoch: settings.epochs };
  return trainWithEarlyStopping(initial, inputs, targets, { ...settings, patience });
}
