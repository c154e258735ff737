/**
 * Backpropagation on plain typed arrays in float64, for small networks where
 * TensorFlow.js' per-operation overhead dominates (the article's 2-4-1 network
 * trains ~100x faster here). Same maths as `backprop.ts`, checked against it to
 * float32 tolerance. Taught in `09-does-vectorization-pay.ipynb`.
 */
import { activation, type Activation } from './activations.js';
import type { Objective } from './backprop.js';
import type { Network } from './network.js';
import type { TrainingData, TrainingEngine } from './tensor-engine.js';

/**
 * Creates a typed-array training engine holding a copy of the network's parameters.
 * Nothing to dispose, but `dispose()` exists to match the tensor engine.
 */
export function createTypedEngine(network: Network, data: TrainingData, objective: Objective, learningRate: number): TrainingEngine {
  const { sizes } = network;
  const layers = sizes.length - 1;
  const acts: Activation[] = network.activations.map((name) => activation(name));
  const W = network.weights.map((w) => Float64Array.from(w.flat()));
  const hasBias = network.biases !== null;
  const B = sizes.slice(1).map((s, l) => Float64Array.from(network.biases?.[l] ?? new Array<number>(s).fill(0)));
  const maxRows = data.rows;
  // Scratch buffers sized for the largest batch: activations a_l and deltas.
  const A = sizes.map((s) => new Float64Array(maxRows * s));
  const D = sizes.slice(1).map((s) => new Float64Array(maxRows * s));
  const G = W.map((w) => new Float64Array(w.length));
  const Y = new Float64Array(maxRows * data.outputs);

  /** Forward pass of `m` rows already in A[0]; fills A. */
  const forward = (m: number) => {
    for (let l = 0; l < layers; l++) {
      const [nIn, nOut, a, out, w, b, act] = [sizes[l]!, sizes[l + 1]!, A[l]!, A[l + 1]!, W[l]!, B[l]!, acts[l]!];
      for (let r = 0; r < m; r++) {
        for (let j = 0; j < nOut; j++) {
          let s = b[j]!;
          for (let i = 0; i < nIn; i++) s += a[r * nIn + i]! * w[i * nOut + j]!;
          out[r * nOut + j] = act.at(s);
        }
      }
    }
  };

  /** Mean squared error of the `m` rows in A[last] against Y. */
  const meanSquaredError = (m: number) => {
    const out = A[layers]!;
    let sum = 0;
    for (let k = 0; k < m * data.outputs; k++) sum += (out[k]! - Y[k]!) ** 2;
    return sum / (m * data.outputs);
  };

  const load = (X: Float32Array, Ysrc: Float32Array, order: Uint32Array | null, start: number, end: number) => {
    const [n0, nY] = [sizes[0]!, data.outputs];
    for (let r = start; r < end; r++) {
      const row = order ? order[r]! : r;
      for (let i = 0; i < n0; i++) A[0]![(r - start) * n0 + i] = X[row * n0 + i]!;
      for (let i = 0; i < nY; i++) Y[(r - start) * nY + i] = Ysrc[row * nY + i]!;
    }
  };

  return {
    step(order, start, end) {
      const m = end - start;
      load(data.X, data.Y, order, start, end);
      forward(m);
      const loss = meanSquaredError(m);
      // Output delta ∂L/∂a, then backwards: δ = upstream ⊙ act'(z); ∂W = aᵀδ; ∂b = Σδ; upstream = δWᵀ.
      const scale = objective === 'mse' ? 2 / (m * data.outputs) : 1;
      const top = D[layers - 1]!;
      for (let k = 0; k < m * data.outputs; k++) top[k] = scale * (A[layers]![k]! - Y[k]!);
      for (let l = layers - 1; l >= 0; l--) {
        const [nIn, nOut, a, d, w, b, g, act] = [sizes[l]!, sizes[l + 1]!, A[l]!, D[l]!, W[l]!, B[l]!, G[l]!, acts[l]!];
        const out = A[l + 1]!; // act'(z) from the stored output: no second tanh/exp
        for (let k = 0; k < m * nOut; k++) d[k] = d[k]! * act.derivativeFromOutputAt(out[k]!);
        g.fill(0);
        for (let r = 0; r < m; r++) {
          for (let i = 0; i < nIn; i++) {
            const ai = a[r * nIn + i]!;
            for (let j = 0; j < nOut; j++) g[i * nOut + j] = g[i * nOut + j]! + ai * d[r * nOut + j]!;
          }
        }
        if (l > 0) {
          const below = D[l - 1]!;
          for (let r = 0; r < m; r++) {
            for (let i = 0; i < nIn; i++) {
              let s = 0;
              for (let j = 0; j < nOut; j++) s += d[r * nOut + j]! * w[i * nOut + j]!;
              below[r * nIn + i] = s;
            }
          }
        }
        for (let k = 0; k < w.length; k++) w[k] = w[k]! - learningRate * g[k]!;
        if (hasBias) {
          for (let j = 0; j < nOut; j++) {
            let s = 0;
            for (let r = 0; r < m; r++) s += d[r * nOut + j]!;
            b[j] = b[j]! - learningRate * s;
          }
        }
      }
      return loss;
    },
    validationLoss() {
      const v = data.validation!;
      let sum = 0;
      for (let start = 0; start < v.rows; start += maxRows) {
        const end = Math.min(v.rows, start + maxRows);
        load(v.X, v.Y, null, start, end);
        forward(end - start);
        sum += meanSquaredError(end - start) * (end - start);
      }
      return sum / v.rows;
    },
    network() {
      return {
        sizes,
        activations: network.activations,
        weights: W.map((w, l) => Array.from({ length: sizes[l]! }, (_, i) => Array.from(w.subarray(i * sizes[l + 1]!, (i + 1) * sizes[l + 1]!)))),
        biases: hasBias ? B.map((b) => Array.from(b)) : null,
      };
    },
    dispose() {},
  };
}
