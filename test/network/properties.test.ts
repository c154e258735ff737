// Property-based tests of the public API with fast-check: random valid inputs train
// and keep their invariants; random invalid inputs always throw our InputError, whose
// message names the argument. 1,000 generated cases per property (300 for the malformed
// shapes). Wider generators over the whole API: test/core/hostile-inputs.test.ts.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS, activation } from '../../src/network/activations.js';
import { trainArticleNetwork } from '../../src/article/article-network.js';
import { InputError } from '../../src/core/errors.js';
import { gradientDescentLoop } from '../../src/linear/gradient-descent-loop.js';
import { gradientDescentVectorized } from '../../src/linear/gradient-descent-vectorized.js';
import { INITIALIZERS, initialValues } from '../../src/network/initializers.js';
import { createNetwork } from '../../src/network/network.js';
import { predict, trainNetwork } from '../../src/network/training.js';
import { useBackend } from '../support/helpers.js';
import { mean, median, summarize, variance } from '../../src/core/statistics.js';
import { fitScaler } from '../../src/forecasting/scaling.js';
import { meanAbsoluteError, meanAbsolutePercentageError, rootMeanSquaredError } from '../../src/forecasting/forecast-errors.js';
import { fitLinearRegression } from '../../src/forecasting/linear-regression.js';
import { weightedSum } from '../../src/linear/gradient-descent-loop.js';
import { inputErrorOf } from '../support/input-error.js';
import { expectTypedOrFinite } from '../support/hostile.js';

const RUNS = { numRuns: 1000 };

beforeAll(() => useBackend('wasm'));

const finite = fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true });
/** A rows × columns matrix of finite numbers. */
const matrix = (rows: number, columns: number) => fc.array(fc.array(finite, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows });

/** Data in [-1, 1], where a learning rate up to 1e-3 counts as small for any of these networks. */
const unitMatrix = (rows: number, columns: number) =>
  fc.array(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows });

/** A valid small problem: sizes, inputs and targets that fit them. */
const problem = fc
  .record({
    sizes: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 5 }),
    rows: fc.integer({ min: 1, max: 8 }),
    seed: fc.integer(),
    activation: fc.constantFrom(...ACTIVATIONS.filter((a) => a !== 'tanhSinhCosh')),
    bias: fc.boolean(),
    initializer: fc.constantFrom(...INITIALIZERS.filter((i) => i !== 'uniform')),
    learningRate: fc.double({ min: 1e-5, max: 1e-3, noNaN: true }),
    epochs: fc.integer({ min: 1, max: 5 }),
    batchSize: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
  })
  .chain((p) =>
    fc.record({ inputs: unitMatrix(p.rows, p.sizes[0]!), targets: unitMatrix(p.rows, p.sizes.at(-1)!) }).map((data) => ({ ...p, ...data })),
  );

/** Runs `fn` and returns the InputError it throws (fails the property otherwise). */
const inputError = inputErrorOf;

