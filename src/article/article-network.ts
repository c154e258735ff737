/**
 * The article's 2-4-1 network (tanh hidden layer, linear output, no biases) trained
 * by hand-written backpropagation on the full batch. Two variants of the hidden
 * layer's delta: `"faithful"` applies tanh' to the hidden *activations*, as the
 * article prints it; `"correct"` applies it to the pre-activations.
 * Taught in `05-training-a-deep-network.ipynb`.
 */
import { activation as lookupActivation, type Activation } from '../network/activations.js';
import { DivergenceError } from '../core/errors.js';
import { initialValues } from '../network/initializers.js';
import { splitSeed } from '../core/random.js';
import { tf } from '../core/tf.js';
import type { EpochRecord, Matrix, Vector } from '../core/types.js';
import {
  LIMITS, checkChoice, checkFinite, checkFunction, checkMatrix, checkOptions, checkPositive, checkPositiveInteger, checkResult, checkSameSamples, checkSize,
  checkValueCount, checkVector,
} from '../core/validate.js';

/** Which hidden-layer delta to use. */
export type DeltaVariant = 'faithful' | 'correct';

/** The article's settings for section 5, typed as plain numbers and unions so that a copy can take other values. */
export const ARTICLE_NETWORK_DEFAULTS: Readonly<Required<Omit<ArticleNetworkOptions, 'seed' | 'onEpoch'>>> = Object.freeze({
  hiddenSize: 4,
  learningRate: 0.01,
  epochs: 20,
  variant: 'faithful',
  activation: 'tanh',
});

/** Options for {@link trainArticleNetwork}. */
export interface ArticleNetworkOptions {
  /** Seed of the uniform [0, 1) initial weights. Required. */
  seed: number;
  /** Hidden units. Default `4`. */
  hiddenSize?: number;
  /** Step size. Default `0.01`. */
  learningRate?: number;
  /** Full-batch updates. Default `20`. */
  epochs?: number;
  /** `"faithful"` (tanh' of the activations, the article's) or `"correct"`. Default `"faithful"`. */
  variant?: DeltaVariant;
  /** `"tanh"` (stable) or `"tanhSinhCosh"` (the article's, overflows). Default `"tanh"`. */
  activation?: 'tanh' | 'tanhSinhCosh';
  /** Called after every epoch with its record (`loss` is the epoch's error), e.g. for live progress. Default none. */
  onEpoch?: (record: EpochRecord) => void;
}

/** Result of {@link trainArticleNetwork}. */
export interface ArticleNetworkResult {
  /** Mean squared error of each epoch's output, before that epoch's update. */
  errors: number[];
  /** Hidden weights after training, `[inputs][hiddenSize]`. */
  weights1: number[][];
  /** Output weights after training, `[hiddenSize][1]`. */
  weights2: number[][];
  /** Initial weights, for reruns and inspection. */
  initialWeights1: number[][];
  initialWeights2: number[][];
}

/** Hidden activations and outputs of the 2-4-1 network for some inputs. */
export interface ArticleNetworkOutputs {
  /** `tanh(X·W1)`, one row per sample. */
  hidden: number[][];
  /** `hidden·W2`, one prediction per sample. */
  output: number[];
}

/**
 * Runs the 2-4-1 network forward with given weights (stable tanh), e.g. the trained
 * weights of {@link trainArticleNetwork}, to look at its hidden units and outputs.
 *
 * @throws {InputError} If the weight shapes do not fit the inputs.
 * @example
 * ```ts
 * const run = trainArticleNetwork(INPUTS, TARGETS, { seed: 1 });
 * articleNetworkForward(INPUTS, run.weights1, run.weights2).output; // [10.50, 10.50, 10.50, 10.50]: one value for every day
 * ```
 */
