/**
 * Switching TensorFlow.js to one backend, shared by Node's `selectBackend`
 * (`backend.ts`) and the browser's (`../browser.ts`); no Node-only import, so the
 * browser bundle can use it. Taught in `02-vectorization-with-tfjs.ipynb`.
 */
import { tf } from './tf.js';

/** Makes `name` the active backend if it registers and initialises; returns whether it is now active. */
export async function activateBackend(name: string): Promise<boolean> {
  try {
    const active = (await tf.setBackend(name)) && tf.getBackend() === name;
    // The cpu backend prints an advert for tfjs-node on its first use; we choose
    // backends deliberately and say which one is active, so mark it as used.
    if (active && name === 'cpu') (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
    return active;
  } catch {
    return false;
  }
}
