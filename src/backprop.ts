/**
 * Hand-written backpropagation for a {@link Network}: the forward pass keeps every
 * pre-activation, then deltas flow from the output back to the input by the chain
 * rule. No autodiff anywhere. Taught in `06-gradient-checking.ipynb`.
 *
 * For weight layer l: `z = a·W + b`, `a' = act(z)`;
 * `δ = ∂L/∂a' ⊙ act'(z)`, `∂L/∂W = aᵀ·δ`, `∂L/∂b = Σ_rows δ`, `∂L/∂a = δ·Wᵀ`.
 */
import { activation } from './activations.js';
import type { Network } from './network.js';
import { tf } from './tf.js';

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

/** Forward pass returning the output; the caller disposes it. */
export function forwardTensors(network: Network, parameters: TensorParameters, X: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() =>
    parameters.weights.reduce<tf.Tensor2D>((a, W, l) => {
      const z = parameters.biases.length > 0 ? tf.add(tf.matMul(a, W), parameters.biases[l]!) : tf.matMul(a, W);
      return activation(network.activations[l]!).forward(z) as tf.Tensor2D;
    }, X),
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

/**
 * One forward and backward pass over a batch: the loss and the gradient of the
 * objective with respect to every parameter.
 */
export function backpropTensors(
  network: Network,
  parameters: TensorParameters,
  X: tf.Tensor2D,
  Y: tf.Tensor2D,
  objective: Objective,
): BackpropResult {
  return tf.tidy(() => {
    const inputs: tf.Tensor2D[] = [X]; // a_l, the input of each weight layer
    const pre: tf.Tensor2D[] = []; // z_l
    parameters.weights.forEach((W, l) => {
      const z = parameters.biases.length > 0 ? tf.add(tf.matMul(inputs[l]!, W), parameters.biases[l]!) : tf.matMul(inputs[l]!, W);
      pre.push(z as tf.Tensor2D);
      inputs.push(activation(network.activations[l]!).forward(z) as tf.Tensor2D);
    });
    const output = inputs.at(-1)!;
    const error = tf.sub(output, Y);
    const loss = tf.mean(tf.square(error)) as tf.Scalar;
    let upstream: tf.Tensor = objective === 'mse' ? tf.mul(error, 2 / error.size) : error; // ∂L/∂a at the output
    const weightGradients: tf.Tensor2D[] = [];
    const biasGradients: tf.Tensor2D[] = [];
    for (let l = parameters.weights.length - 1; l >= 0; l--) {
      const delta = tf.mul(upstream, activation(network.activations[l]!).derivative(pre[l]!)); // ∂L/∂z
      weightGradients[l] = tf.matMul(tf.transpose(inputs[l]!), delta) as tf.Tensor2D;
      biasGradients[l] = tf.sum(delta, 0, true) as tf.Tensor2D;
      if (l > 0) upstream = tf.matMul(delta, tf.transpose(parameters.weights[l]!));
    }
    return { loss, weightGradients, biasGradients: parameters.biases.length > 0 ? biasGradients : [] };
  });
}
