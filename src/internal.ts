/**
 * backprop-ts/internal: plumbing for the project's own tools (benchmarks, the book,
 * the notebook runner) and for readers who want to look under the hood: the tensor
 * backprop and engines' internals, chart HTML, display sinks and argument checks.
 * Not part of the supported API (`src/index.ts`): names here may change in any release.
 */
export * from './index.js';

// Argument checks and helpers.
export {
  FLOAT32_MAX,
  LIMITS,
  checkArray,
  checkBatch,
  checkBoolean,
  checkChoice,
  checkFinite,
  checkFunction,
  checkMatrix,
  checkOptions,
  checkPositive,
  checkPositiveInteger,
  checkResult,
  checkSameSamples,
  checkSize,
  checkValueCount,
  checkVector,
  describe,
  isOrdinaryArray,
  quote,
} from './core/validate.js';
export { meanOf, rootMeanSquare, standardDeviationOf } from './core/statistics.js';
export { forwardPlain } from './network/network.js';
export { tidyValue } from './core/tf.js';
export { escapeHtml, type EscapeHtmlOptions } from './core/html.js';
export { resolveLinear } from './linear/gradient-descent-loop.js';
export { checkNetwork, targetRows } from './network/network.js';

// The tensor backprop and the training engines.
export {
  WASM_SIGMOID_TANH_MIN_SIZE,
  activateTensor,
  backpropTensors,
  forwardTensors,
  fromTensors,
  toTensors,
  type BackpropOptions,
  type BackpropResult,
  type TensorParameters,
} from './network/backprop.js';
export { gatherRows } from './network/engines/tensor-engine.js';
export { createTypedEngine } from './network/engines/typed-engine.js';
export { onnxRuntimeAvailable } from './network/engines/onnx-runtime.js';
export { epochSeconds } from './speed/benchmark.js';

// Chart plumbing: figure types, theme, bins, HTML.
export type {
  BarTrace,
  Datum,
  PlotlyAnnotation,
  PlotlyAxis,
  PlotlyConfig,
  PlotlyFont,
  PlotlyLine,
  PlotlyMarker,
  PlotlyShape,
  PlotlyTraceBase,
  ScatterTrace,
} from './charts/figure.js';
export { CHART_CONFIG, THEME, themeColor, themedAxis, themedFigure, type ThemedLayoutSpec } from './charts/theme.js';
export { binValues, checkValues, niceRange, type BinOptions, type Bins } from './charts/bins.js';
export { lossSparkline, type LossSparklineOptions } from './charts/loss-sparkline.js';
export {
  BUNDLE_ATTRIBUTE,
  CHART_CLASS,
  DRAWN_ATTRIBUTE,
  PENDING_QUEUE,
  chartHtml,
  chartId,
  chartTitle,
  plotlyBundleHtml,
  scriptJson,
} from './charts/chart-html.js';

// The kernel display.
export {
  METADATA_KEY,
  chartOutput,
  kernelSink,
  plotlyBundleOutput,
  resetChartSession,
  textSink,
  type DisplaySink,
  type DisplayTarget,
  type RichOutput,
} from './notebook/display.js';