export function articleNetworkForward(inputs: Matrix, weights1: Matrix, weights2: Matrix): ArticleNetworkOutputs {
  const [, columns] = checkMatrix('inputs', inputs, { float32: true });
  const [, hiddenSize] = checkMatrix('weights1', weights1, { rows: columns, float32: true });
  checkMatrix('weights2', weights2, { rows: hiddenSize, columns: 1, float32: true });
  const result = tf.tidy(() => {
    const hidden = tf.tanh(tf.matMul(tf.tensor2d(inputs as number[][]), tf.tensor2d(weights1 as number[][])));
    const output = tf.matMul(hidden, tf.tensor2d(weights2 as number[][]));
    return { hidden: hidden.arraySync() as number[][], output: Array.from(output.dataSync()) };
  });
  // tanh keeps the hidden units in [−1, 1]; a NaN there comes from X·W1 overflowing float32.
  result.hidden.forEach((row) => row.forEach((h) => checkResult('weights1', h, 'every hidden activation (float32)')));
  result.output.forEach((y) => checkResult('weights2', y, 'every output (float32)'));
  return result;
}

/** State attached to a `DivergenceError` from {@link trainArticleNetwork}: the errors so far and the weights at the start of the epoch that diverged. */
export type ArticleNetworkDivergence = Pick<ArticleNetworkResult, 'errors' | 'weights1' | 'weights2'>;

/** The error and the hand-written gradients of one full-batch pass; inside `tf.tidy`. */
function articleBackprop(X: tf.Tensor2D, y: tf.Tensor2D, W1: tf.Tensor2D, W2: tf.Tensor2D, act: Activation, variant: DeltaVariant) {
  const z1 = tf.matMul(X, W1);
  const layer1 = act.forward(z1);
  const layer2 = tf.matMul(layer1, W2);
  const layer2Delta = tf.sub(layer2, y);
  const slope = act.derivative(variant === 'faithful' ? layer1 : z1);
  const layer1Delta = tf.mul(tf.matMul(layer2Delta, tf.transpose(W2)), slope);
  return {
    error: tf.mean(tf.square(layer2Delta)) as tf.Scalar,
    dW1: tf.matMul(tf.transpose(X), layer1Delta) as tf.Tensor2D,
    dW2: tf.matMul(tf.transpose(layer1), layer2Delta) as tf.Tensor2D,
  };
}

/**
 * The gradients the article's update uses, for given weights: ∂/∂W of ½·Σ(ŷ − y)²
 * when `variant` is `"correct"`; something else when it is `"faithful"`, because
 * tanh' is then applied to the activations. Used to check both against autodiff.
 *
 * @returns `dW1` shaped like `weights1` and `dW2` like `weights2`.
 * @example
 * ```ts
 * const run = trainArticleNetwork(INPUTS, TARGETS, { seed: 1, epochs: 1 });
 * articleGradients(INPUTS, TARGETS, run.initialWeights1, run.initialWeights2, { variant: 'correct' });
 * ```
 */
export function articleGradients(
  inputs: Matrix,
  targets: Vector,
  weights1: Matrix,
  weights2: Matrix,
  options?: { variant?: DeltaVariant },
): { dW1: number[][]; dW2: number[][] } {
  const [, columns] = checkMatrix('inputs', inputs, { float32: true });
  checkVector('targets', targets, undefined, { float32: true });
  checkSameSamples(inputs, targets);
  const [, hiddenSize] = checkMatrix('weights1', weights1, { rows: columns, float32: true });
  checkMatrix('weights2', weights2, { rows: hiddenSize, columns: 1, float32: true });
  const variant = checkChoice('variant', checkOptions('options', options).variant ?? 'faithful', ['faithful', 'correct']);
  const gradients = tf.tidy(() => {
    const step = articleBackprop(
      tf.tensor2d(inputs as number[][]),
      tf.tensor2d(targets as number[], [targets.length, 1]),
      tf.tensor2d(weights1 as number[][]),
      tf.tensor2d(weights2 as number[][]),
      lookupActivation('tanh'),
      variant,
    );
    return { dW1: step.dW1.arraySync(), dW2: step.dW2.arraySync() };
  });
  [...gradients.dW1.flat(), ...gradients.dW2.flat()].forEach((g) => checkResult('inputs', g, 'every gradient (float32)'));
  return gradients;
}

