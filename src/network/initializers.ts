/**
 * Weight initialisers, all seeded: the article's uniform [0, 1), Glorot (Xavier)
 * and He, uniform or normal. Taught in `04-deep-networks.ipynb`.
 */
import { InputError } from '../core/errors.js';
import { createRandom } from '../core/random.js';
import { tf } from '../core/tf.js';
import { FLOAT32_MAX, checkChoice, checkFinite, checkOptions, checkPositiveInteger, checkValueCount, describe, isOrdinaryArray } from '../core/validate.js';

/** Names of the initialisers the library provides. */
export const INITIALIZERS = ['uniform', 'glorotUniform', 'glorotNormal', 'heUniform', 'heNormal'] as const;

/** An initialiser name. */
export type InitializerName = (typeof INITIALIZERS)[number];

/** A weight matrix shape: `[fanIn, fanOut]` (inputs by outputs). */
export type WeightShape = readonly [fanIn: number, fanOut: number];

/** Options for {@link initialValues} and {@link initWeights}. */
export interface InitOptions {
  /** Seed of the random draw. Required: randomness is always explicit. */
  seed: number;
  /** Which distribution. Default `"uniform"` (the article's). */
  initializer?: InitializerName;
  /** Lower bound for `"uniform"`. Default `0`. */
  low?: number;
  /** Upper bound (exclusive) for `"uniform"`. Default `1`. */
  high?: number;
}

/**
 * Draws the values of a `[fanIn, fanOut]` weight matrix, row-major, as float32.
 * - `uniform`: U[low, high), default U[0, 1) as in the article;
 * - `glorotUniform`: U[−a, a) with a = √(6 / (fanIn + fanOut));
 * - `glorotNormal`: N(0, 2 / (fanIn + fanOut));
 * - `heUniform`: U[−a, a) with a = √(6 / fanIn);
 * - `heNormal`: N(0, 2 / fanIn).
 *
 * @throws {InputError} For a bad shape, an unknown initialiser, or low ≥ high.
 * @example
 * ```ts
 * initialValues([100, 1], { seed: 1 }); // 100 values in [0, 1)
 * ```
 */
export function initialValues(shape: WeightShape, options: InitOptions): Float32Array {
  if (!isOrdinaryArray(shape) || shape.length !== 2) {
    throw new InputError('shape', `Expected shape to be [fanIn, fanOut], e.g. [2, 4], but found ${describe(shape)}.`);
  }
  const fanIn = checkPositiveInteger('shape[0] (fanIn)', shape[0]);
  const fanOut = checkPositiveInteger('shape[1] (fanOut)', shape[1]);
  checkValueCount('shape', fanIn * fanOut, `one weight matrix [${fanIn}, ${fanOut}]`);
  checkOptions('options', options, '{ seed: 1 }');
  const initializer = checkChoice('initializer', options.initializer ?? 'uniform', INITIALIZERS);
  const random = createRandom(options.seed);
  const values = new Float32Array(fanIn * fanOut);
  const d = distribution(initializer, fanIn, fanOut, options);
  const draw = d.kind === 'uniform' ? () => random.uniform(d.low, d.high) : () => random.normal(0, d.std);
  const [lowBound, upper] = d.kind === 'uniform' ? [d.low, d.high] : [-Infinity, Infinity]; // [low, high) of uniform draws
  for (let i = 0; i < values.length; i++) {
    // Rounding to float32 can land a draw just below the bound on the bound itself
    // (or below the lower one); draw again so that [low, high) holds exactly.
    let v = Math.fround(draw());
    while (v >= upper || v < Math.fround(lowBound)) v = Math.fround(draw());
    values[i] = v;
  }
  return values;
}

/**
 * The distribution an initializer draws from. Glorot keeps the variance of a layer's
 * outputs and of its gradients near 1 by giving weights variance 2 / (fanIn + fanOut);
 * He gives 2 / fanIn, which suits ReLU layers (they zero half their inputs). A uniform
 * on [−a, a] has variance a²/3, hence a = √(6 / …).
 */
function distribution(
  initializer: InitializerName,
  fanIn: number,
  fanOut: number,
  options: InitOptions,
): { kind: 'uniform'; low: number; high: number } | { kind: 'normal'; std: number } {
  const symmetric = (a: number) => ({ kind: 'uniform' as const, low: -a, high: a });
  switch (initializer) {
    case 'uniform': {
      const low = checkFinite('low', options.low ?? 0);
      const high = checkFinite('high', options.high ?? 1);
      if (!(low < high)) throw new InputError('high', `Expected high to be greater than low (${low}) but found ${high}.`);
      // The values are float32: bounds beyond its range would give Infinity, and a range
      // wider than float64 holds (high − low = Infinity) would make the redraw loop endless.
      for (const [name, bound] of [['low', low], ['high', high]] as const) {
        if (Math.abs(bound) > FLOAT32_MAX) throw new InputError(name, `Expected ${name} to fit in float32 (|${name}| ≤ ${FLOAT32_MAX}), as the values are float32, but found ${bound}.`);
      }
      // A range narrower than float32's spacing there holds no float32 value to draw.
      if (!(Math.fround(low) < high)) throw new InputError('high', `Expected [low, high) to hold a float32 value but found [${low}, ${high}): widen the range.`);
      return { kind: 'uniform', low, high };
    }
    case 'glorotUniform':
      return symmetric(Math.sqrt(6 / (fanIn + fanOut))); // variance 2 / (fanIn + fanOut)
    case 'glorotNormal':
      return { kind: 'normal', std: Math.sqrt(2 / (fanIn + fanOut)) };
    case 'heUniform':
      return symmetric(Math.sqrt(6 / fanIn)); // variance 2 / fanIn
    case 'heNormal':
      return { kind: 'normal', std: Math.sqrt(2 / fanIn) };
  }
}

/**
 * Like {@link initialValues} but returns a `[fanIn, fanOut]` tensor. The caller disposes it.
 *
 * @example
 * ```ts
 * const weights1 = initWeights([2, 4], { seed: 7 });
 * ```
 */
export function initWeights(shape: WeightShape, options: InitOptions): tf.Tensor2D {
  return tf.tensor2d(initialValues(shape, options), [shape[0], shape[1]]);
}
