/**
 * onnxruntime-node, loaded only when the onnx engine is asked for: the library and
 * every other engine work without it. Loaded with `require` (as `core/backend.ts`
 * loads tfjs-node) because training is synchronous, and run through the package's
 * synchronous session binding (`dist/binding`, the object its async `session.run`
 * wraps in `setImmediate`). The types below describe the few calls used, so the
 * library type-checks without the package. Measured in `09-does-vectorization-pay.ipynb`.
 */
import { createRequire } from 'node:module';
import { InputError } from '../../core/errors.js';

/** A float32 tensor as onnxruntime-node takes and returns it. */
export interface OrtTensor {
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

/** An int32 tensor (row numbers), an input only. */
export interface OrtIndexTensor {
  readonly dims: readonly number[];
  readonly data: Int32Array;
}

/** A loaded model: `run` takes the inputs by name and returns the (float32) outputs by name. */
export interface OrtSession {
  run(feeds: Record<string, OrtTensor | OrtIndexTensor>): Record<string, OrtTensor>;
  dispose(): void;
}

/**
 * What the engine needs from onnxruntime-node. A tensor wraps its array without a
 * copy, and a run reads a CPU input in place; each output comes back in a new array.
 */
export interface OnnxRuntime {
  tensor(data: Float32Array, dims: readonly number[]): OrtTensor;
  indexTensor(data: Int32Array, dims: readonly number[]): OrtIndexTensor;
  /** Loads a model for the CPU with `threads` intra-op threads (they sleep rather than spin between operations). */
  session(model: Uint8Array, threads: number): OrtSession;
}

/** The package's binding, as far as it is used here. */
interface Binding {
  binding: {
    InferenceSession: new () => {
      loadModel(buffer: ArrayBufferLike, byteOffset: number, byteLength: number, options: object): void;
      readonly outputMetadata: readonly { name: string }[];
      run(feeds: Record<string, OrtTensor | OrtIndexTensor>, fetches: Record<string, null>, options: object): Record<string, OrtTensor>;
      dispose(): void;
    };
  };
  initOrt(): void;
}

const nodeRequire = createRequire(import.meta.url);
let loaded: OnnxRuntime | Error | undefined;

/** Wraps the package's binding and tensor class. */
function wrap(load: (id: string) => unknown): OnnxRuntime {
  const { Tensor } = load('onnxruntime-node') as {
    Tensor: { new (type: 'float32', data: Float32Array, dims: readonly number[]): OrtTensor; new (type: 'int32', data: Int32Array, dims: readonly number[]): OrtIndexTensor };
  };
  const { binding, initOrt } = load('onnxruntime-node/dist/binding') as Binding;
  // The binding is the package's internal API (its public run is async): check its shape, so that
  // another version fails here, as "not available", rather than inside a training run.
  const proto = (binding?.InferenceSession as unknown as { prototype?: Record<string, unknown> } | undefined)?.prototype;
  for (const method of ['loadModel', 'run', 'dispose']) {
    if (typeof proto?.[method] !== 'function') throw new Error(`its binding has no InferenceSession.${method}; this engine was written for onnxruntime-node 1.30`);
  }
  if (typeof initOrt !== 'function' || typeof Tensor !== 'function') throw new Error('its binding has no initOrt or Tensor; this engine was written for onnxruntime-node 1.30');
  initOrt();
  return {
    tensor: (data, dims) => new Tensor('float32', data, dims),
    indexTensor: (data, dims) => new Tensor('int32', data, dims),
    session(model, threads) {
      const session = new binding.InferenceSession();
      session.loadModel(model.buffer, model.byteOffset, model.byteLength, {
        executionProviders: ['cpu'],
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
        logSeverityLevel: 3,
        extra: { session: { intra_op: { allow_spinning: '0' } } }, // spinning threads steal a shared machine's cores
      });
      // Fetch every output, in the model's order: the binding names its results by position.
      const fetches = Object.fromEntries(session.outputMetadata.map(({ name }) => [name, null]));
      return { run: (feeds) => session.run(feeds, fetches, {}), dispose: () => session.dispose() };
    },
  };
}

/**
 * Loads onnxruntime-node once and returns it.
 *
 * @param load How to load a package. Default: Node's `require` (tests pass one that fails).
 * @throws {InputError} If the package is not installed or does not load, saying how to install it.
 * @example
 * ```ts
 * const ort = loadOnnxRuntime();
 * ```
 */
export function loadOnnxRuntime(load?: (id: string) => unknown): OnnxRuntime {
  let result = load === undefined ? loaded : undefined;
  if (result === undefined) {
    try {
      result = wrap(load ?? nodeRequire);
    } catch (error) {
      result = error instanceof Error ? error : new Error(String(error));
    }
    if (load === undefined) loaded = result; // a failure too: chooseEngine asks on every training run
  }
  if (result instanceof Error) {
    const reason = result.message.split('\n')[0]!;
    throw new InputError(
      'engine',
      `The onnx engine needs the optional package onnxruntime-node, which is not installed or did not load (${reason}). ` +
        'Install it with `npm install onnxruntime-node@1.30.0` (its CPU library ships inside the package; ' +
        'put `onnxruntime-node-install=skip` in .npmrc to skip its CUDA download), or choose the engine "tensor" or "typed".',
    );
  }
  return result;
}

/**
 * Whether onnxruntime-node is installed and loads (tried once, then remembered).
 *
 * @example
 * ```ts
 * onnxRuntimeAvailable(); // true where `npm ci` installed the optional dependency
 * ```
 */
export function onnxRuntimeAvailable(): boolean {
  try {
    loadOnnxRuntime();
    return true;
  } catch {
    return false;
  }
}
