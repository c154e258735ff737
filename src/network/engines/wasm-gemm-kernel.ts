/**
 * Runs tfjs' `BatchMatMul` on the wasm backend with this project's SIMD128 product
 * (`wasm-gemm.ts`) on the backend's own WebAssembly memory, inside `withWasmGemm`
 * only: the override is registered once and hands every other call to the backend's
 * own kernel (XNNPACK), so outside the tensor engine's steps tf.matMul is unchanged.
 * XNNPACK re-packs its B operand on every call with a new tensor, which is every
 * call in training (weights and deltas change every step). Chapter 9
 * (`09-does-vectorization-pay.ipynb`) is about speed; `tools/bench/gemm.ts` measures it.
 */
import { InputError } from '../../core/errors.js';
import { tf } from '../../core/tf.js';
import { checkBoolean } from '../../core/validate.js';
import { createWasmGemm, type WasmGemm, type WasmMemory } from './wasm-gemm.js';

/** The part of tfjs-backend-wasm's `BackendWasm` the override uses. */
interface WasmBackend {
  wasm: { asm?: { memory?: WasmMemory }; _malloc(bytes: number): number; _free(address: number): void };
  getMemoryOffset(dataId: object): number;
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  disposeData(dataId: object): boolean;
}

const gemms = new WeakMap<object, WasmGemm | null>();
let original: tf.KernelConfig | null = null;
let depth = 0;
let enabled = true;

function gemmFor(backend: WasmBackend): WasmGemm | null {
  let gemm = gemms.get(backend);
  if (gemm === undefined) {
    const memory = backend.wasm.asm?.memory;
    // A shared memory means tfjs' threaded build, whose XNNPACK runs on several threads: not measured, so left to it.
    const threaded = typeof SharedArrayBuffer !== 'undefined' && memory?.buffer instanceof SharedArrayBuffer;
    gemm = memory?.buffer !== undefined && !threaded ? createWasmGemm({ memory, malloc: (n) => backend.wasm._malloc(n), free: (p) => backend.wasm._free(p) }) : null;
    gemms.set(backend, gemm);
  }
  return gemm;
}

function batchMatMul(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo | tf.TensorInfo[] {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
  const backend = args.backend as WasmBackend;
  const plain = a.shape.length === 2 && b.shape.length === 2 && a.dtype === 'float32' && b.dtype === 'float32';
  const [rows, inner] = transposeA ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
  const [innerB, columns] = transposeB ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!];
  const gemm = enabled && depth > 0 && plain && inner === innerB && rows > 0 && columns > 0 && inner > 0 ? gemmFor(backend) : null;
  if (gemm === null) return original!.kernelFunc(args as Parameters<tf.KernelFunc>[0]);
  const out = backend.makeOutput([rows, columns], 'float32');
  try {
    const [pa, pb, pc] = [a, b, out].map((t) => backend.getMemoryOffset(t.dataId));
    gemm.matMul({ a: pa!, b: pb!, c: pc!, rows, inner, columns, transposeA, transposeB });
  } catch (error) {
    backend.disposeData(out.dataId); // e.g. the scratch could not be allocated: no output left behind
    throw error;
  }
  return out;
}

/** Registers the override once, if the wasm backend is registered; returns whether it is in place. */
function install(): boolean {
  if (original !== null) return true;
  const config = tf.getKernel('BatchMatMul', 'wasm');
  if (config === undefined) return false;
  original = config;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ ...config, kernelFunc: batchMatMul as tf.KernelFunc });
  return true;
}

/**
 * Runs `fn` with tf.matMul on the wasm backend computed by the SIMD128 product
 * (where SIMD128 is supported; elsewhere, and on other backends, `fn` runs
 * unchanged). Two-dimensional float32 products only; others go to XNNPACK. Only
 * what `fn` runs before it returns counts: for an async `fn`, the code up to its
 * first `await`.
 *
 * @example
 * ```ts
 * const C = withWasmGemm(() => tf.matMul(A, B)); // the caller disposes C
 * ```
 */
export function withWasmGemm<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new InputError('fn', `Expected fn to be a function that calls tf.matMul, such as () => tf.matMul(A, B), but found ${fn === null ? 'null' : typeof fn}.`);
  if (!enabled || !install()) return fn();
  depth++;
  try {
    return fn();
  } finally {
    depth--;
  }
}

/**
 * Whether tf.matMul would run on the SIMD128 kernel inside `withWasmGemm` now: it is
 * enabled, the active backend is wasm (single-threaded) and SIMD128 is supported.
 *
 * @example
 * ```ts
 * const uploadTransposed = !wasmGemmReady(); // the kernel reads A transposed as fast
 * ```
 */
export function wasmGemmReady(): boolean {
  return enabled && tf.getBackend() === 'wasm' && install() && gemmFor(tf.backend() as unknown as WasmBackend) !== null;
}

/**
 * Whether tf.matMul runs on the SIMD128 kernel here and now (inside `withWasmGemm`,
 * and `wasmGemmReady()`): then its transpose flags cost nothing extra, where
 * XNNPACK's wasm backend leaves for a scalar loop.
 *
 * @example
 * ```ts
 * const dW = wasmGemmActive() ? tf.matMul(a, delta, true, false) : tf.matMul(tf.transpose(a), delta);
 * ```
 */
export function wasmGemmActive(): boolean {
  return depth > 0 && wasmGemmReady();
}

/**
 * Turns `withWasmGemm` on (the default) or off for the whole process, so that a
 * benchmark can compare both in one process; returns the previous setting.
 *
 * @example
 * ```ts
 * const before = setWasmGemmEnabled(false); // XNNPACK everywhere
 * setWasmGemmEnabled(before);
 * ```
 */
export function setWasmGemmEnabled(on: boolean): boolean {
  const before = enabled;
  enabled = checkBoolean('on', on);
  return before;
}
