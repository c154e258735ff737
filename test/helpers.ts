// Shared test helpers: run a block on each available backend, and count tensors.
import { tf } from '../src/tf.js';
import { selectBackend, type BackendName } from '../src/backend.js';

/** The backends every tensor test runs on (tfjs-node joins when installed). */
export const TEST_BACKENDS: BackendName[] = ['cpu', 'wasm'];

/** Activates a backend for the tests that follow. */
export async function useBackend(name: BackendName): Promise<void> {
  await selectBackend({ backend: name });
}

/** Runs `fn` and returns how many tensors it left behind. */
export function leakedTensors(fn: () => unknown): number {
  const before = tf.memory().numTensors;
  fn();
  return tf.memory().numTensors - before;
}
