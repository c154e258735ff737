/**
 * backprop-ts: deep neural networks and backpropagation from scratch in TypeScript.
 * The public API; each export's JSDoc names the notebook that teaches it.
 */
export { tf } from './tf.js';
export * from './types.js';
export * from './errors.js';
export * from './data.js';
export * from './backend.js';
export * from './gradient-descent-loop.js';
export * from './gradient-descent-vectorized.js';
export * from './activations.js';
export * from './random.js';
export * from './initializers.js';
export * from './article-network.js';
export * from './reproduction.js';
export * from './table.js';
export * from './linear-gradient.js';
export * from './stacking.js';
export * from './statistics.js';
export * from './network.js';
export * from './backprop.js';
export * from './training.js';
export * from './gradient-check.js';
export * from './stall-experiments.js';
export * from './tensor-engine.js';
export * from './typed-engine.js';
export * from './charts/index.js';
export * from './display.js';
export * from './progress.js';
export * from './vectorization.js';
export * from './calendar.js';
export * from './covid-data.js';
export * from './next-day-samples.js';
export * from './chronological-split.js';
export * from './scaling.js';
export * from './linear-regression.js';
export * from './forecast-errors.js';
export * from './next-day-experiment.js';
export * from './charts/time-series-chart.js';
export * from './charts/model-error-chart.js';
export * from './workloads.js';
export * from './benchmark.js';
export * from './benchmark-chart.js';
