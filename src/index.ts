/**
 * backprop-ts: deep neural networks and backpropagation from scratch in TypeScript.
 *
 * The supported public API, listed by name and grouped by the notebook that teaches
 * it (each export's JSDoc names that notebook too). Notebooks import only from here.
 * Plumbing that tools need (engines' internals, chart HTML, display sinks, argument
 * checks) lives behind `backprop-ts/internal` and may change without notice.
 */

// Every notebook: TensorFlow.js, its backend, data shapes, errors, seeds, tables.
export { tf } from './core/tf.js';
export { BACKENDS, describeBackend, selectBackend, type BackendName, type SelectBackendOptions } from './core/backend.js';
export type { EpochRecord, Matrix, Vector } from './core/types.js';
export { BackpropError, DivergenceError, InputError } from './core/errors.js';
export { createRandom, shuffleInPlace, splitSeed, type Random } from './core/random.js';
export { extent, mean, median, summarize, variance, type Summary } from './core/statistics.js';
export { formatTable, type Cell, type TableOptions } from './core/table.js';

// 01 Generalized gradient descent (the loop).
export { FEATURE_NAMES, INPUTS, TARGETS } from './article/data.js';
export {
  LINEAR_DEFAULTS,
  gradientDescentLoop,
  weightedSum,
  type LinearDivergence,
  type LinearEpoch,
  type LinearOptions,
  type LinearResult,
} from './linear/gradient-descent-loop.js';
export { errorAt, errorSurface, type ErrorSurface } from './linear/error-surface.js';

// 02 Vectorization with TensorFlow.js.
export { gradientDescentVectorized } from './linear/gradient-descent-vectorized.js';

// 03 Backpropagation.
export { linearGradient, linearGradientAutodiff } from './linear/linear-gradient.js';

// 04 Deep networks: stacking functions, activations, weight initialization.
export { compose, f, g, sample, type Fn, type SampleOptions } from './article/stacking.js';
export {
  ACTIVATIONS,
  FLOAT32_SINH_LIMIT,
  LEAKY_RELU_SLOPE,
  activation,
  identity,
  leakyRelu,
  relu,
  sigmoid,
  tanh,
  tanhSinhCosh,
  type Activation,
  type ActivationName,
} from './network/activations.js';
export { INITIALIZERS, initWeights, initialValues, type InitOptions, type InitializerName, type WeightShape } from './network/initializers.js';

// 05 Training a deep network (the article's 2-4-1 network) and the reproduction report.
export {
  ARTICLE_NETWORK_DEFAULTS,
  articleGradients,
  articleNetworkForward,
  trainArticleNetwork,
  type ArticleNetworkDivergence,
  type ArticleNetworkOptions,
  type ArticleNetworkOutputs,
  type ArticleNetworkResult,
  type DeltaVariant,
} from './article/article-network.js';
export {
  ARTICLE_NETWORK_ERRORS,
  agrees,
  describeAgreement,
  reproduceArticle,
  type Agreement,
  type ReproductionCheck,
} from './article/reproduction.js';

// 06 Gradient checking, on networks of any depth.
export { createNetwork, parameterCount, predictPlain, type Network, type NetworkOptions } from './network/network.js';
export type { Objective } from './network/backprop.js';
export { referenceBackprop, type ReferenceResult } from './network/reference-backprop.js';
export {
  chooseEngine,
  evaluate,
  predict,
  trainNetwork,
  type EngineName,
  type TrainDivergence,
  type TrainOptions,
  type TrainResult,
  type TrainingRun,
} from './network/training.js';
export {
  autodiffGradients,
  backpropGradients,
  checkGradients,
  flattenGradients,
  maxRelativeError,
  numericGradients,
  relativeError,
  type GradientCheckResult,
  type GradientOptions,
  type Gradients,
} from './network/gradient-check.js';

// 07 Why the error stalls.
export {
  ABLATION_RECIPES,
  STALL_RECIPES,
  compareStallRecipes,
  runStallRecipe,
  standardizeColumns,
  type StallRecipe,
  type StallResult,
} from './article/stall-experiments.js';

