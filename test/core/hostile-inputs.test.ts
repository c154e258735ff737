// Property tests over the public API with the inputs issue 17 lists (test/support/hostile.ts):
// holes, null-prototype arrays, non-arrays, NaN and ±Infinity, values near ±1.8e308 and
// beyond float32, empty arrays, ragged rows, missing or malformed options. Every call
// must throw an InputError naming the argument (or a DivergenceError), or return a
// finite result; never a TypeError, a RangeError or NaN. Modest run counts keep it quick.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { INPUTS, TARGETS } from '../../src/article/data.js';
import { articleNetworkForward, trainArticleNetwork } from '../../src/article/article-network.js';
import { sample } from '../../src/article/stacking.js';
import { standardizeColumns } from '../../src/article/stall-experiments.js';
import { binValues, niceRange } from '../../src/charts/bins.js';
import { lossCurve } from '../../src/charts/loss-curve.js';
import { lossSparkline } from '../../src/charts/loss-sparkline.js';
import { modelErrorChart } from '../../src/charts/model-error-chart.js';
import { predictionsChart } from '../../src/charts/predictions-chart.js';
import { initialWeightsChart } from '../../src/charts/weight-histograms.js';
import { mean, median, summarize, variance } from '../../src/core/statistics.js';
import { meanAbsoluteError, meanAbsolutePercentageError, relativeMeanAbsoluteError, rootMeanSquaredError } from '../../src/forecasting/forecast-errors.js';
import { fitLinearRegression, predictLinear } from '../../src/forecasting/linear-regression.js';
import { fitScaler } from '../../src/forecasting/scaling.js';
import { gradientDescentLoop, weightedSum } from '../../src/linear/gradient-descent-loop.js';
import { gradientDescentVectorized } from '../../src/linear/gradient-descent-vectorized.js';
import { linearGradient, linearGradientAutodiff } from '../../src/linear/linear-gradient.js';
import { autodiffGradients, backpropGradients, checkGradients, maxRelativeError, numericGradients, relativeError } from '../../src/network/gradient-check.js';
import { initialValues } from '../../src/network/initializers.js';
import { createNetwork, predictPlain } from '../../src/network/network.js';
import { referenceBackprop } from '../../src/network/reference-backprop.js';
import { evaluate, predict, trainNetwork } from '../../src/network/training.js';
import { useBackend } from '../support/helpers.js';
import { expectTypedOrFinite, hostileMatrix, hostileOptions, hostileVector } from '../support/hostile.js';

beforeAll(() => useBackend('wasm'));

type Call = readonly [name: string, run: (a: never, b: never) => unknown, check?: (result: never) => void];

const inRange = (low: number, high: number) => (r: number) => {
  expect(r).toBeGreaterThanOrEqual(low);
  expect(r).toBeLessThanOrEqual(high);
};
const noNaNText = (svg: string) => expect(svg).not.toMatch(/NaN|Infinity|undefined/);

/** Functions of one or two numeric vectors of length 4. */
const VECTOR_CALLS: readonly Call[] = [
  ['mean', (a: number[]) => mean(a)],
  ['median', (a: number[]) => median(a)],
  ['variance', (a: number[]) => variance(a), inRange(0, Number.MAX_VALUE)],
  ['summarize', (a: number[]) => summarize(a)],
  ['fitScaler', (a: number[]) => fitScaler(a)],
  ['fitScaler minMax', (a: number[]) => fitScaler(a, { method: 'minMax' })],
  ['weightedSum', (a: number[], b: number[]) => weightedSum(a, b)],
  ['relativeError', (a: number[], b: number[]) => relativeError(a, b), inRange(0, 1)],
  ['maxRelativeError', (a: number[], b: number[]) => maxRelativeError(a, b), inRange(0, 2)],
  ['meanAbsoluteError', (a: number[], b: number[]) => meanAbsoluteError(a, b), inRange(0, Number.MAX_VALUE)],
  ['rootMeanSquaredError', (a: number[], b: number[]) => rootMeanSquaredError(a, b), inRange(0, Number.MAX_VALUE)],
  ['meanAbsolutePercentageError', (a: number[], b: number[]) => meanAbsolutePercentageError(a, b)],
  ['relativeMeanAbsoluteError', (a: number[], b: number[]) => relativeMeanAbsoluteError(a, b, [1, 2, 3, 4])],
  ['linearGradient', (a: number[], b: number[]) => linearGradient(a, b, 1)],
  ['linearGradientAutodiff', (a: number[], b: number[]) => linearGradientAutodiff(a, b, 1)],
  ['binValues', (a: number[]) => binValues(a, { bins: 3 })],
  ['niceRange', (a: number[]) => niceRange(a)],
  ['lossCurve', (a: number[]) => lossCurve(a)],
  ['lossSparkline', (a: number[]) => lossSparkline(a), noNaNText],
  ['predictionsChart', (a: number[], b: number[]) => predictionsChart(a, b)],
  ['modelErrorChart', (a: number[]) => modelErrorChart(['a', 'b', 'c', 'd'], a)],
  ['initialWeightsChart', (a: number[]) => initialWeightsChart(a)],
];

const net = createNetwork([2, 3, 1], { seed: 1 });
const W1 = [[0.1, -0.2, 0.3, 0.4], [0.5, 0.6, -0.7, 0.8]];
const W2 = [[1], [-1], [0.5], [0.25]];
const model = fitLinearRegression(INPUTS, TARGETS);