describe('valid input (property)', () => {
  it('trainNetwork trains any small valid problem: finite loss, shapes kept, same seed same result', () => {
    fc.assert(
      fc.property(problem, (p) => {
        const net = createNetwork(p.sizes, { seed: p.seed, activations: p.activation, bias: p.bias, initializer: p.initializer });
        const options = { learningRate: p.learningRate, epochs: p.epochs, batchSize: p.batchSize, shuffleSeed: p.seed };
        const a = trainNetwork(net, p.inputs, p.targets, options);
        const b = trainNetwork(net, p.inputs, p.targets, options);
        expect(a).toEqual(b);
        expect(a.history).toHaveLength(p.epochs);
        for (const h of a.history) expect(Number.isFinite(h.loss)).toBe(true);
        expect(a.network.weights.map((w) => [w.length, w[0]!.length])).toEqual(net.weights.map((w) => [w.length, w[0]!.length]));
        const out = predict(a.network, p.inputs);
        expect(out.map((r) => r.length)).toEqual(p.inputs.map(() => p.sizes.at(-1)));
      }),
      RUNS,
    );
  });

  it('gradientDescentLoop and gradientDescentVectorized agree to float32 on any small linear problem', () => {
    const linear = fc.integer({ min: 1, max: 4 }).chain((columns) =>
      fc.record({
        inputs: fc.integer({ min: 1, max: 6 }).chain((rows) => matrix(rows, columns)),
        weights: fc.array(finite, { minLength: columns, maxLength: columns }),
      }),
    ).chain((p) => fc.record({ targets: fc.array(finite, { minLength: p.inputs.length, maxLength: p.inputs.length }) }).map((t) => ({ ...p, ...t })));
    fc.assert(
      fc.property(linear, ({ inputs, targets, weights }) => {
        // One epoch from the same start: the batch error is the mean over the first predictions,
        // which the loop also makes for its first row.
        const options = { initialWeights: weights, learningRate: 1e-4, epochs: 1 };
        const loop = gradientDescentLoop(inputs, targets, options).history[0]!;
        const batch = gradientDescentVectorized(inputs, targets, options).history[0]!;
        expect(Number.isFinite(loop.loss) && Number.isFinite(batch.loss)).toBe(true);
        expect(Math.abs(batch.predictions[0]! - loop.predictions[0]!)).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(loop.predictions[0]!)));
      }),
      RUNS,
    );
  });
});

/** Invalid values for each kind of argument, labelled with the argument they break. */
const badNumber = fc.constantFrom(0, -1, -0.5, NaN, Infinity, -Infinity);
const badCount = fc.constantFrom(0, -3, 1.5, NaN, Infinity);
const badEntry = fc.constantFrom<unknown>(NaN, Infinity, -Infinity, '1', null, undefined, true, {}, 'NaN') as fc.Arbitrary<number>;

