/**
 * Hand-written backpropagation for a {@link Network}: the forward pass keeps every
 * layer's output, then deltas flow from the output back to the input by the chain
 * rule. No autodiff anywhere. Taught in `06-gradient-checking.ipynb`; the choices
 * that make it fast are measured in `09-does-vectorization-pay.ipynb`.
 *
 * For weight layer l: `z = a·W + b`, `a' = act(z)`;
 * `δ = ∂L/∂a' ⊙ act'(z)`, `∂L/∂W = aᵀ·δ`, `∂L/∂b = Σ_rows δ`, `∂L/∂a = δ·Wᵀ`.
 *
 * Written for speed on every backend, and measured with `tf.profile` on wasm
 * (tools/bench/README.md): `act'(z)` comes from the stored output (1 − a² for tanh),
 * so tanh runs once per layer; `matMul`'s transpose flags, with which wasm leaves
 * XNNPACK for a scalar loop, are used only where that loop is the cheaper one; `aᵀ·δ`
 * transposes a, or uses a given `inputsTransposed`;
 * bias gradients are `1ᵀ·δ`, a matrix product, because wasm sums columns slowly; and
 * on wasm tanh is computed as 2σ(2z) − 1, since wasm's sigmoid is vectorised and its
 * tanh is a scalar loop ~30x slower.
 */
import { activation, type ActivationName } from './activations.js';
import type { Network } from './network.js';
import { tf } from '../core/tf.js';
import { wasmGemmActive } from './engines/wasm-gemm-kernel.js';

/** What the loss is, and so how the output delta is scaled. */
export type Objective =
  /** Mean squared error over every output: ∂L/∂ŷ = 2(ŷ − y)/(rows·outputs). */
  | 'mse'
  /** ½·Σ(ŷ − y)², the article's: ∂L/∂ŷ = ŷ − y. */
  | 'halfSse';

/** A network's parameters as tensors, for the duration of a training run. */
export interface TensorParameters {
  weights: tf.Tensor2D[];
  /** One `[1, size]` row per layer; empty for a network without biases. */
  biases: tf.Tensor2D[];
}

/** Uploads a network's parameters; the caller disposes them. */
export function toTensors(network: Network): TensorParameters {
  return {
    weights: network.weights.map((w) => tf.tensor2d(w as number[][])),
    biases: network.biases?.map((b) => tf.tensor2d([b as number[]])) ?? [],
  };
}

/** Downloads parameters into a plain network with the same sizes and activations. */
export function fromTensors(network: Network, parameters: TensorParameters): Network {
  return {
    sizes: network.sizes,
    activations: network.activations,
    weights: parameters.weights.map((w) => w.arraySync()),
    biases: network.biases ? parameters.biases.map((b) => Array.from(b.dataSync())) : null,
  };
}

/** From this many values on, wasm computes tanh through the sigmoid (below it, the scalar loop costs less than three more operations). */
export const WASM_SIGMOID_TANH_MIN_SIZE = 1024;

/**
 * An activation on tensors, the fastest way the active backend offers. On wasm, for
 * tensors of {@link WASM_SIGMOID_TANH_MIN_SIZE} values or more, tanh(z) = 2σ(2z) − 1:
 * four vectorised passes beat wasm's scalar tanh ~10x; the result differs from
 * `tf.tanh` by float32 rounding (at most ~2e-7). Elsewhere the activation's own `forward`.
 * The caller disposes the result.
 *
 * @example
 * ```ts
 * const a = activateTensor('tanh', tf.linspace(-3, 3, 4096)); // 2σ(2z) − 1 on wasm
 * ```
 */
export function activateTensor(name: ActivationName, z: tf.Tensor): tf.Tensor {
  if (name === 'tanh' && z.size >= WASM_SIGMOID_TANH_MIN_SIZE && tf.getBackend() === 'wasm') {
    return tf.tidy(() => tf.sub(tf.mul(tf.sigmoid(tf.mul(z, 2)), 2), 1));
  }
  return activation(name).forward(z);
}

/** `a·W + b` for one layer. */
function weightedSum(a: tf.Tensor2D, W: tf.Tensor2D, b: tf.Tensor2D | undefined): tf.Tensor2D {
  return b === undefined ? tf.matMul(a, W) : tf.add(tf.matMul(a, W), b);
}

/** Forward pass returning the output; the caller disposes it. */
export function forwardTensors(network: Network, parameters: TensorParameters, X: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() =>
    parameters.weights.reduce<tf.Tensor2D>(
      (a, W, l) => activateTensor(network.activations[l]!, weightedSum(a, W, parameters.biases[l])) as tf.Tensor2D,
      X,
    ),
  );
}

/** Loss and gradients of one backward pass; the caller disposes the tensors. */
export interface BackpropResult {
  /** Mean squared error of the output (a scalar), whatever the objective. */
  loss: tf.Scalar;
  /** ∂L/∂W per layer, shaped like the weights. */
  weightGradients: tf.Tensor2D[];
  /** ∂L/∂b per layer as `[1, size]` rows; empty without biases. */
  biasGradients: tf.Tensor2D[];
}

