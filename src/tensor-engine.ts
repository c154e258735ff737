/**
 * The TensorFlow.js training engine: parameters live as tensors for a whole run and
 * each step is one `backprop.ts` pass plus the gradient-descent update, inside
 * `tf.tidy`. Used by `trainNetwork` for larger networks and data.
 */
import { backpropTensors, forwardTensors, fromTensors, toTensors, type Objective, type TensorParameters } from './backprop.js';
import type { Network } from './network.js';
import { tf } from './tf.js';

/** Training data as row-major float32 buffers. */
export interface TrainingData {
  X: Float32Array;
  Y: Float32Array;
  rows: number;
  columns: number;
  outputs: number;
  validation?: { X: Float32Array; Y: Float32Array; rows: number };
}

/** What `trainNetwork` needs from an engine. */
export interface TrainingEngine {
  /**
   * One gradient-descent step on rows `order[start..end)` (rows `start..end` when
   * `order` is null). Returns the batch's mean squared error before the step.
   */
  step(order: Uint32Array | null, start: number, end: number): number;
  /** Mean squared error on the validation data. */
  validationLoss(): number;
  /** The current parameters as a plain network. */
  network(): Network;
  /** Frees whatever the engine holds (tensors). */
  dispose(): void;
}

/** Copies the given rows of a row-major matrix into a new batch buffer. */
function gather(source: Float32Array, columns: number, order: Uint32Array, start: number, end: number): Float32Array {
  const out = new Float32Array((end - start) * columns);
  for (let r = start; r < end; r++) out.set(source.subarray(order[r]! * columns, (order[r]! + 1) * columns), (r - start) * columns);
  return out;
}

/** Creates a tensor training engine; call `dispose()` when done. */
export function createTensorEngine(network: Network, data: TrainingData, objective: Objective, learningRate: number): TrainingEngine {
  const { rows, columns, outputs } = data;
  // Uploading a batch from a typed array is cheap; slicing a large tensor is not.
  const Xall = tf.tensor2d(data.X, [rows, columns]);
  const Yall = tf.tensor2d(data.Y, [rows, outputs]);
  const validX = data.validation ? tf.tensor2d(data.validation.X, [data.validation.rows, columns]) : null;
  const validY = data.validation ? tf.tensor2d(data.validation.Y, [data.validation.rows, outputs]) : null;
  let parameters: TensorParameters = toTensors(network);
  const release = (p: TensorParameters) => tf.dispose([...p.weights, ...p.biases]);
  return {
    step(order, start, end) {
      const next = tf.tidy(() => {
        const whole = order === null && start === 0 && end === rows;
        const xb = whole ? Xall : tf.tensor2d(order ? gather(data.X, columns, order, start, end) : data.X.subarray(start * columns, end * columns), [end - start, columns]);
        const yb = whole ? Yall : tf.tensor2d(order ? gather(data.Y, outputs, order, start, end) : data.Y.subarray(start * outputs, end * outputs), [end - start, outputs]);
        const { loss, weightGradients, biasGradients } = backpropTensors(network, parameters, xb, yb, objective);
        return {
          loss,
          weights: parameters.weights.map((W, l) => tf.sub(W, tf.mul(learningRate, weightGradients[l]!)) as tf.Tensor2D),
          biases: parameters.biases.map((b, l) => tf.sub(b, tf.mul(learningRate, biasGradients[l]!)) as tf.Tensor2D),
        };
      });
      const loss = next.loss.dataSync()[0]!;
      next.loss.dispose();
      release(parameters);
      parameters = { weights: next.weights, biases: next.biases };
      return loss;
    },
    validationLoss() {
      return tf.tidy(() => tf.mean(tf.square(tf.sub(forwardTensors(network, parameters, validX!), validY!))).dataSync()[0]!);
    },
    network: () => fromTensors(network, parameters),
    dispose() {
      release(parameters);
      tf.dispose([Xall, Yall, ...(validX && validY ? [validX, validY] : [])]);
    },
  };
}
