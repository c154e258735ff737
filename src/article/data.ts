/**
 * The article's toy data set: four days of a new virus outbreak.
 * Each input row is `[infections today, countries with infections]`; each target
 * is the number of infections the next day. Taught in
 * `01-generalized-gradient-descent.ipynb` and used by every article notebook.
 */
import type { Matrix, Vector } from '../core/types.js';

/** Input rows `[infections today, countries with infections]`, one per day. */
export const INPUTS: Matrix = Object.freeze([
  Object.freeze([2, 1]),
  Object.freeze([5, 1]),
  Object.freeze([7, 4]),
  Object.freeze([12, 5]),
]);

/** Next-day infections, one per input row. */
export const TARGETS: Vector = Object.freeze([5, 7, 12, 19]);

/** Human-readable names of the input columns, for tables and charts. */
export const FEATURE_NAMES: readonly string[] = Object.freeze(['infections today', 'countries with infections']);
