/**
 * A general fully connected network: any number of layers and sizes, an activation
 * per layer, optional biases, any initialiser. Plain data (arrays of numbers), so it
 * can be printed, saved and compared; `training.ts` trains it with hand-written
 * backpropagation. Taught in `06-gradient-checking.ipynb` and the chapters after it.
 */
import { ACTIVATIONS, activation, type ActivationName } from './activations.js';
import { InputError } from '../core/errors.js';
import { INITIALIZERS, initialValues, type InitializerName } from './initializers.js';
import { splitSeed } from '../core/random.js';
import type { Matrix, Vector } from '../core/types.js';
import {
  FLOAT32_MAX, checkArray, checkBoolean, checkChoice, checkFinite, checkMatrix, checkOptions, checkPositiveInteger, checkValueCount, checkVector, describe, isOrdinaryArray,
} from '../core/validate.js';

/** A fully connected network as plain numbers. */
export interface Network {
  /** Layer sizes from input to output, e.g. `[2, 4, 1]`. */
  readonly sizes: readonly number[];
  /** One activation per weight layer (`sizes.length − 1` of them). */
  readonly activations: readonly ActivationName[];
  /** `weights[l]` is `[sizes[l]][sizes[l + 1]]`. */
  readonly weights: readonly Matrix[];
  /** `biases[l]` has `sizes[l + 1]` values, or `null` for a network without biases. */
  readonly biases: readonly Vector[] | null;
}

/** Options for {@link createNetwork}. */
export interface NetworkOptions {
  /** Seed of the initial weights. Required. */
  seed: number;
  /** Hidden-layer activation, or one per weight layer. Default `"tanh"` hidden, `"identity"` output. */
  activations?: ActivationName | readonly ActivationName[];
  /** Whether layers add a bias (initialised to 0). Default `true`. */
  bias?: boolean;
  /** Weight initialiser. Default `"glorotUniform"`. */
  initializer?: InitializerName;
}

function resolveActivations(layers: number, given: NetworkOptions['activations']): ActivationName[] {
  if (given === undefined || typeof given === 'string') {
    const hidden = checkChoice('activations', given ?? 'tanh', ACTIVATIONS);
    return Array.from({ length: layers }, (_, l) => (l === layers - 1 ? 'identity' : hidden));
  }
  if (!Array.isArray(given) || given.length !== layers) {
    throw new InputError('activations', `Expected activations to be one name or ${layers} names (one per weight layer) but found ${Array.isArray(given) ? `${given.length} names` : typeof given}.`);
  }
  return given.map((name, l) => checkChoice(`activations[${l}]`, name, ACTIVATIONS));
}

/**
 * Creates a network with seeded initial weights and zero biases.
 *
 * @param sizes Layer sizes from input to output, at least two, e.g. `[2, 4, 1]`.
 * @param options `seed` (required), activations, biases, initialiser.
 * @throws {InputError} For fewer than two sizes, a size that is not a positive integer, or unknown names.
 * @example
 * ```ts
 * const net = createNetwork([2, 4, 1], { seed: 1 }); // tanh hidden layer, linear output, biases
 * ```
 */
export function createNetwork(sizes: readonly number[], options: NetworkOptions): Network {
  checkSizes('sizes', sizes);
  const { seed: givenSeed } = checkOptions('options', options, '{ seed: 1 } (the seed of the initial weights)');
  const seed = checkFinite('seed', givenSeed);
  checkBoolean('bias', options.bias ?? true);
  const layers = sizes.length - 1;
  const activations = resolveActivations(layers, options.activations);
  const initializer = checkChoice('initializer', options.initializer ?? 'glorotUniform', INITIALIZERS);
  const seeds = splitSeed(seed, layers);
  const weights = seeds.map((layerSeed, l) => {
    const [fanIn, fanOut] = [sizes[l]!, sizes[l + 1]!];
    const values = initialValues([fanIn, fanOut], { seed: layerSeed, initializer });
    return Array.from({ length: fanIn }, (_, i) => Array.from(values.subarray(i * fanOut, (i + 1) * fanOut)));
  });
  const biases = options.bias === false ? null : sizes.slice(1).map((s) => new Array<number>(s).fill(0));
  return { sizes: [...sizes], activations, weights, biases };
}

