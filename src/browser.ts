/**
 * backprop-ts for browsers: the whole library (`backprop-ts/internal`, a superset of
 * the public API) with the two functions that differ in a browser. The HTML book bundles
 * this file with esbuild (tools/browser-book) and runs the notebooks' cells on it in a
 * Web Worker; Node-only modules are replaced there by shims that read the book's copy of
 * `data/`. Every notebook's first cells use the two below, as in Jupyter.
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import { activateBackend } from './core/activate-backend.js';
import { InputError } from './core/errors.js';
import { tf } from './core/tf.js';
import { checkChoice } from './core/validate.js';

export * from './internal.js';

/** Backends a browser may have: the GPU ones, wasm, and plain JavaScript. */
export const BROWSER_BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;

/**
 * The order `selectBackend()` tries them in. wasm first: it computes in float32 on the
 * CPU as the Node backends do, so every number of the book comes out the same in the page.
 * The GPU backends are faster on large tensors but not the same arithmetic: under WebGL,
 * chapter 4's sinh/cosh overflow and chapter 5's NaN do not happen. `'gpu'` asks for them.
 */
export const BROWSER_BACKEND_ORDER = { auto: ['wasm', 'webgpu', 'webgl', 'cpu'], gpu: ['webgpu', 'webgl', 'wasm', 'cpu'] } as const;

/** A TensorFlow.js backend name in a browser. */
export type BrowserBackendName = (typeof BROWSER_BACKENDS)[number];

// The wasm binaries sit beside this bundle (the book copies them there): nothing leaves the page's origin.
setWasmPaths(new URL('./', import.meta.url).href);

/** Tries to activate one backend; returns whether it is now active. */
async function tryBackend(name: BrowserBackendName): Promise<boolean> {
  // WebGPU needs an adapter, which headless or old browsers lack: ask before tfjs does, quietly.
  if (name === 'webgpu') {
    const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator?.gpu;
    if (gpu === undefined || (await gpu.requestAdapter().catch(() => null)) === null) return false;
  }
  return activateBackend(name);
}

/**
 * Activates a backend: the browser's twin of the Node `selectBackend`, with the same
 * options. By default wasm (the book's numbers, see {@link BROWSER_BACKEND_ORDER}), else
 * the GPU ones, else cpu; `'gpu'` for WebGPU, else WebGL, else wasm; or one by name.
 *
 * @param options `backend` to force one; `env` to read `BACKPROP_BACKEND` from (the book's backend menu sets it).
 * @returns The name of the active backend.
 * @throws {InputError} If the requested backend is unknown or cannot be loaded.
 * @example
 * ```ts
 * await selectBackend(); // "wasm"; with { backend: 'gpu' }, "webgpu" or "webgl" where the browser has them
 * ```
 */
export async function selectBackend(options: { backend?: string; env?: Record<string, string | undefined> } = {}): Promise<BrowserBackendName> {
  const env = options.env ?? process.env;
  const requested = options.backend ?? (env['BACKPROP_BACKEND'] || undefined);
  // Node's names: the native backend is the GPU here; its cpu is cpu.
  const order = requested === 'gpu' || requested === 'tensorflow' ? BROWSER_BACKEND_ORDER.gpu : BROWSER_BACKEND_ORDER.auto;
  if (requested !== undefined && requested !== 'auto' && requested !== 'gpu' && requested !== 'tensorflow') {
    const name = checkChoice('backend', requested, BROWSER_BACKENDS);
    if (!(await tryBackend(name))) throw new InputError('backend', `The ${name} backend could not be loaded in this browser.`);
    return name;
  }
  for (const name of order) {
    if (await tryBackend(name)) return name;
  }
  /* c8 ignore next */
  throw new InputError('backend', `No TensorFlow.js backend could be loaded (tried ${order.join(', ')}).`);
}

/**
 * One line naming the active backend and the versions in use, as the Node
 * `describeBackend` prints it, with the browser in place of Node's version.
 *
 * @example
 * ```ts
 * describeBackend(); // "backend webgl · tfjs-core 4.22.0 · browser (Chrome 140)"
 * ```
 */
export function describeBackend(): string {
  const agent = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent ?? '';
  const browser = /(Firefox|Edg|Chrome|Safari)\/(\d+)/.exec(agent);
  const name = browser ? `${browser[1] === 'Edg' ? 'Edge' : browser[1]} ${browser[2]}` : 'unknown';
  return `backend ${tf.getBackend()} · tfjs-core ${tf.version_core} · browser (${name})`;
}
