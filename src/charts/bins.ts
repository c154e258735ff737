/**
 * Histogram bins computed here rather than by Plotly, so that a chart of 10,000
 * weights stores 30 counts instead of 10,000 numbers, and tests can check the counts.
 * Used by the weight histograms of `04-deep-networks.ipynb`.
 */
import { InputError } from '../core/errors.js';
import { checkPositiveInteger, describe } from '../core/validate.js';
import { extent } from '../core/statistics.js';

/** Counts per bin of equal width. */
export interface Bins {
  /** `bins + 1` edges, from the range's start to its end. */
  edges: number[];
  /** Middle of each bin, where its bar is drawn. */
  centers: number[];
  /** How many values fall in each bin; the last bin includes its right edge. */
  counts: number[];
  /** Width of every bin. */
  width: number;
}

/** Options for {@link binValues}. */
export interface BinOptions {
  /** Number of bins. Default `20`. */
  bins?: number;
  /** `[start, end]` of the bins. Default {@link niceRange} of the values. */
  range?: readonly [number, number];
}

/** Checks that `values` is a non-empty list of finite numbers. */
export function checkValues(argument: string, values: ArrayLike<number>): number[] {
  const list = Array.from(values as ArrayLike<unknown>);
  if (list.length === 0) throw new InputError(argument, `Expected ${argument} to have at least one value but it is empty.`);
  list.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new InputError(argument, `Expected ${argument}[${i}] to be a finite number but found ${describe(v)}.`);
    }
  });
  return list as number[];
}

/**
 * A range around the values whose ends are multiples of a round step (1, 2 or 5 times
 * a power of ten, about a fifth of the span), e.g. `[0.003, 0.994]` → `[0, 1]`.
 *
 * @example
 * ```ts
 * niceRange([-0.43, 0.48]); // [-0.5, 0.5]
 * ```
 */
export function niceRange(values: ArrayLike<number>): [number, number] {
  const list = checkValues('values', values);
  const [min, max] = extent(list);
  if (min === max) return [min - 0.5, max + 0.5];
  const rough = (max - min) / 5;
  const exponent = Math.floor(Math.log10(rough));
  const leading = rough / 10 ** exponent;
  const step = leading >= 5 ? 5 : leading >= 2 ? 2 : 1;
  // Count in steps of 10^exponent with exact integers (10, 100, ...), so that 0.3 does
  // not become 0.30000000000000004.
  const scale = 10 ** Math.abs(exponent);
  const snap = (v: number, round: (v: number) => number) => {
    const units = exponent >= 0 ? v / scale : v * scale;
    const snapped = round(units / step) * step;
    return exponent >= 0 ? snapped * scale : snapped / scale;
  };
  return [snap(min, Math.floor), snap(max, Math.ceil)];
}

/**
 * Sorts values into bins of equal width.
 *
 * @throws {InputError} For empty or non-finite values, a bin count that is not a
 *   positive integer, or a range whose end is not after its start.
 * @example
 * ```ts
 * binValues([0.1, 0.2, 0.7], { bins: 2, range: [0, 1] }).counts; // [2, 1]
 * ```
 */
export function binValues(values: ArrayLike<number>, options: BinOptions = {}): Bins {
  const list = checkValues('values', values);
  const bins = checkPositiveInteger('bins', options.bins ?? 20);
  const [start, end] = options.range ?? niceRange(list);
  if (!(Number.isFinite(start) && Number.isFinite(end) && start < end)) {
    throw new InputError('range', `Expected range to be [start, end] with finite start < end but found [${start}, ${end}].`);
  }
  const width = (end - start) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => start + i * width);
  const counts = new Array<number>(bins).fill(0);
  for (const v of list) {
    if (v < start || v > end) continue;
    counts[Math.min(bins - 1, Math.floor((v - start) / width))]! += 1;
  }
  return { edges, centers: edges.slice(0, -1).map((e) => e + width / 2), counts, width };
}