/** Functions of a 4 × 2 input matrix and 4 targets. */
const MATRIX_CALLS: readonly Call[] = [
  ['gradientDescentLoop', (X: number[][], y: number[]) => gradientDescentLoop(X, y, { epochs: 2 })],
  ['gradientDescentVectorized', (X: number[][], y: number[]) => gradientDescentVectorized(X, y, { epochs: 2 })],
  ['trainArticleNetwork', (X: number[][], y: number[]) => trainArticleNetwork(X, y, { seed: 1, epochs: 2 })],
  ['trainNetwork typed', (X: number[][], y: number[]) => trainNetwork(net, X, y, { learningRate: 0.01, epochs: 2, engine: 'typed' })],
  ['trainNetwork tensor', (X: number[][], y: number[]) => trainNetwork(net, X, y, { learningRate: 0.01, epochs: 2, engine: 'tensor' })],
  ['predict', (X: number[][]) => predict(net, X)],
  ['predictPlain', (X: number[][]) => predictPlain(net, X)],
  ['evaluate', (X: number[][], y: number[]) => evaluate(net, X, y)],
  ['backpropGradients', (X: number[][], y: number[]) => backpropGradients(net, X, y)],
  ['autodiffGradients', (X: number[][], y: number[]) => autodiffGradients(net, X, y)],
  ['numericGradients', (X: number[][], y: number[]) => numericGradients(net, X, y)],
  ['checkGradients', (X: number[][], y: number[]) => checkGradients(net, X, y)],
  ['referenceBackprop', (X: number[][], y: number[]) => referenceBackprop(net, X, y)],
  ['fitLinearRegression', (X: number[][], y: number[]) => fitLinearRegression(X, y)],
  ['predictLinear', (X: number[][]) => predictLinear(model, X)],
  ['fitScaler matrix', (X: number[][]) => fitScaler(X)],
  ['standardizeColumns', (X: number[][]) => standardizeColumns(X)],
  ['articleNetworkForward', (X: number[][]) => articleNetworkForward(X, W1, W2)],
];

/** Functions with an options object. */
const OPTION_CALLS: readonly Call[] = [
  ['trainNetwork', (o: never) => trainNetwork(net, INPUTS, TARGETS, o)],
  ['gradientDescentLoop', (o: never) => gradientDescentLoop(INPUTS, TARGETS, o)],
  ['gradientDescentVectorized', (o: never) => gradientDescentVectorized(INPUTS, TARGETS, o)],
  ['trainArticleNetwork', (o: never) => trainArticleNetwork(INPUTS, TARGETS, o)],
  ['createNetwork', (o: never) => createNetwork([2, 3, 1], o)],
  ['initialValues', (o: never) => initialValues([2, 2], o)],
  ['checkGradients', (o: never) => checkGradients(net, INPUTS, TARGETS, o)],
  ['numericGradients', (o: never) => numericGradients(net, INPUTS, TARGETS, o)],
  ['fitScaler', (o: never) => fitScaler([1, 2, 3], o)],
  ['fitLinearRegression', (o: never) => fitLinearRegression(INPUTS, TARGETS, o)],
  ['sample', (o: never) => sample(Math.sin, o)],
  ['lossCurve', (o: never) => lossCurve([1, 2], o)],
  ['lossSparkline', (o: never) => lossSparkline([1, 2], o), noNaNText],
  ['binValues', (o: never) => binValues([1, 2], o)],
  ['initialWeightsChart', (o: never) => initialWeightsChart([1, 2], o)],
];


describe('hostile input (property)', () => {
  it('functions of vectors throw a typed error naming the argument or return a finite, correct result', () => {
    fc.assert(
      fc.property(hostileVector(4), hostileVector(4), (a, b) => {
        for (const [name, run, check] of VECTOR_CALLS) {
          expectTypedOrFinite(`${name}(${a.label}, ${b.label})`, () => run(a.value as never, b.value as never), check);
        }
      }),
      { numRuns: 250 },
    );
  });

  it('functions of a data matrix and targets throw a typed error naming the argument or return finite results', () => {
    fc.assert(
      fc.property(hostileMatrix(4, 2), hostileVector(4), (X, y) => {
        for (const [name, run, check] of MATRIX_CALLS) {
          expectTypedOrFinite(`${name}(${X.label}, ${y.label})`, () => run(X.value as never, y.value as never), check);
        }
      }),
      { numRuns: 120 },
    );
  });

  it('functions with options take missing ones as defaults or name what is wrong', () => {
    fc.assert(
      fc.property(hostileOptions, (o) => {
        for (const [name, run, check] of OPTION_CALLS) expectTypedOrFinite(`${name}(${o.label})`, () => run(o.value as never, undefined as never), check);
      }),
      { numRuns: 80 },
    );
  });
});



describe('counterexamples fast-check found, kept as regressions', () => {
  it('linearGradient names x when inputs near ±1.8e308 overflow the gradient', () => {
    expect(() => linearGradient([-1.75e308, 1.75e308, 1.75e308, 1.75e308], [0, 0, 0, -3.38e-310], 1)).toThrow(/x.*finite|finite.*x/s);
  });
  it('linearGradientAutodiff refuses values beyond float32 before tfjs turns them into NaN', () => {
    expect(() => linearGradientAutodiff([-Number.MAX_VALUE, 0, 0, 0], [-1.7e308, 1.7e308, 1.7e308, 1.7e308], 1)).toThrow(/float32/);
    expect(() => linearGradientAutodiff([3e38, 3e38], [3e38, 3e38], 1)).toThrow(/gradient/);
  });
  it('referenceBackprop names targets whose squared errors overflow float64', () => {
    const network = createNetwork([2, 1], { seed: 1 });
    expect(() => referenceBackprop(network, [[0, 0], [0, 0], [0, 0], [0, 0]], [-1.7e308, 1.7e308, 1.7e308, 1.7e308])).toThrow(
      expect.objectContaining({ name: 'InputError', argument: 'targets' }),
    );
  });
});
