/**
 * Plain-array shapes used across the library. Rows are samples, columns features.
 * Readonly so that a function can never change the caller's data.
 */

/** A list of numbers: one feature vector, or one target per sample. */
export type Vector = readonly number[];

/** Rows of equal length: `matrix[sample][feature]`. */
export type Matrix = readonly Vector[];

/**
 * What every trainer reports after each epoch, to its `onEpoch` callback and in its
 * history: the same shape for the linear trainers, the article's network and
 * `trainNetwork`, so that `trainingProgress().update` and `lossCurve` take any of them.
 */
export interface EpochRecord {
  /** 1-based epoch number. */
  epoch: number;
  /** The loss the trainer reports for this epoch: the mean squared error of its predictions on the training data. */
  loss: number;
  /** Mean squared error on validation data after the epoch, when the trainer was given some. */
  validationLoss?: number;
}
