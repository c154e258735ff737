// The InputError a call throws: fails the test if it throws anything else, or nothing.
import { InputError } from '../../src/core/errors.js';

/** Runs `fn` and returns the InputError it throws; fails otherwise. */
export function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw new Error(`expected an InputError but got ${String(e)}`);
  }
  throw new Error('expected an InputError but nothing was thrown');
}

/** Like {@link inputErrorOf} for an async call. */
export async function asyncInputErrorOf(fn: () => Promise<unknown>): Promise<InputError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw new Error(`expected an InputError but got ${String(e)}`);
  }
  throw new Error('expected an InputError but nothing was thrown');
}

/** An array whose prototype is removed: Array.isArray is true, yet map and forEach do not exist. */
export function nullPrototype<T>(items: T[]): T[] {
  return Object.setPrototypeOf([...items], null) as T[];
}
