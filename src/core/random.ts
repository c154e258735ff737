/**
 * A small seeded pseudo-random generator (mulberry32), so that every random draw in
 * the course is reproducible on every backend: same seed, same numbers.
 * Taught in `04-deep-networks.ipynb` (weight initialization).
 */
import { LIMITS, checkFinite, checkSize } from './validate.js';

/** A stream of pseudo-random numbers from one seed. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [low, high). */
  uniform(low: number, high: number): number;
  /** Normal with the given mean and standard deviation (Box–Muller). */
  normal(mean: number, std: number): number;
}

/**
 * Creates a seeded generator. Any finite number is a valid seed; it is reduced to 32 bits.
 *
 * @throws {InputError} If the seed is not a finite number.
 * @example
 * ```ts
 * const random = createRandom(42);
 * random.uniform(0, 1); // the same value on every run
 * ```
 */
export function createRandom(seed: number): Random {
  let state = Math.trunc(checkFinite('seed', seed)) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    uniform: (low, high) => low + (high - low) * next(),
    normal: (mean, std) => {
      const u = 1 - next(); // (0, 1], so the log is finite
      return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
  };
}

/**
 * Shuffles `items` in place (Fisher–Yates), drawing from `random`: every order equally
 * likely, and the same seed gives the same order. Used for minibatches.
 *
 * @example
 * ```ts
 * const order = Uint32Array.from({ length: 8 }, (_, i) => i);
 * shuffleInPlace(order, createRandom(1));
 * ```
 */
export function shuffleInPlace(items: { length: number; [index: number]: number }, random: Random): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

/**
 * Derives `count` independent 32-bit seeds from one seed, e.g. one per layer, so a
 * single user-facing seed controls every draw of a run.
 *
 * @throws {InputError} If `seed` is not finite or `count` is not an integer from 1 to 16,777,216.
 *
 * @example
 * ```ts
 * const [seed1, seed2] = splitSeed(42, 2);
 * ```
 */
export function splitSeed(seed: number, count: number): number[] {
  checkSize('count', count, LIMITS.values, 'the size limit');
  const random = createRandom(seed);
  return Array.from({ length: count }, () => Math.floor(random.next() * 4294967296));
}