describe('invalid input (property)', () => {
  it('every trainer rejects data with NaN, Infinity or non-numbers, naming inputs or targets', () => {
    fc.assert(
      fc.property(matrix(4, 2), fc.nat(3), fc.nat(1), badEntry, fc.boolean(), (inputs, r, c, bad, inTargets) => {
        const X = inputs.map((row) => [...row]);
        const y = [1, 2, 3, 4];
        if (inTargets) y[r] = bad;
        else X[r]![c] = bad;
        const argument = inTargets ? 'targets' : 'inputs';
        for (const train of [
          () => gradientDescentLoop(X, y),
          () => gradientDescentVectorized(X, y),
          () => trainArticleNetwork(X, y, { seed: 1 }),
          () => trainNetwork(createNetwork([2, 3, 1], { seed: 1 }), X, y, { learningRate: 0.01, epochs: 1 }),
        ]) {
          const e = inputError(train);
          expect(e.argument).toBe(argument);
          expect(e.message).toMatch(new RegExp(`${argument}\\[${inTargets ? r : `${r}\\]\\[${c}`}\\]`));
        }
      }),
      RUNS,
    );
  });

  it('every trainer rejects ragged, empty or mismatched data with a message that names it', () => {
    const broken = fc.oneof(
      fc.record({ kind: fc.constant('ragged' as const), row: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant('empty' as const) }),
      fc.record({ kind: fc.constant('mismatched' as const), count: fc.integer({ min: 0, max: 8 }).filter((n) => n !== 4) }),
      fc.record({ kind: fc.constant('wrong width' as const), width: fc.integer({ min: 3, max: 6 }) }),
    );
    fc.assert(
      fc.property(matrix(4, 2), broken, (inputs, b) => {
        let X: number[][] = inputs.map((row) => [...row]);
        let y = [1, 2, 3, 4];
        if (b.kind === 'ragged') X[b.row] = [1];
        if (b.kind === 'empty') [X, y] = [[], []];
        if (b.kind === 'mismatched') y = Array.from({ length: b.count }, (_, i) => i);
        if (b.kind === 'wrong width') X = X.map(() => new Array<number>(b.width).fill(1));
        const expected = { ragged: /ragged rows/, empty: /at least one/, mismatched: /one target per input row|targets/, 'wrong width': /shape|length/ }[b.kind];
        const trainers = [
          () => gradientDescentLoop(X, y),
          () => gradientDescentVectorized(X, y),
          () => trainNetwork(createNetwork([2, 3, 1], { seed: 1 }), X, y, { learningRate: 0.01, epochs: 1 }),
          // The article network sizes its first layer from the data, so any width is valid there.
          ...(b.kind === 'wrong width' ? [] : [() => trainArticleNetwork(X, y, { seed: 1 })]),
        ];
        for (const train of trainers) expect(inputError(train).message).toMatch(expected);
      }),
      RUNS,
    );
  });

  it('learning rates and epochs that are not positive finite numbers are rejected by name', () => {
    fc.assert(
      fc.property(badNumber, badCount, fc.boolean(), (rate, epochs, breakRate) => {
        const options = breakRate ? { learningRate: rate, epochs: 3 } : { learningRate: 0.01, epochs };
        const argument = breakRate ? 'learningRate' : 'epochs';
        for (const train of [
          () => gradientDescentLoop([[1, 2]], [1], options),
          () => gradientDescentVectorized([[1, 2]], [1], options),
          () => trainArticleNetwork([[1, 2]], [1], { seed: 1, ...options }),
          () => trainNetwork(createNetwork([2, 1], { seed: 1 }), [[1, 2]], [1], options),
        ]) {
          const e = inputError(train);
          expect(e.argument).toBe(argument);
          expect(e.message).toContain(`Expected ${argument} to be`);
        }
      }),
      RUNS,
    );
  });

  it('layer sizes that are not positive integers, and unknown names, are rejected by name', () => {
    const name = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !(ACTIVATIONS as readonly string[]).includes(s) && !(INITIALIZERS as readonly string[]).includes(s));
    fc.assert(
      fc.property(badCount, name, fc.nat(2), (size, unknown, which) => {
        const sizes = [2, 3, 1];
        sizes[which] = size;
        expect(inputError(() => createNetwork(sizes, { seed: 1 })).argument).toBe(`sizes[${which}]`);
        expect(inputError(() => activation(unknown as never)).message).toContain(`found ${JSON.stringify(unknown)}`);
        expect(inputError(() => createNetwork([2, 1], { seed: 1, activations: unknown as never })).argument).toMatch(/activations/);
        expect(inputError(() => initialValues([2, 2], { seed: 1, initializer: unknown as never })).argument).toBe('initializer');
      }),
      RUNS,
    );
  });
});

/** Any finite float64, the extremes included. */
const anyFinite = fc.double({ noNaN: true, noDefaultInfinity: true });

/** Returns what `fn` returns, or `undefined` if it throws an InputError (anything else fails the property). */
function finiteOrInputError(fn: () => number): number | undefined {
  try {
    return fn();
  } catch (e) {
    if (e instanceof InputError) return undefined;
    throw e;
  }
}

/** Ways to break an array that Array.isArray alone does not see, or that float32 cannot hold. */
const malformed = fc.constantFrom(
  'hole', 'null prototype', 'not an array', 'null', 'beyond float32', 'near float64 max', 'row without prototype', 'ragged', 'empty', 'empty row', 'row hole',
);
/** The kinds that hold only valid float64 numbers, which the float64 loop may take. */
const FLOAT64_VALID = new Set(['beyond float32', 'near float64 max']);

