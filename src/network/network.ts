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
import { checkChoice, checkFinite, checkMatrix, checkPositiveInteger, checkVector } from '../core/validate.js';

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
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new InputError('sizes', `Expected sizes to list at least an input and an output size, e.g. [2, 4, 1], but found ${JSON.stringify(sizes)}.`);
  }
  sizes.forEach((s, i) => checkPositiveInteger(`sizes[${i}]`, s));
  const seed = checkFinite('seed', options.seed);
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
 * Checks that a network's weights and biases have the shapes its sizes promise.
 *
 * @throws {InputError} Naming the first array whose shape is wrong.
 */
export function checkNetwork(network: Network): void {
  const { sizes, weights, biases, activations } = network;
  if (weights.length !== sizes.length - 1 || activations.length !== sizes.length - 1) {
    throw new InputError('network', `Expected ${sizes.length - 1} weight layers and activations for sizes [${sizes.join(', ')}] but found ${weights.length} and ${activations.length}.`);
  }
  weights.forEach((w, l) => checkMatrix(`network.weights[${l}]`, w, { rows: sizes[l]!, columns: sizes[l + 1]! }));
  if (biases !== null) {
    if (!Array.isArray(biases) || biases.length !== sizes.length - 1) {
      throw new InputError('network.biases', `Expected network.biases to hold ${sizes.length - 1} rows (one per weight layer) or be null but found ${Array.isArray(biases) ? `${biases.length} rows` : typeof biases}.`);
    }
    biases.forEach((b, l) => checkVector(`network.biases[${l}]`, b, sizes[l + 1]!));
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
 * @example
 * ```ts
 * predictPlain(createNetwork([2, 3, 1], { seed: 1 }), [[1, 2]]); // [[…]]
 * ```
 */
export function predictPlain(network: Network, inputs: Matrix): number[][] {
  checkMatrix('inputs', inputs, { columns: network.sizes[0]! });
  return inputs.map((row) =>
    network.weights.reduce<number[]>((a, w, l) => {
      const act = activation(network.activations[l]!);
      const out = w[0]!.length;
      const z = Array.from({ length: out }, (_, j) => a.reduce((s, ai, i) => s + ai * w[i]![j]!, network.biases?.[l]?.[j] ?? 0));
      return z.map((v) => act.at(v));
    }, [...row]),
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
  if (Array.isArray(targets) && targets.some((t: unknown) => !Array.isArray(t))) {
    checkVector(argument, targets, undefined, { float32 });
    if (outputs !== 1) throw new InputError(argument, `Expected ${argument} to have ${outputs} values per row (one row per sample) but found one value per sample.`);
    return (targets as Vector).map((t) => [t]);
  }
  checkMatrix(argument, targets, { columns: outputs, float32 });
  return targets as Matrix;
}