// 08 Real data: the COVID-19 series, next-day samples, splits, scaling, baselines.
export { WEEKDAYS, addDays, checkIsoDate, dayOfWeek, isIsoDate } from './forecasting/calendar.js';
export {
  COVID_CSV_HEADER,
  COVID_DATA_SHA256,
  COVID_DATA_URL,
  loadCovidData,
  parseCovidCsv,
  type CovidDay,
} from './forecasting/covid-data.js';
export { nextDaySamples, type NextDayData, type NextDayOptions, type NextDaySample } from './forecasting/next-day-samples.js';
export { splitByDate, splitDates, type ChronologicalSplit, type SplitDates, type SplitFractions } from './forecasting/chronological-split.js';
export {
  SCALING_METHODS,
  applyScaler,
  fitScaler,
  invertScaler,
  type Scaler,
  type ScalerOptions,
  type ScalingMethod,
} from './forecasting/scaling.js';
export { fitLinearRegression, predictLinear, type LinearModel, type LinearRegressionOptions } from './forecasting/linear-regression.js';
export {
  meanAbsoluteError,
  meanAbsolutePercentageError,
  relativeMeanAbsoluteError,
  rootMeanSquaredError,
  scoreForecast,
  type ForecastScores,
} from './forecasting/forecast-errors.js';
export {
  runNextDayExperiment,
  searchNextDaySettings,
  type NamedForecast,
  type NetworkRun,
  type NextDayCandidate,
  type NextDayExperiment,
  type NextDayExperimentOptions,
  type NextDaySearch,
  type NextDaySearchOptions,
  type NextDaySearchRow,
} from './forecasting/next-day-experiment.js';
export { trainWithEarlyStopping, type EarlyStoppingOptions, type EarlyStoppingResult } from './forecasting/early-stopping.js';

// 09 Does vectorization pay: timings, workloads and the benchmark report.
export {
  crossover,
  measureEngines,
  measureVectorization,
  syntheticLinearData,
  type Engine,
  type EngineTiming,
  type Timing,
  type VectorizationOptions,
} from './speed/vectorization.js';
export { WORKLOADS, workload, workloadFlops, workloadProblem, type Workload, type WorkloadProblem } from './speed/workloads.js';
export {
  LATEST_BENCHMARK_URL,
  formatBenchmark,
  formatSeconds,
  baselineOf,
  measuredEntry,
  ratioToBaseline,
  readBenchmarkReport,
  timeTraining,
  type BenchmarkEntry,
  type BenchmarkReport,
  type TimeTrainingOptions,
  type TrainingTiming,
} from './speed/benchmark.js';
export { createTensorEngine } from './network/engines/tensor-engine.js';
export { setWasmGemmEnabled, wasmGemmReady, withWasmGemm } from './network/engines/wasm-gemm-kernel.js';
export type { TrainingData, TrainingEngine } from './network/engines/engine.js';

// Charts (every notebook): Plotly figure builders, shown with showChart.
export type { PlotlyFigure, PlotlyLayout, PlotlyTrace } from './charts/figure.js';
export type { ChartOptions } from './charts/theme.js';
export { lossCurve, type LossCurveOptions, type LossHistory, type LossRecord, type LossRun } from './charts/loss-curve.js';
export { linearStackingChart, nonlinearStackingChart, type StackingChartOptions } from './charts/stacking-charts.js';
export { activationChart, overflowChart, type ActivationChartOptions, type OverflowChartOptions } from './charts/activation-charts.js';
export {
  initialWeightsChart,
  initializersChart,
  type InitialWeightsChartOptions,
  type InitializerSample,
  type InitializersChartOptions,
} from './charts/weight-histograms.js';
export { networkDiagram, type NetworkDiagramOptions } from './charts/network-diagram.js';
export { predictionsChart, type PredictionSeries, type PredictionsChartOptions } from './charts/predictions-chart.js';
export { errorSurfaceChart, type DescentStep, type ErrorSurfaceChartOptions } from './charts/error-surface.js';
export { timeSeriesChart, type ShadedPeriod, type TimeSeries, type TimeSeriesChartOptions } from './charts/time-series-chart.js';
export { modelErrorChart, type ErrorGroup, type ModelErrorChartOptions } from './charts/model-error-chart.js';
export { benchmarkChart } from './charts/benchmark-chart.js';

// Notebook display (every notebook): charts and live training progress in the kernel.
export { showChart, type ShowChartOptions } from './notebook/display.js';
export { trainingProgress, type ProgressOptions, type TrainingProgress } from './notebook/progress.js';
