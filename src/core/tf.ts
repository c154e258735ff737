/**
 * The one TensorFlow.js instance the library and the notebooks share: the union
 * package (core, cpu backend, gradients, Layers) plus the wasm backend. Import `tf`
 * from here or from the library's index so every tensor lives on one engine.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export { tf };

/**
 * Runs `fn` in a `tf.tidy` scope and returns its plain (non-tensor) result: every
 * tensor created inside is disposed. For functions that end in `arraySync()`.
 */
export function tidyValue<T>(fn: () => T): T {
  let value: T | undefined;
  tf.tidy(() => {
    value = fn();
  });
  return value as T;
}
