/**
 * Backend selection for TensorFlow.js: native `tensorflow` (tfjs-node) when it is
 * installed and loads, else `wasm`, else the pure-JavaScript `cpu` backend.
 * `BACKPROP_BACKEND=cpu|wasm|tensorflow` forces one. Taught in
 * `02-vectorization-with-tfjs.ipynb`; every notebook prints the backend it uses.
 */
import { createRequire } from 'node:module';
import { activateBackend } from './activate-backend.js';
import { InputError } from './errors.js';
import { tf } from './tf.js';
import { checkChoice } from './validate.js';

/** Backends the library knows how to load, fastest first. */
export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;

/** A TensorFlow.js backend name. */
export type BackendName = (typeof BACKENDS)[number];

/** Options for {@link selectBackend}. */
export interface SelectBackendOptions {
  /** Use exactly this backend and fail if it cannot load. Default: `BACKPROP_BACKEND`, else the best available. */
  backend?: BackendName;
  /** Environment to read `BACKPROP_BACKEND` from. Default `process.env`. */
  env?: Record<string, string | undefined>;
}

const require = createRequire(import.meta.url);

/** Loads tfjs-node if it is installed and its native library loads; returns whether it did. */
function loadTensorflowBackend(): boolean {
  if (tf.findBackendFactory('tensorflow')) return true;
  try {
    require('@tensorflow/tfjs-node');
  } catch {
    return false;
  }
  return tf.findBackendFactory('tensorflow') !== null;
}

/** Tries to activate one backend; returns whether it is now active. */
async function tryBackend(name: BackendName): Promise<boolean> {
  if (name === 'tensorflow' && !loadTensorflowBackend()) return false;
  return activateBackend(name);
}

/**
 * Activates the fastest backend that loads, or the one asked for.
 *
 * @param options `backend` to force one; `env` to read `BACKPROP_BACKEND` from.
 * @returns The name of the active backend.
 * @throws {InputError} If the requested backend is unknown or cannot be loaded.
 * @example
 * ```ts
 * const backend = await selectBackend(); // "wasm" on a machine without tfjs-node
 * ```
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendName> {
  const env = options.env ?? process.env;
  const requested = options.backend ?? (env['BACKPROP_BACKEND'] || undefined);
  if (requested !== undefined) {
    const name = checkChoice('backend', requested, BACKENDS);
    if (!(await tryBackend(name))) {
      const hint = name === 'tensorflow' ? ' Install it with `npm install @tensorflow/tfjs-node` (needs internet).' : '';
      throw new InputError('backend', `The ${name} backend could not be loaded.${hint}`);
    }
    return name;
  }
  for (const name of BACKENDS) {
    if (await tryBackend(name)) return name;
  }
  /* c8 ignore next */
  throw new InputError('backend', 'No TensorFlow.js backend could be loaded (tried tensorflow, wasm, cpu).');
}

/**
 * One line naming the active backend and the versions in use, for a notebook's
 * first cell or a benchmark report.
 *
 * @example
 * ```ts
 * describeBackend(); // "backend wasm · tfjs-core 4.22.0 · node v20.20.2"
 * ```
 */
export function describeBackend(): string {
  return `backend ${tf.getBackend()} · tfjs-core ${tf.version_core} · node ${process.version}`;
}
