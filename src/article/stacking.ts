/**
 * Why depth needs nonlinearity: stacking linear functions gives a linear function,
 * stacking nonlinear ones gives curves. Taught in `04-deep-networks.ipynb`.
 */
import { InputError } from '../core/errors.js';
import { LIMITS, checkFinite, checkOptions, checkSize, describe } from '../core/validate.js';

/** A function of one number. */
export type Fn = (x: number) => number;

/** The article's first linear function, f(x) = 1 − x. */
export const f: Fn = (x) => 1 - x;

/** The article's second linear function, g(x) = 3x. */
export const g: Fn = (x) => 3 * x;

/**
 * Composes functions right to left: `compose(g, f)(x) = g(f(x))`.
 *
 * @example
 * ```ts
 * compose(g, f)(2); // 3 − 3·2 = −3
 * ```
 */
export function compose(...fns: Fn[]): Fn {
  return (x) => fns.reduceRight((acc, fn) => fn(acc), x);
}

/** Options for {@link sample}. */
export interface SampleOptions {
  /** First x. Default `-3`. */
  from?: number;
  /** Last x. Default `3`. */
  to?: number;
  /** Number of evenly spaced points, at least 2. Default `61`. */
  count?: number;
}

/**
 * Evaluates `fn` at evenly spaced points, for tables and charts.
 *
 * @returns `{ x, y }` arrays of equal length.
 * @example
 * ```ts
 * sample(f, { from: 0, to: 1, count: 3 }); // { x: [0, 0.5, 1], y: [1, 0.5, 0] }
 * ```
 */
export function sample(fn: Fn, given?: SampleOptions): { x: number[]; y: number[] } {
  if (typeof fn !== 'function') throw new InputError('fn', `Expected fn to be a function of one number but found ${describe(fn)}.`);
  const options = checkOptions('options', given);
  const from = checkFinite('from', options.from ?? -3);
  const to = checkFinite('to', options.to ?? 3);
  const count = checkSize('count', options.count ?? 61, LIMITS.values, 'the size limit');
  if (count < 2) throw new InputError('count', `Expected count to be an integer of at least 2 but found ${count}.`);
  if (!(from < to)) throw new InputError('to', `Expected to to be greater than from (${from}) but found ${to}.`);
  const span = to - from;
  // The span overflows for a range wider than 1.8e308: then mix the ends instead.
  const x = Number.isFinite(span)
    ? Array.from({ length: count }, (_, i) => from + (span * i) / (count - 1))
    : Array.from({ length: count }, (_, i) => from * (1 - i / (count - 1)) + to * (i / (count - 1)));
  return { x, y: x.map(fn) };
}
