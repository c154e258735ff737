/**
 * Backpropagation written to be read: plain arrays and loops in float64, any depth,
 * one line per formula of the derivation. The training engines (`engines/`) compute
 * the same gradients with tricks for speed; the tests check both engines, autodiff and
 * finite differences against this one. Shown in `06-gradient-checking.ipynb`.
 *
 * For weight layer l, with `a` its input (`a₀ = X`):
 *   forward   z = a·W + b,   a' = act(z)
 *   output    ∂L/∂a_L = 2(ŷ − y) / (rows·outputs) for the mean squared error ('mse'),
 *             (ŷ − y) for ½·Σ(ŷ − y)² ('halfSse')
 *   backward  δ = ∂L/∂a' ⊙ act'(z),   ∂L/∂W = aᵀ·δ,   ∂L/∂b = Σ_rows δ,   ∂L/∂a = δ·Wᵀ
 */
import { activation } from './activations.js';
import type { Objective } from './backprop.js';
import type { Gradients } from './gradient-check.js';
import { checkNetwork, targetRows, type Network } from './network.js';
import type { Matrix, Vector } from '../core/types.js';
import { checkMatrix, checkResult, checkSameSamples } from '../core/validate.js';

/** What {@link referenceBackprop} computes: the loss it reports and the gradient of the objective. */
export interface ReferenceResult {
  /** Mean squared error of the outputs (whatever the objective, as the trainers report it). */
  loss: number;
  gradients: Gradients;
}

/** `A·B` for plain matrices. */
function matMul(A: number[][], B: number[][]): number[][] {
  return A.map((row) => B[0]!.map((_, j) => row.reduce((sum, a, k) => sum + a * B[k]![j]!, 0)));
}

/** `Aᵀ`. */
function transpose(A: number[][]): number[][] {
  return A[0]!.map((_, j) => A.map((row) => row[j]!));
}

/**
 * One forward and one backward pass over all rows: the loss and the gradient of every
 * weight and bias, in float64.
 *
 * @param network Sizes, activations, weights and biases.
 * @param inputs Samples as rows, `[rows][sizes[0]]`.
 * @param targets One target per row, or rows of `sizes.at(-1)` targets.
 * @param objective `"mse"` (default) or `"halfSse"`, the article's ½·Σ(ŷ − y)².
 * @returns The mean squared error and the gradients, shaped like the parameters.
 * @throws {InputError} On a malformed network, or inputs and targets that do not fit it.
 * @example
 * ```ts
 * const net = createNetwork([2, 4, 1], { seed: 1 });
 * referenceBackprop(net, INPUTS, TARGETS).gradients.weights[0]; // 2×4, like net.weights[0]
 * ```
 */
export function referenceBackprop(network: Network, inputs: Matrix, targets: Vector | Matrix, objective: Objective = 'mse'): ReferenceResult {
  checkNetwork(network);
  checkMatrix('inputs', inputs, { columns: network.sizes[0]! });
  const Y = targetRows(targets, network.sizes.at(-1)!);
  checkSameSamples(inputs, Y);
  const layers = network.weights.length;

  // Forward: keep every layer's input a and pre-activation z.
  const a: number[][][] = [inputs.map((row) => [...row])];
  const z: number[][][] = [];
  for (let l = 0; l < layers; l++) {
    const b = network.biases?.[l];
    z[l] = matMul(a[l]!, network.weights[l] as number[][]).map((row) => row.map((v, j) => v + (b?.[j] ?? 0)));
    a[l + 1] = z[l]!.map((row) => row.map((v) => activation(network.activations[l]!).at(v)));
  }

  // The loss and its gradient with respect to the output.
  const output = a[layers]!;
  const count = output.length * output[0]!.length;
  const errors = output.map((row, r) => row.map((v, j) => v - Y[r]![j]!));
  const loss = errors.flat().reduce((sum, e) => sum + e * e, 0) / count;
  checkResult('targets', loss, 'the mean squared error'); // too large for float64
  let upstream = errors.map((row) => row.map((e) => (objective === 'mse' ? (2 * e) / count : e))); // ∂L/∂a_L

  // Backward, from the last layer to the first.
  const weights: number[][][] = [];
  const biases: number[][] = [];
  for (let l = layers - 1; l >= 0; l--) {
    const act = activation(network.activations[l]!);
    const delta = upstream.map((row, r) => row.map((g, j) => g * act.derivativeAt(z[l]![r]![j]!))); // δ = ∂L/∂a' ⊙ act'(z)
    weights[l] = matMul(transpose(a[l]!), delta); // ∂L/∂W = aᵀ·δ
    biases[l] = delta[0]!.map((_, j) => delta.reduce((sum, row) => sum + row[j]!, 0)); // ∂L/∂b = Σ_rows δ
    upstream = matMul(delta, transpose(network.weights[l] as number[][])); // ∂L/∂a = δ·Wᵀ
  }
  const overflow = [...weights.flat(2), ...biases.flat()].find((g) => !Number.isFinite(g));
  if (overflow !== undefined) checkResult('inputs', overflow, 'every gradient'); // too large for float64
  return { loss, gradients: { weights, biases: network.biases ? biases : null } };
}
