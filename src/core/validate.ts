/**
 * Argument checks shared by every public function: shapes, finiteness and ranges.
 * Each check throws an `InputError` whose message names the argument, the expected
 * shape or range, and the value found. Not taught in a notebook; used by all of them.
 */
import { InputError } from './errors.js';
import type { Matrix, Vector } from './types.js';

/** The longest piece of a found string that an error message quotes. */
const QUOTE_LIMIT = 100;

/**
 * A string as JSON, cut to about 100 characters (with its full length) so that a
 * 50 MB line makes a one-line message.
 */
export function quote(text: string, limit = QUOTE_LIMIT): string {
  if (text.length <= limit) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, limit))}… (${text.length} characters)`;
}

/** Short, safe rendering of a found value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value)) return isOrdinaryArray(value) ? `an array of length ${value.length}` : `an array without Array methods (null prototype) of length ${value.length}`;
  if (value === null) return 'null';
  return typeof value;
}

/**
 * Whether `value` is an array with the usual methods: `Array.isArray` is also true for
 * an array whose prototype was removed (`Object.setPrototypeOf([], null)`), on which
 * `map` and `forEach` do not exist. Arrays from another realm (a notebook's) pass.
 */
export function isOrdinaryArray(value: unknown): value is unknown[] {
  return Array.isArray(value) && typeof (value as { map?: unknown }).map === 'function' && typeof (value as { forEach?: unknown }).forEach === 'function';
}

/** Throws unless `value` is an ordinary array (any length). */
export function checkArray(argument: string, value: unknown, kind = 'an array'): asserts value is readonly unknown[] {
  if (!isOrdinaryArray(value)) {
    throw new InputError(argument, `Expected ${argument} to be ${kind} but found ${describe(value)}.`);
  }
}

/**
 * Throws unless `value` is an ordinary array without holes (a sparse array's empty
 * slots, which `forEach` and `map` skip without a word); with `nonEmpty`, also unless it
 * has at least one item. `kind` says what was expected, e.g. `"a non-empty array of runs"`.
 */
export function checkList(argument: string, value: unknown, kind = 'an array', options: { nonEmpty?: boolean } = {}): readonly unknown[] {
  checkArray(argument, value, kind);
  if (options.nonEmpty === true && value.length === 0) {
    throw new InputError(argument, `Expected ${argument} to be ${kind} but it is empty.`);
  }
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) throw new InputError(argument, `Expected ${argument}[${i}] to be an item but found a hole (an empty slot of a sparse array).`);
  }
  return value;
}

/** Checks that `value` is a string (a name, a label, a title). */
export function checkString(argument: string, value: unknown): string {
  if (typeof value !== 'string') throw new InputError(argument, `Expected ${argument} to be a string but found ${describe(value)}.`);
  return value;
}

/**
 * Checks that `value` is an array of strings without holes (labels, names); with
 * `expected`, one `noun` per `per`, e.g. `{ length: 4, per: 'target', noun: 'label' }`.
 */
export function checkStrings(argument: string, value: unknown, expected?: { length: number; per: string; noun: string }): readonly string[] {
  const list = checkList(argument, value, 'an array of strings');
  if (expected !== undefined && list.length !== expected.length) {
    throw new InputError(argument, `Expected ${argument} to have one ${expected.noun} per ${expected.per} (${expected.length}) but found ${list.length}.`);
  }
  list.forEach((item, i) => checkString(`${argument}[${i}]`, item));
  return list as readonly string[];
}

/**
 * Stated size limits, checked before anything is allocated, so that a typo such as
 * `hiddenSize: 1e9` stops at once with an `InputError` instead of filling memory.
 */
export const LIMITS = Object.freeze({
  /** Values in one array the library allocates: a weight matrix, a network's parameters, a sample. 2²⁴ = 16,777,216 (a 4,096 × 4,096 layer). */
  values: 16_777_216,
  /** Epochs of one training run: 10,000,000. */
  epochs: 10_000_000,
});

/** The largest finite float32, about 3.4e38: tensors and float32 buffers turn anything larger into Infinity. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Stands for an empty slot of a sparse array, which `forEach` would skip without a word. */
const HOLE: unique symbol = Symbol('hole');

/** Visits every index of an array, holes included (as {@link HOLE}). */
function eachSlot(array: readonly unknown[], visit: (value: unknown, index: number) => void): void {
  for (let i = 0; i < array.length; i++) visit(i in array ? array[i] : HOLE, i);
}

function checkEntry(argument: string, where: string, x: unknown, float32: boolean): void {
  if (x === HOLE) throw new InputError(argument, `Expected ${argument}${where} to be a finite number but found a hole (an empty slot of a sparse array).`);
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new InputError(argument, `Expected ${argument}${where} to be a finite number but found ${describe(x)}.`);
  }
  if (float32 && Math.abs(x) > FLOAT32_MAX) {
    throw new InputError(argument, `Expected ${argument}${where} to fit in float32 (|x| ≤ ${FLOAT32_MAX}) but found ${x}: scale the data down.`);
  }
}

/** Throws unless `value` is an array with at least one `item`. */
function checkNonEmptyArray(argument: string, value: unknown, kind: string, item: string): asserts value is unknown[] {
  if (!isOrdinaryArray(value)) {
    throw new InputError(argument, `Expected ${argument} to be ${kind} but found ${describe(value)}.`);
  }
  if (value.length === 0) {
    throw new InputError(argument, `Expected ${argument} to have at least one ${item} but it is empty.`);
  }
}

/**
 * Checks that `value` is a non-empty matrix of finite numbers; returns its shape.
 * With `float32`, values beyond float32's range are rejected too.
 */
export function checkMatrix(
  argument: string,
  value: unknown,
  expected: { rows?: number; columns?: number; float32?: boolean } = {},
): [rows: number, columns: number] {
  checkNonEmptyArray(argument, value, 'an array of rows', 'row');
  const first: unknown = value[0];
  if (!isOrdinaryArray(first)) {
    throw new InputError(argument, `Expected ${argument}[0] to be an array of numbers but found ${describe(first)}.`);
  }
  const columns = first.length;
  if (columns === 0) {
    throw new InputError(argument, `Expected ${argument} rows to have at least one column but row 0 is empty.`);
  }
  eachSlot(value, (row: unknown, r) => {
    if (row === HOLE) throw new InputError(argument, `Expected ${argument}[${r}] to be a row but found a hole (an empty slot of a sparse array).`);
    if (!isOrdinaryArray(row) || row.length !== columns) {
      throw new InputError(
        argument,
        isOrdinaryArray(row)
          ? `Expected every row of ${argument} to have ${columns} columns (like row 0) but row ${r} has ${row.length}: ragged rows are not a matrix.`
          : `Expected ${argument}[${r}] to be an array of numbers (a row) but found ${describe(row)}.`,
      );
    }
    eachSlot(row, (x: unknown, c) => checkEntry(argument, `[${r}][${c}]`, x, expected.float32 === true));
  });
  if (expected.rows !== undefined && value.length !== expected.rows) {
    throw new InputError(argument, `Expected ${argument} to have ${expected.rows} rows but found ${value.length}.`);
  }
  if (expected.columns !== undefined && columns !== expected.columns) {
    throw new InputError(argument, `Expected ${argument} to have shape [${expected.rows ?? value.length}, ${expected.columns}] but found [${value.length}, ${columns}].`);
  }
  return [value.length, columns];
}

/** Checks that `value` is a non-empty array of finite numbers of the given length (within float32's range with `float32`). */
export function checkVector(argument: string, value: unknown, length?: number, options: { float32?: boolean } = {}): number {
  checkNonEmptyArray(argument, value, 'an array of numbers', 'value');
  eachSlot(value, (x: unknown, i) => checkEntry(argument, `[${i}]`, x, options.float32 === true));
  if (length !== undefined && value.length !== length) {
    throw new InputError(argument, `Expected ${argument} to have length ${length} but found length ${value.length}.`);
  }
  return value.length;
}

/** Checks that inputs and targets describe the same number of samples; `argument` names the targets in the error (default `"targets"`). */
export function checkSameSamples(inputs: Matrix, targets: Vector | Matrix, argument = 'targets'): void {
  if (inputs.length !== targets.length) {
    throw new InputError(
      argument,
      `Expected one target per input row (${inputs.length}) but found ${targets.length} ${argument}.`,
    );
  }
}

/**
 * Checks an options object. `undefined` and `null` mean "no options" and give `{}`
 * when every option has a default; with `required` (an example such as
 * `"{ seed: 1 }"`), they are an error that shows what to pass.
 */
export function checkOptions<T extends object>(argument: string, value: T | null | undefined, required?: string): Partial<T> {
  if (value === undefined || value === null) {
    if (required === undefined) return {};
    throw new InputError(argument, `Expected ${argument} to be an object such as ${required} but found ${describe(value)}.`);
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(argument, `Expected ${argument} to be an object${required === undefined ? '' : ` such as ${required}`} but found ${describe(value)}.`);
  }
  return value;
}

/** Checks that `value` is a function, or `undefined` (an optional callback such as `onEpoch`). */
export function checkFunction<F extends (...args: never[]) => unknown>(argument: string, value: unknown): F | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new InputError(argument, `Expected ${argument} to be a function (or left out) but found ${describe(value)}.`);
  }
  return value as F | undefined;
}

/** Checks that `value` is `true` or `false`. */
export function checkBoolean(argument: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new InputError(argument, `Expected ${argument} to be true or false but found ${describe(value)}.`);
  }
  return value;
}

/**
 * Checks that `value` is an integer from 1 to `limit` (a count of epochs, units or
 * values), before anything that size is allocated or run. `what` names the limit.
 */
export function checkSize(argument: string, value: unknown, limit: number, what = 'the limit'): number {
  checkPositiveInteger(argument, value);
  if ((value as number) > limit) {
    throw new InputError(argument, `Expected ${argument} to be at most ${limit.toLocaleString('en-US')} (${what}) but found ${describe(value)}.`);
  }
  return value as number;
}

/**
 * Checks that a count of values to allocate, e.g. rows × columns, is within
 * {@link LIMITS}.values; `argument` names the argument that sets it.
 */
export function checkValueCount(argument: string, count: number, what: string): void {
  if (!(count <= LIMITS.values)) {
    throw new InputError(argument, `Expected at most ${LIMITS.values.toLocaleString('en-US')} values (the size limit) in ${what} but ${argument} asks for ${count.toLocaleString('en-US')}.`);
  }
}

/**
 * Checks that a computed result is finite: the inputs were valid numbers, but the
 * answer does not fit in a float64 (or float32), so it is an error rather than a
 * silent Infinity or NaN. `argument` names the input to blame.
 */
export function checkResult(argument: string, value: number, what: string): number {
  if (!Number.isFinite(value)) {
    throw new InputError(argument, `Expected ${what} to be a finite number but it is ${describe(value)}: the values of ${argument} are too large to compute it; scale them down.`);
  }
  return value;
}

/** Checks that `value` is a finite number greater than 0 (learning rates, scales). */
export function checkPositive(argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InputError(argument, `Expected ${argument} to be a finite number greater than 0 but found ${describe(value)}.`);
  }
  return value;
}

/** Checks that `value` is an integer greater than 0 (epochs, layer sizes). */
export function checkPositiveInteger(argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new InputError(argument, `Expected ${argument} to be an integer greater than 0 but found ${describe(value)}.`);
  }
  return value;
}

/** Checks that `value` is a finite number (seeds, bounds). */
export function checkFinite(argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InputError(argument, `Expected ${argument} to be a finite number but found ${describe(value)}.`);
  }
  return value;
}

/** Checks that `value` is one of the allowed string choices. */
export function checkChoice<T extends string>(argument: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new InputError(
      argument,
      `Expected ${argument} to be one of ${choices.map((c) => JSON.stringify(c)).join(', ')} but found ${describe(value)}.`,
    );
  }
  return value as T;
}

/** Checks a training step's batch, rows `start..end` of `rows`: at least one row, inside the data. */
export function checkBatch(start: number, end: number, rows: number): void {
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= rows)) {
    throw new InputError('batch', `Expected a batch of rows start..end with 0 ≤ start < end ≤ ${rows} but found ${describe(start)}..${describe(end)}.`);
  }
}