/**
 * Checks layer sizes: at least two positive integers, every weight matrix and all
 * parameters together within {@link LIMITS}.values, before anything is allocated.
 */
function checkSizes(argument: string, sizes: unknown): asserts sizes is readonly number[] {
  if (!isOrdinaryArray(sizes) || sizes.length < 2) {
    throw new InputError(argument, `Expected ${argument} to list at least an input and an output size, e.g. [2, 4, 1], but found ${describe(sizes)}.`);
  }
  for (let i = 0; i < sizes.length; i++) checkPositiveInteger(`${argument}[${i}]`, i in sizes ? sizes[i] : undefined);
  const layers = sizes as number[];
  let total = 0;
  for (let l = 0; l + 1 < layers.length; l++) total += layers[l]! * layers[l + 1]! + layers[l + 1]!;
  checkValueCount(argument, total, `a network's weights and biases (sizes [${layers.slice(0, 8).join(', ')}${layers.length > 8 ? ', …' : ''}])`);
}

/**
 * Checks that `network` is a network whose weights and biases have the shapes its
 * sizes promise. With `float32`, weights and biases must also fit in float32 (the
 * tensor paths).
 *
 * @throws {InputError} Naming the first array whose shape is wrong.
 */
export function checkNetwork(network: Network, options: { float32?: boolean } = {}): void {
  const { sizes, weights, biases, activations } = checkOptions('network', network, 'createNetwork([2, 4, 1], { seed: 1 })');
  checkSizes('network.sizes', sizes);
  checkArray('network.weights', weights, 'an array of weight matrices');
  checkArray('network.activations', activations, 'an array of activation names');
  if (weights.length !== sizes.length - 1 || activations.length !== sizes.length - 1) {
    throw new InputError('network', `Expected ${sizes.length - 1} weight layers and activations for sizes [${sizes.join(', ')}] but found ${weights.length} and ${activations.length}.`);
  }
  const float32 = options.float32 === true;
  weights.forEach((w, l) => checkMatrix(`network.weights[${l}]`, w, { rows: sizes[l]!, columns: sizes[l + 1]!, float32 }));
  if (biases !== null) {
    if (!isOrdinaryArray(biases) || biases.length !== sizes.length - 1) {
      throw new InputError('network.biases', `Expected network.biases to hold ${sizes.length - 1} rows (one per weight layer) or be null but found ${isOrdinaryArray(biases) ? `${biases.length} rows` : describe(biases)}.`);
    }
    biases.forEach((b, l) => checkVector(`network.biases[${l}]`, b, sizes[l + 1]!, { float32 }));
  }
  activations.forEach((name, l) => checkChoice(`network.activations[${l}]`, name, ACTIVATIONS));
}

/** Number of learned parameters (weights and biases). */
export function parameterCount(network: Network): number {
  return network.weights.reduce((n, w, l) => n + w.length * w[0]!.length + (network.biases?.[l]?.length ?? 0), 0);
}

/**
 * Runs the network forward in plain float64 JavaScript (no tensors): the reference
 * that gradient checking differentiates numerically, and handy for a few rows.
 *
 * @returns One output row per input row.
 * @throws {InputError} (argument `"inputs"`) when a layer's weighted sums or
 *   activations leave float64's range (NaN or ±Infinity), naming the layer and the row.
 * @example
 * ```ts
 * predictPlain(createNetwork([2, 3, 1], { seed: 1 }), [[1, 2]]); // [[…]]
 * ```
 */
export function predictPlain(network: Network, inputs: Matrix): number[][] {
  checkNetwork(network);
  checkMatrix('inputs', inputs, { columns: network.sizes[0]! });
  return inputs.map((row, r) =>
    network.weights.reduce<number[]>((a, _w, l) => {
      const z = weightedSumsPlain(network, l, a);
      if (!z.every(Number.isFinite)) throw forwardOverflowError('predictPlain', network, inputs, { layer: l, row: r, stage: 'sums', float32: false });
      const out = z.map(activation(network.activations[l]!).at);
      if (!out.every(Number.isFinite)) {
        throw forwardOverflowError('predictPlain', network, inputs, { layer: l, row: r, stage: 'activation', float32: false, largestZ: largestMagnitude(z) });
      }
      return out;
    }, [...row]),
  );
}

