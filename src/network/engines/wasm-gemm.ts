/**
 * A single-thread matrix product C = op(A)·op(B) in WebAssembly SIMD128 on a given
 * WebAssembly memory (the tfjs wasm backend's own, in `wasm-gemm-kernel.ts`): the
 * kernel of `wasm-gemm-module.ts` plus the packing it needs. B is read in place when
 * it is not transposed and its columns are a multiple of 8; otherwise it is packed
 * into panels of 8 columns (zero-padded) in a scratch block, and C is then written
 * to scratch and copied out. It runs in passes of `depthBlock` values of k, C
 * accumulating. Chapter 9 (`09-does-vectorization-pay.ipynb`) is about
 * speed; `tools/bench/gemm.ts` measures this against XNNPACK.
 */
import { gemmModuleBytes } from './wasm-gemm-module.js';

/** A `WebAssembly.Memory` (the project's lib is ES2022, without the DOM's WebAssembly types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}

/** The part of the WebAssembly JavaScript API used here. */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** Where the product runs: a memory and an allocator on it (the backend's `_malloc`). */
export interface GemmHeap {
  memory: WasmMemory;
  malloc(bytes: number): number;
  free(address: number): void;
}

/** One product; addresses are byte offsets into the heap's memory, float32 row-major. */
export interface GemmOperands {
  /** A: `[rows, inner]`, or `[inner, rows]` when `transposeA`. */
  a: number;
  /** B: `[inner, columns]`, or `[columns, inner]` when `transposeB`. */
  b: number;
  /** C: `[rows, columns]`, written. */
  c: number;
  rows: number;
  inner: number;
  columns: number;
  transposeA: boolean;
  transposeB: boolean;
}

/** A SIMD128 product on one heap; `dispose()` frees its scratch. */
export interface WasmGemm {
  matMul(operands: GemmOperands): void;
  dispose(): void;
}

/** Whether this WebAssembly supports SIMD128 (Node 16.4+, Chromium 91+, Firefox 89+, Safari 16.4+). */
export function wasmSimdSupported(): boolean {
  return wasmApi !== undefined && wasmApi.validate(gemmModuleBytes(false));
}

type Gemm = (...args: number[]) => void;

/** Options for {@link createWasmGemm}: the kernel's blocking, chosen by measurement (`tools/bench/gemm.ts`). */
export interface WasmGemmOptions {
  /**
   * Rows of C per block of the kernel. Default 4; 5 measured no faster at W2's and W3's
   * products, 6 slower (with 12 accumulators V8 runs out of vector registers).
   */
  blockHeight?: number;
  /**
   * Values of k per pass over C: A's and B's slices of a pass stay in cache for every
   * block of C. Default 256: W2's 64×16384·16384×64 with A transposed ran at 33–35
   * GFLOP/s against 19 in one pass; 128 and 512 within noise of 256; W3's shapes alike.
   */
  depthBlock?: number;
}

/**
 * Instantiates the kernel on `heap`'s memory; returns null where SIMD128 is missing.
 *
 * @example
 * ```ts
 * const gemm = createWasmGemm({ memory, malloc, free });
 * gemm?.matMul({ a, b, c, rows: 128, inner: 784, columns: 128, transposeA: false, transposeB: false });
 * ```
 */
export function createWasmGemm(heap: GemmHeap, options: WasmGemmOptions = {}): WasmGemm | null {
  const { blockHeight = 4, depthBlock = 256 } = options;
  if (!Number.isInteger(depthBlock) || depthBlock < 1) throw new RangeError(`Expected depthBlock to be a positive integer but found ${depthBlock}`);
  if (wasmApi === undefined || !wasmSimdSupported()) return null;
  const shared = typeof SharedArrayBuffer !== 'undefined' && heap.memory.buffer instanceof SharedArrayBuffer;
  const module = new wasmApi.Module(gemmModuleBytes(shared, blockHeight));
  const { exports } = new wasmApi.Instance(module, { env: { memory: heap.memory } });
  const [gemm, gemmAdjacentRows] = [exports['gemm'] as Gemm, exports['gemmAdjacentRows'] as Gemm];
  let scratch = 0;
  let scratchBytes = 0;
  const reserve = (bytes: number): number => {
    if (bytes > scratchBytes) {
      const size = Math.max(bytes, 2 * scratchBytes);
      if (scratch !== 0) heap.free(scratch);
      [scratch, scratchBytes] = [0, 0];
      const address = heap.malloc(size) >>> 0;
      if (address === 0) throw new RangeError(`Expected the heap to allocate ${size} bytes of scratch but malloc returned 0`);
      [scratch, scratchBytes] = [address, size];
    }
    return scratch;
  };
  return {
    matMul({ a, b, c, rows, inner, columns, transposeA, transposeB }) {
      if (rows === 0 || columns === 0) return;
      const panels = Math.ceil(columns / 8);
      const padded = panels * 8;
      if (inner === 0) {
        new Float32Array(heap.memory.buffer, c, rows * columns).fill(0);
        return;
      }
      const direct = !transposeB && columns === padded;
      const packBytes = direct ? 0 : inner * padded * 4;
      const cBytes = columns === padded ? 0 : rows * padded * 4;
      const base = packBytes + cBytes > 0 ? reserve(packBytes + cBytes) : 0;
      const heapF32 = new Float32Array(heap.memory.buffer); // after reserve: malloc may grow the memory
      if (!direct) packPanels(heapF32, b >>> 2, base >>> 2, inner, columns, transposeB);
      const [aRowStride, aDepthStride] = transposeA ? [4, rows * 4] : [inner * 4, 4];
      const [panelStride, bDepthStride] = direct ? [32, columns * 4] : [inner * 32, 32];
      const cTarget = cBytes === 0 ? c : base + packBytes;
      const kernel = transposeA ? gemmAdjacentRows : gemm;
      // Blocks of k, so that a block's A and B stay in cache across row blocks and panels.
      for (let k0 = 0; k0 < inner; k0 += depthBlock) {
        const depth = Math.min(depthBlock, inner - k0);
        kernel(a + k0 * aDepthStride, (direct ? b : base) + k0 * bDepthStride, cTarget, rows, panels, depth, aRowStride, aDepthStride, panelStride, bDepthStride, padded * 4, k0 > 0 ? 1 : 0);
      }
      if (cBytes !== 0) {
        for (let i = 0, from = cTarget >>> 2, to = c >>> 2; i < rows; i++, from += padded, to += columns) {
          for (let j = 0; j < columns; j++) heapF32[to + j] = heapF32[from + j]!;
        }
      }
    },
    dispose() {
      if (scratch !== 0) heap.free(scratch);
      scratch = 0;
      scratchBytes = 0;
    },
  };
}

/** B (`[inner, columns]`, or `[columns, inner]` when transposed) as panels: panel p, row k, 8 floats, zero beyond the columns. */
function packPanels(heap: Float32Array, b: number, out: number, inner: number, columns: number, transposed: boolean): void {
  const [columnStride, rowStride] = transposed ? [inner, 1] : [1, columns];
  for (let p = 0, o = out; p * 8 < columns; p++) {
    const width = Math.min(8, columns - p * 8);
    for (let k = 0; k < inner; k++, o += 8) {
      const row = b + k * rowStride + p * 8 * columnStride;
      for (let j = 0; j < width; j++) heap[o + j] = heap[row + j * columnStride]!;
      for (let j = width; j < 8; j++) heap[o + j] = 0;
    }
  }
}