/**
 * Trains the 2-4-1 network of the article with hand-written backpropagation:
 * - `layer1 = tanh(X·W1)`, `layer2 = layer1·W2`
 * - `layer2Delta = layer2 − y`
 * - `layer1Delta = (layer2Delta·W2ᵀ) ⊙ tanh'(·)`, where `·` is `layer1` (faithful) or `X·W1` (correct)
 * - `W2 −= α·layer1ᵀ·layer2Delta`, `W1 −= α·Xᵀ·layer1Delta`
 * No autodiff is involved. Leaves no tensors behind.
 *
 * @param inputs Samples as rows, e.g. `INPUTS`.
 * @param targets One target per row, e.g. `TARGETS`.
 * @param options `seed` (required), then the article's hyperparameters.
 * @returns Per-epoch errors and the initial and final weights.
 * @throws {InputError} On bad data or options.
 * @throws {DivergenceError} When an epoch's error is NaN or Infinity (the sinh/cosh tanh does that).
 * @example
 * ```ts
 * const { errors } = trainArticleNetwork(INPUTS, TARGETS, { seed: 1 });
 * errors.at(-1); // ≈ 29.3, the plateau the article ends on
 * ```
 */
export function trainArticleNetwork(inputs: Matrix, targets: Vector, options: ArticleNetworkOptions): ArticleNetworkResult {
  checkOptions('options', options, '{ seed: 1 }');
  const [rows, columns] = checkMatrix('inputs', inputs, { float32: true });
  checkVector('targets', targets, undefined, { float32: true });
  checkSameSamples(inputs, targets);
  const seed = checkFinite('seed', options.seed);
  const hiddenSize = checkPositiveInteger('hiddenSize', options.hiddenSize ?? ARTICLE_NETWORK_DEFAULTS.hiddenSize);
  // The largest arrays: W1 and the hidden activations, rows × hiddenSize.
  checkValueCount('hiddenSize', Math.max(columns, rows) * hiddenSize, `the hidden layer (${Math.max(columns, rows)} × ${hiddenSize})`);
  const learningRate = checkPositive('learningRate', options.learningRate ?? ARTICLE_NETWORK_DEFAULTS.learningRate);
  const epochs = checkSize('epochs', options.epochs ?? ARTICLE_NETWORK_DEFAULTS.epochs, LIMITS.epochs, 'the epoch limit');
  const variant = checkChoice('variant', options.variant ?? ARTICLE_NETWORK_DEFAULTS.variant, ['faithful', 'correct']);
  const act = lookupActivation(checkChoice('activation', options.activation ?? 'tanh', ['tanh', 'tanhSinhCosh']));
  const onEpoch = checkFunction<(record: EpochRecord) => void>('onEpoch', options.onEpoch);

  const [seed1, seed2] = splitSeed(seed, 2) as [number, number];
  const w1Values = initialValues([columns, hiddenSize], { seed: seed1 });
  const w2Values = initialValues([hiddenSize, 1], { seed: seed2 });
  const X = tf.tensor2d(inputs as number[][]);
  const y = tf.tensor2d(targets as number[], [targets.length, 1]);
  let W1 = tf.tensor2d(w1Values, [columns, hiddenSize]);
  let W2 = tf.tensor2d(w2Values, [hiddenSize, 1]);
  const initialWeights1 = W1.arraySync();
  const initialWeights2 = W2.arraySync();
  const errors: number[] = [];
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const [error, nextW1, nextW2] = tf.tidy(() => {
        const step = articleBackprop(X, y, W1, W2, act, variant);
        return [
          step.error,
          tf.sub(W1, tf.mul(learningRate, step.dW1)),
          tf.sub(W2, tf.mul(learningRate, step.dW2)),
        ] as [tf.Scalar, tf.Tensor2D, tf.Tensor2D];
      });
      const value = error.dataSync()[0]!;
      error.dispose();
      if (!Number.isFinite(value)) {
        tf.dispose([nextW1, nextW2]);
        const state: ArticleNetworkDivergence = { errors, weights1: W1.arraySync(), weights2: W2.arraySync() };
        throw new DivergenceError(epoch, value, errors.at(-1), state);
      }
      errors.push(value);
      tf.dispose([W1, W2]);
      W1 = nextW1;
      W2 = nextW2;
      onEpoch?.({ epoch, loss: value });
    }
    return { errors, weights1: W1.arraySync(), weights2: W2.arraySync(), initialWeights1, initialWeights2 };
  } finally {
    tf.dispose([X, y, W1, W2]);
  }
}
