/**
 * Plain-array shapes used across the library. Rows are samples, columns features.
 * Readonly so that a function can never change the caller's data.
 */

/** A list of numbers: one feature vector, or one target per sample. */
export type Vector = readonly number[];

/** Rows of equal length: `matrix[sample][feature]`. */
export type Matrix = readonly Vector[];
