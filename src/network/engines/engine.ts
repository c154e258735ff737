/**
 * The contract between `trainNetwork` and a training engine: the data as flat
 * float32 buffers and the handful of calls a training run makes. Every engine
 * (`tensor-engine.ts`, `typed-engine.ts`, the optional `onnx-engine.ts`) implements it; `chooseEngine` in
 * `training.ts` picks one. Measured in `09-does-vectorization-pay.ipynb`.
 */
import type { Network } from '../network.js';

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
  /**
   * Remembers the current parameters, cheaply (a copy of typed arrays, or the current
   * tensors kept alive): `trainNetwork` calls it at the start of every epoch.
   */
  checkpoint(): void;
  /** The parameters remembered by the last `checkpoint()` (the initial ones before any) as a plain network. */
  checkpointNetwork(): Network;
  /**
   * Whether every weight and bias is a finite float32 number (the typed engine, in
   * float64, counts a value past float32's range as not finite). The loss alone can miss a NaN:
   * an activation that maps NaN to a number (ReLU, on some backends) passes a finite
   * output on while backpropagation writes NaN into the weights. `trainNetwork` asks
   * after every epoch. (On tensors this sums each parameter tensor; a sum that
   * overflows float32 counts as not finite, which at that size it practically is.)
   */
  parametersFinite(): boolean;
  /** Frees whatever the engine holds (tensors). */
  dispose(): void;
}
