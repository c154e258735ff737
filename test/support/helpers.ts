// Shared test helpers: run a block on each available backend, and count tensors.
import { createRequire } from 'node:module';
import { tf } from '../../src/core/tf.js';
import { selectBackend, type BackendName } from '../../src/core/backend.js';

/** Whether tfjs-node is installed and its native library loads (it needs internet to install). */
function tensorflowLoads(): boolean {
  try {
    createRequire(import.meta.url)('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

/** The backends every tensor test runs on: cpu and wasm, and tensorflow when tfjs-node loads. */
export const TEST_BACKENDS: BackendName[] = ['cpu', 'wasm', ...(tensorflowLoads() ? (['tensorflow'] as const) : [])];

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
