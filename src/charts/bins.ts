/**
 * Histogram bins computed here rather than by Plotly, so that a chart of 10,000
 * weights stores 30 counts instead of 10,000 numbers, and tests can check the counts.
 * Used by the weight histograms of `04-deep-networks.ipynb`.
 */
import { InputError } from '../core/errors.js';
import { LIMITS, checkList, checkOptions, checkSize, describe } from '../core/validate.js';
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

/** Checks that `values` is a non-empty list (an array or a typed array) of finite numbers, without holes. */
export function checkValues(argument: string, values: ArrayLike<number>): number[] {
  if (typeof values !== 'object' || values === null || typeof values.length !== 'number') {
    throw new InputError(argument, `Expected ${argument} to be an array or typed array of numbers but found ${describe(values)}.`);
  }
  const list = Array.from(values as ArrayLike<unknown>);
  if (list.length === 0) throw new InputError(argument, `Expected ${argument} to have at least one value but it is empty.`);
  list.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      const found = v === undefined && !(i in values) ? 'a hole (an empty slot of a sparse array)' : describe(v);
      throw new InputError(argument, `Expected ${argument}[${i}] to be a finite number but found ${found}.`);
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
  if (min === max) {
    // ±0.5, unless the value is so large that 0.5 is lost to rounding: then a millionth of it.
    const pad = min - 0.5 === min ? Math.abs(min) * 2 ** -20 : 0.5;
    return [Math.max(min - pad, -Number.MAX_VALUE), Math.min(max + pad, Number.MAX_VALUE)];
  }
  const rough = max / 5 - min / 5; // fifths first: max − min overflows for values of both signs near 1.8e308
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
  const [start, end] = [snap(min, Math.floor), snap(max, Math.ceil)];
  // Near float64's limits the rounded ends can overflow (or the step underflow): then the values' own extent.
  return Number.isFinite(start) && Number.isFinite(end) && start <= min && end >= max ? [start, end] : [min, max];
}

/**
 * Sorts values into bins of equal width.
 *
 * @param given Options: bins and range; `null` means the defaults.
 * @throws {InputError} For empty or non-finite values, a bin count that is not an
 *   integer from 1 to 16,777,216, or a range that is not `[start, end]` with finite start < end.
 * @example
 * ```ts
 * binValues([0.1, 0.2, 0.7], { bins: 2, range: [0, 1] }).counts; // [2, 1]
 * ```
 */
export function binValues(values: ArrayLike<number>, given?: BinOptions): Bins {
  const options = checkOptions('options', given);
  const list = checkValues('values', values);
  const bins = checkSize('bins', options.bins ?? 20, LIMITS.values, 'the size limit');
  const range = options.range === undefined ? niceRange(list) : checkList('range', options.range, 'an array [start, end]');
  const [start, end] = range as [number, number];
  if (range.length !== 2 || !(Number.isFinite(start) && Number.isFinite(end) && start < end)) {
    throw new InputError('range', `Expected range to be [start, end] with finite start < end but found [${range.map(describe).join(', ')}].`);
  }
  // A span beyond float64 (ends of both signs near 1.8e308) is measured in halves.
  const halve = !Number.isFinite(end - start);
  const width = halve ? (end / 2 - start / 2) / bins * 2 : (end - start) / bins;
  if (!Number.isFinite(width)) {
    throw new InputError('bins', `Expected bins to split range [${start}, ${end}] into bins of a finite width but found ${bins}: use at least 2 bins.`);
  }
  // Mixing the ends where start + i·width would overflow (the last edges of a range ending near 1.8e308).
  const mix = (i: number) => start * (1 - i / bins) + end * (i / bins);
  const edges = Array.from({ length: bins + 1 }, (_, i) => (halve ? mix(i) : Number.isFinite(start + i * width) ? start + i * width : mix(i)));
  const counts = new Array<number>(bins).fill(0);
  for (const v of list) {
    if (v < start || v > end) continue;
    const offset = halve ? (v / 2 - start / 2) / (width / 2) : (v - start) / width;
    counts[Math.min(bins - 1, Math.floor(offset))]! += 1;
  }
  return { edges, centers: edges.slice(0, -1).map((e) => e + width / 2), counts, width };
}