/** {@link predictPlain} without the checks, for callers that checked once (gradient checking runs it per parameter). */
export function forwardPlain(network: Network, inputs: Matrix): number[][] {
  return inputs.map((row) => network.weights.reduce<number[]>((a, _w, l) => weightedSumsPlain(network, l, a).map(activation(network.activations[l]!).at), [...row]));
}

/** Layer l's weighted sums `z = a·W + b` for one row `a`. */
function weightedSumsPlain(network: Network, l: number, a: readonly number[]): number[] {
  const w = network.weights[l]!;
  return Array.from({ length: w[0]!.length }, (_, j) => a.reduce((s, ai, i) => s + ai * w[i]![j]!, network.biases?.[l]?.[j] ?? 0));
}

function largestMagnitude(values: readonly number[]): number {
  return values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

/** Where a forward pass left the number range, for {@link forwardOverflowError}. */
export interface ForwardOverflow {
  /** 0-based weight layer. */
  layer: number;
  /** 0-based input row. */
  row: number;
  /** Whether the weighted sums `z` or the activation of finite `z` was not finite. */
  stage: 'sums' | 'activation';
  /** Whether the pass ran in float32 (tensors) or float64 (plain numbers). */
  float32: boolean;
  /** With `stage: "activation"`, the largest |z| in that row. */
  largestZ?: number;
}

const short = (x: number) => String(Number(x.toPrecision(3)));

/**
 * The error for finite inputs whose forward pass is not finite: names the call, the
 * layer, what overflowed and the row, with the largest input, weight and bias that
 * feed it, so that `predict` never hands back NaN or Infinity.
 */
export function forwardOverflowError(call: string, network: Network, inputs: Matrix, where: ForwardOverflow): InputError {
  const { layer: l, row, float32 } = where;
  const layers = network.weights.length;
  const name = network.activations[l]!;
  if (where.stage === 'activation') {
    const hint = name === 'tanhSinhCosh' ? ': sinh and cosh overflow float32 beyond |z| ≈ 89.4; "tanh" computes the same function stably' : '';
    return new InputError('inputs', `Expected ${call} to give finite outputs but the ${name} activation of layer ${l + 1} of ${layers} gives NaN or Infinity for input row ${row} (largest |z| ${short(where.largestZ ?? NaN)})${hint}.`);
  }
  const range = float32 ? `float32 (|z| > ${FLOAT32_MAX.toPrecision(2)})` : `float64 (|z| > ${Number.MAX_VALUE.toPrecision(2)})`;
  const weights = largestMagnitude(network.weights.slice(0, l + 1).flat(2));
  const biases = network.biases === null ? '' : `, largest |bias| ${short(largestMagnitude(network.biases.slice(0, l + 1).flat()))}`;
  const through = l === 0 ? 'layer 1' : `layers 1 to ${l + 1}`;
  return new InputError(
    'inputs',
    `Expected ${call} to give finite outputs but the weighted sums of layer ${l + 1} of ${layers} (${name}) overflow ${range} for input row ${row}: ` +
      `largest |input| ${short(largestMagnitude(inputs[row]!))}, largest |weight| ${short(weights)}${biases} in ${through}. Scale the inputs down or use smaller weights.`,
  );
}

/**
 * Accepts targets as one value per row or as rows; returns rows.
 *
 * @param options `float32` also rejects values beyond float32's range; `argument` names them in errors (default `"targets"`).
 */
export function targetRows(targets: Vector | Matrix, outputs: number, options: { float32?: boolean; argument?: string } = {}): Matrix {
  const argument = options.argument ?? 'targets';
  const float32 = options.float32 === true;
  if (isOrdinaryArray(targets) && targets.length > 0 && !Array.isArray(targets[0])) {
    checkVector(argument, targets, undefined, { float32 });
    if (outputs !== 1) throw new InputError(argument, `Expected ${argument} to have ${outputs} values per row (one row per sample) but found one value per sample.`);
    return (targets as Vector).map((t) => [t]);
  }
  checkMatrix(argument, targets, { columns: outputs, float32 });
  return targets as Matrix;
}