function breakArray(kind: string, inputs: number[][], targets: number[], inTargets: boolean): [unknown, unknown] {
  const X: unknown[] = inputs.map((row) => [...row]);
  const y: unknown[] = [...targets];
  const target = inTargets ? y : X;
  switch (kind) {
    case 'hole':
      if (inTargets) delete y[1];
      else delete (X[1] as number[])[0];
      break;
    case 'null prototype':
      Object.setPrototypeOf(target, null);
      break;
    case 'not an array':
      return inTargets ? [X, { length: 4 }] : [{ 0: [1, 2], length: 1 }, y];
    case 'null':
      return inTargets ? [X, null] : [null, y];
    case 'beyond float32':
      if (inTargets) y[2] = 1e39;
      else (X[2] as number[])[1] = -1e39;
      break;
    case 'near float64 max':
      if (inTargets) y[2] = -1.7e308;
      else (X[2] as number[])[1] = 1.7e308;
      break;
    case 'ragged':
      if (inTargets) return [X, y.map((t, i) => (i === 1 ? [t, t] : [t]))];
      (X[1] as number[]).push(1);
      break;
    case 'empty':
      return inTargets ? [X, []] : [[], y];
    case 'empty row':
      if (inTargets) return [X, y.map((t, i) => (i === 3 ? [] : [t]))];
      X[3] = [];
      break;
    case 'row hole':
      delete (inTargets ? y : X)[2];
      break;
    case 'row without prototype':
      if (inTargets) y[0] = Object.setPrototypeOf([1], null);
      else X[0] = Object.setPrototypeOf([1, 2], null);
      break;
  }
  return [X, y];
}

describe('malformed input and huge values (property)', () => {
  it('every float32 trainer rejects holes, null prototypes, non-arrays, ragged or empty data and values beyond float32, naming inputs or targets', () => {
    fc.assert(
      fc.property(matrix(4, 2), malformed, fc.boolean(), (inputs, kind, inTargets) => {
        const [X, y] = breakArray(kind, inputs, [1, 2, 3, 4], inTargets) as [number[][], number[]];
        const argument = inTargets ? 'targets' : 'inputs';
        for (const train of [
          () => gradientDescentVectorized(X, y),
          () => trainArticleNetwork(X, y, { seed: 1 }),
          () => trainNetwork(createNetwork([2, 3, 1], { seed: 1 }), X, y, { learningRate: 0.01, epochs: 1 }),
          ...(inTargets ? [] : [() => predict(createNetwork([2, 1], { seed: 1 }), X)]),
          ...(FLOAT64_VALID.has(kind) ? [] : [() => gradientDescentLoop(X, y)]),
        ]) {
          const e = inputError(train);
          expect(e.argument).toBe(argument);
          expect(e.message).toContain(argument);
        }
        // The float64 loop takes values beyond float32; near 1.8e308 it must still answer finitely or by a typed error.
        if (FLOAT64_VALID.has(kind)) expectTypedOrFinite(`gradientDescentLoop(${kind})`, () => gradientDescentLoop(X, y, { epochs: 3 }));
      }),
      { numRuns: 300 },
    );
  });

  it('statistics and scores return finite numbers or throw an InputError for any finite values, however large', () => {
    const pairs = fc.integer({ min: 1, max: 6 }).chain((n) =>
      fc.record({ a: fc.array(anyFinite, { minLength: n, maxLength: n }), b: fc.array(anyFinite, { minLength: n, maxLength: n }) }),
    );
    fc.assert(
      fc.property(pairs, ({ a, b }) => {
        const results = [
          finiteOrInputError(() => mean(a)),
          finiteOrInputError(() => median(a)),
          finiteOrInputError(() => variance(a)),
          finiteOrInputError(() => summarize(a).mean),
          finiteOrInputError(() => fitScaler(a).scale[0]!),
          finiteOrInputError(() => fitScaler(a, { method: 'minMax' }).scale[0]!),
          finiteOrInputError(() => rootMeanSquaredError(a, b)),
          finiteOrInputError(() => meanAbsoluteError(a, b)),
          finiteOrInputError(() => meanAbsolutePercentageError(a, b)),
          finiteOrInputError(() => weightedSum(a, b)),
          finiteOrInputError(() => fitLinearRegression(a.map((x) => [x]), b).intercept),
        ];
        for (const r of results) if (r !== undefined) expect(Number.isFinite(r)).toBe(true);
        // The mean always exists for finite values, and lies between the extremes.
        const m = mean(a);
        expect(m).toBeGreaterThanOrEqual(Math.min(...a));
        expect(m).toBeLessThanOrEqual(Math.max(...a));
      }),
      RUNS,
    );
  });
});
