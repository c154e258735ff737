// fast-check generators of the inputs issue 17 lists: holes, null-prototype arrays,
// non-arrays, NaN and ±Infinity, values near ±1.8e308 and beyond float32 (3.4e38),
// empty arrays, ragged rows and missing or malformed option objects; and the check
// every public function must pass on them: a typed error naming the argument, or a
// finite result. Used by the property tests.
import fc from 'fast-check';
import { expect } from 'vitest';
import { DivergenceError, InputError } from '../../src/core/errors.js';

/** A short label for any value, even one without a prototype (String() would throw on it). */
export function show(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.length} items]`;
  return Object.getPrototypeOf(value) === null ? 'an object without prototype' : `an object (${Object.prototype.toString.call(value)})`;
}

/** A generated value with a label saying how it was broken, for failure reports. */
export interface Hostile<T = unknown> {
  label: string;
  value: T;
}

/** Numbers at and beyond the edges: NaN, ±Infinity, near ±1.8e308, beyond float32, subnormal. */
export const edgeNumber = fc.constantFrom(NaN, Infinity, -Infinity, 1.7e308, -1.7e308, Number.MAX_VALUE, -Number.MAX_VALUE, 3.5e38, -1e39, 1e300, 5e-324, -0);

/** Anything that is not a number where a number belongs. */
const notANumber = fc.constantFrom<unknown>(undefined, null, '1', true, {}, [1]);

/** An entry for a numeric array: an edge number, any double (NaN and infinities included) or a non-number. */
export const hostileEntry: fc.Arbitrary<unknown> = fc.oneof(edgeNumber, fc.double(), notANumber);

/** A non-array where an array belongs. */
const notAnArray = fc.constantFrom<unknown>(undefined, null, 5, 'abc', { length: 2, 0: 1, 1: 2 }, new Map());

const hole = <T>(items: T[], index: number): T[] => {
  const copy = [...items];
  delete copy[index % copy.length];
  return copy;
};
const withoutPrototype = <T>(items: T[]): T[] => Object.setPrototypeOf([...items], null) as T[];

/** A length-`n` vector of small finite numbers, broken in one of the listed ways (or, sometimes, left valid). */
export function hostileVector(n: number): fc.Arbitrary<Hostile> {
  const base = fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n, maxLength: n });
  return fc.oneof(
    fc.tuple(base, fc.nat(n - 1), hostileEntry).map(([v, i, x]) => ({ label: `entry ${show(x)} at ${i}`, value: Object.assign([...v], { [i]: x }) })),
    fc.tuple(base, fc.nat(n - 1)).map(([v, i]) => ({ label: `hole at ${i}`, value: hole(v, i) })),
    base.map((v) => ({ label: 'null prototype', value: withoutPrototype(v) })),
    fc.constant({ label: 'empty', value: [] }),
    notAnArray.map((x) => ({ label: `not an array: ${show(x)}`, value: x })),
    fc.tuple(fc.constantFrom(1.7e308, -1.7e308, 3.5e38, 1e300), fc.nat(n - 1)).chain(([big, i]) =>
      base.map((v) => ({ label: `all near ${big}`, value: v.map((x, j) => (j === i ? -big : big) * (1 + x / 1e3)) })),
    ),
    base.map((v) => ({ label: 'valid', value: v })),
  );
}

/** A rows × columns matrix of small finite numbers, broken in one of the listed ways (or left valid). */
export function hostileMatrix(rows: number, columns: number): fc.Arbitrary<Hostile> {
  const base = fc.array(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows });
  const copy = (m: number[][]) => m.map((r) => [...r]);
  return fc.oneof(
    fc.tuple(base, fc.nat(rows - 1), fc.nat(columns - 1), hostileEntry).map(([m, r, c, x]) => {
      const value = copy(m);
      (value[r] as unknown[])[c] = x;
      return { label: `entry ${show(x)} at [${r}][${c}]`, value };
    }),
    fc.tuple(base, fc.nat(rows - 1)).map(([m, r]) => ({ label: `ragged row ${r}`, value: Object.assign(copy(m), { [r]: [...m[r]!, 1] }) })),
    fc.tuple(base, fc.nat(rows - 1)).map(([m, r]) => ({ label: `row hole ${r}`, value: hole(copy(m), r) })),
    fc.tuple(base, fc.nat(rows - 1), fc.nat(columns - 1)).map(([m, r, c]) => ({ label: `entry hole [${r}][${c}]`, value: Object.assign(copy(m), { [r]: hole(m[r]!, c) }) })),
    fc.tuple(base, fc.nat(rows - 1), notAnArray).map(([m, r, x]) => ({ label: `row ${r} not an array`, value: Object.assign(copy(m), { [r]: x }) })),
    fc.tuple(base, fc.nat(rows - 1)).map(([m, r]) => ({ label: `row ${r} null prototype`, value: Object.assign(copy(m), { [r]: withoutPrototype(m[r]!) }) })),
    base.map((m) => ({ label: 'null prototype', value: withoutPrototype(copy(m)) })),
    fc.constantFrom({ label: 'empty', value: [] }, { label: 'empty rows', value: [[]] }),
    notAnArray.map((x) => ({ label: `not an array: ${show(x)}`, value: x })),
    fc.constantFrom(1.7e308, -1.7e308, 3.5e38, -1e300).chain((big) => base.map((m) => ({ label: `all near ${big}`, value: m.map((r) => r.map((x) => big * (1 + x / 1e3))) }))),
    base.map((m) => ({ label: 'valid', value: m })),
  );
}

/** Option objects that are missing or malformed, or hold edge numbers. */
export const hostileOptions: fc.Arbitrary<Hostile> = fc.oneof(
  fc.constantFrom<unknown>(undefined, null, 5, 'fast', [], {}, Object.create(null), () => 1).map((value) => ({ label: `options ${show(value)}`, value })),
  fc.tuple(fc.constantFrom('learningRate', 'epochs', 'seed', 'batchSize', 'tolerance', 'epsilon', 'bins', 'height', 'count'), fc.oneof(edgeNumber, notANumber)).map(([key, x]) => ({
    label: `{ ${key}: ${show(x)} }`,
    value: { learningRate: 0.01, epochs: 2, seed: 1, [key]: x },
  })),
);

/** The first path in `value` holding NaN or ±Infinity (or undefined or a hole in an array), or `undefined`. */
export function nonFinitePath(value: unknown, path = 'result', seen = new Set<unknown>()): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is ${value}`;
  if (typeof value !== 'object' || value === null || seen.has(value)) return undefined;
  seen.add(value);
  if (ArrayBuffer.isView(value)) {
    const list = value as unknown as ArrayLike<number>;
    for (let i = 0; i < list.length; i++) if (!Number.isFinite(list[i])) return `${path}[${i}] is ${list[i]}`;
    return undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!(i in value) || value[i] === undefined) return `${path}[${i}] is a hole or undefined`;
      const found = nonFinitePath(value[i], `${path}[${i}]`, seen);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const found = nonFinitePath(item, `${path}.${key}`, seen);
    if (found) return found;
  }
  return undefined;
}

/**
 * Runs `fn`: passes if it throws an InputError whose message names its argument, or a
 * DivergenceError, or returns a result without NaN or ±Infinity (checked by `check`
 * too, when given). Fails on any other error (a TypeError, a RangeError) or a
 * non-finite result. Returns what happened.
 */
export function expectTypedOrFinite(label: string, fn: () => unknown, check?: (result: never) => void): 'input error' | 'diverged' | 'finite' {
  let result: unknown;
  try {
    result = fn();
  } catch (e) {
    if (e instanceof InputError) {
      const root = e.argument.split(/[.[]/)[0]!;
      expect(e.message, `${label}: the message names ${e.argument}`).toContain(root);
      expect(e.message.length, `${label}: a short message`).toBeLessThan(600);
      return 'input error';
    }
    if (e instanceof DivergenceError) return 'diverged';
    throw new Error(`${label}: expected an InputError, a DivergenceError or a finite result but got ${e instanceof Error ? `${e.name}: ${e.message.slice(0, 300)}` : String(e)}`);
  }
  expect(nonFinitePath(result), label).toBeUndefined();
  try {
    check?.(result as never);
  } catch (e) {
    throw new Error(`${label}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return 'finite';
}
