import { describe, expect, it } from 'vitest';
import { createRandom, splitSeed } from '../../src/core/random.js';
import { inputErrorOf, nullPrototype } from '../support/input-error.js';

describe('createRandom', () => {
  it('createRandom(seed) gives the same stream for the same seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(new Set(xs).size).toBe(5);
  });

  it('createRandom gives different streams for different seeds', () => {
    expect(createRandom(1).next()).not.toBe(createRandom(2).next());
  });

  it('createRandom().uniform stays in [low, high) with the right mean', () => {
    const r = createRandom(3);
    const xs = Array.from({ length: 20000 }, () => r.uniform(-2, 4));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...xs)).toBeLessThan(4);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(1, 1);
  });

  it('createRandom().normal has the requested mean and standard deviation', () => {
    const r = createRandom(4);
    const xs = Array.from({ length: 20000 }, () => r.normal(3, 2));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const std = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(3, 1);
    expect(std).toBeCloseTo(2, 1);
  });

  it('createRandom rejects a non-finite seed', () => {
    expect(() => createRandom(NaN)).toThrow(/seed to be a finite number/);
  });
});

describe('splitSeed', () => {
  it('splitSeed derives distinct, reproducible 32-bit seeds', () => {
    const seeds = splitSeed(7, 3);
    expect(seeds).toEqual(splitSeed(7, 3));
    expect(new Set(seeds).size).toBe(3);
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
  });
});

describe('splitSeed arguments', () => {
  it('splitSeed rejects a count that is not a positive integer or is beyond the size limit', () => {
    expect(inputErrorOf(() => splitSeed(1, -1)).argument).toBe('count');
    expect(inputErrorOf(() => splitSeed(1, 1e9)).message).toMatch(/count to be at most 16,777,216/);
  });
});