/** Options for {@link backpropTensors}. */
export interface BackpropOptions {
  /** `X` transposed (`[columns, rows]`), if the caller has it: saves transposing the input. Default: none. */
  inputsTransposed?: tf.Tensor2D;
  /**
   * Multiplies the returned gradients (not the loss); the training engine passes the
   * learning rate, so they come back as steps. Applied to δ or to ∂L/∂W, whichever is
   * smaller. Default `1`.
   */
  gradientScale?: number;
}

/**
 * `aᵀ·δ`, the cheapest way on wasm. With one column on either side it is a
 * matrix-vector product: `matMul`'s transpose flag then runs wasm's scalar loop,
 * rows·n multiply-adds, which costs less than XNNPACK re-packing the rows·n values of
 * the other operand. Otherwise no flags (the scalar loop would do rows·nIn·nOut):
 * the given `aT`, or `tf.transpose(a)`. The other way round, `(δᵀ·a)ᵀ`, transposes
 * only the narrow δ but makes XNNPACK pack a, about as costly as transposing it, and
 * adds a transpose of the result: 137 against 86 µs for W3's second layer. Inside the
 * tensor engine's steps on wasm the products run on this project's SIMD128 kernel
 * (`engines/wasm-gemm-kernel.ts`), which reads a transposed A as fast: then the flag.
 */
function transposedProduct(a: tf.Tensor2D, delta: tf.Tensor2D, aT: tf.Tensor2D | undefined): tf.Tensor2D {
  const nIn = a.shape[1];
  const nOut = delta.shape[1];
  if (nIn === 1 || nOut === 1) return tf.matMul(a, delta, true, false);
  if (aT === undefined && wasmGemmActive()) return tf.matMul(a, delta, true, false); // no scalar loop there (tools/bench/gemm.ts)
  return tf.matMul(aT ?? tf.transpose(a), delta);
}

/**
 * One forward and backward pass over a batch: the loss and the gradient of the
 * objective with respect to every parameter.
 *
 * @param network Sizes and activations (its weights are not read: `parameters` are).
 * @param parameters The weights and biases as tensors.
 * @param X Inputs, `[rows, sizes[0]]`.
 * @param Y Targets, `[rows, outputs]`.
 * @param objective How the output delta is scaled.
 * @param options A transposed copy of `X`.
 * @returns The loss and gradients; the caller disposes them.
 * @example
 * ```ts
 * const result = backpropTensors(net, toTensors(net), tf.tensor2d(INPUTS), tf.tensor2d(TARGETS, [4, 1]), 'mse');
 * ```
 */
export function backpropTensors(
  network: Network,
  parameters: TensorParameters,
  X: tf.Tensor2D,
  Y: tf.Tensor2D,
  objective: Objective,
  options: BackpropOptions = {},
): BackpropResult {
  return tf.tidy(() => {
    const { weights, biases } = parameters;
    const outputs: tf.Tensor2D[] = [X]; // outputs[l] is a_l, the input of weight layer l
    weights.forEach((W, l) => {
      outputs.push(activateTensor(network.activations[l]!, weightedSum(outputs[l]!, W, biases[l])) as tf.Tensor2D);
    });
    const error: tf.Tensor2D = tf.sub(outputs.at(-1)!, Y);
    const loss = tf.mean(tf.square(error)) as tf.Scalar;
    let upstream = objective === 'mse' ? tf.mul(error, 2 / error.size) : error; // ∂L/∂a at the output
    const ones = biases.length > 0 ? tf.ones([1, X.shape[0]]) : undefined;
    const weightGradients: tf.Tensor2D[] = [];
    const biasGradients: tf.Tensor2D[] = [];
    const gradientScale = options.gradientScale ?? 1;
    for (let l = weights.length - 1; l >= 0; l--) {
      const delta = activation(network.activations[l]!).deltaFromOutput(upstream, outputs[l + 1]!) as tf.Tensor2D; // ∂L/∂z
      const [rows, nOut] = delta.shape;
      const scaleDelta = gradientScale !== 1 && rows * nOut < weights[l]!.size;
      const scaled: tf.Tensor2D = scaleDelta ? tf.mul(delta, gradientScale) : delta;
      const dW = transposedProduct(outputs[l]!, scaled, l === 0 ? options.inputsTransposed : undefined);
      weightGradients[l] = gradientScale === 1 || scaleDelta ? dW : tf.mul(dW, gradientScale);
      if (ones) {
        const db: tf.Tensor2D = tf.matMul(ones, scaled); // Σ over rows
        biasGradients[l] = gradientScale === 1 || scaleDelta ? db : tf.mul(db, gradientScale);
      }
      if (l > 0) upstream = tf.matMul(delta, tf.transpose(weights[l]!)); // Wᵀ is small
    }
    return { loss, weightGradients, biasGradients };
  });
}
