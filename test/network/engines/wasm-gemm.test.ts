import { describe, expect, it, vi } from 'vitest';
import { createWasmGemm, wasmSimdSupported, type GemmHeap } from '../../../src/network/engines/wasm-gemm.js';
import { gemmModuleBytes } from '../../../src/network/engines/wasm-gemm-module.js';
import { createRandom } from '../../../src/core/random.js';

/** A heap with a bump allocator, as a stand-in for the tfjs backend's `_malloc`. */
function bumpHeap(): GemmHeap & { top: number } {
  const memory = new WebAssembly.Memory({ initial: 1 });
  return {
    memory,
    top: 64,
    malloc(bytes) {
      const at = this.top;
      this.top += Math.ceil(bytes / 16) * 16;
      const need = Math.ceil(this.top / 65536) - memory.buffer.byteLength / 65536;
      if (need > 0) memory.grow(need);
      return at;
    },
    free() {},
  };
}

function reference(a: Float32Array, b: Float32Array, rows: number, inner: number, columns: number, tA: boolean, tB: boolean): Float64Array {
  const c = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < columns; j++) {
      let s = 0;
      for (let k = 0; k < inner; k++) s += a[tA ? k * rows + i : i * inner + k]! * b[tB ? j * inner + k : k * columns + j]!;
      c[i * columns + j] = s;
    }
  return c;
}

describe('createWasmGemm', () => {
  it('gemmModuleBytes(shared) validates where SIMD128 is supported', () => {
    expect(wasmSimdSupported()).toBe(true); // Node 20
    expect(WebAssembly.validate(gemmModuleBytes(true) as unknown as BufferSource)).toBe(true);
  });

  it('createWasmGemm(heap, options) rejects a depth block that is not a positive integer', () => {
    expect(() => createWasmGemm(bumpHeap(), { depthBlock: 0 })).toThrow(/Expected depthBlock to be a positive integer but found 0/);
  });

  it('gemmModuleBytes(shared, height) rejects block heights outside 2 to 6', () => {
    expect(() => gemmModuleBytes(false, 1)).toThrow(/Expected height to be an integer from 2 to 6 but found 1/);
    expect(() => gemmModuleBytes(false, 7)).toThrow(RangeError);
  });

  const shapes: [number, number, number][] = [
    [1, 1, 1], [1, 7, 8], [4, 3, 8], [5, 9, 16], [7, 1, 3], [13, 17, 10], [128, 128, 10], [9, 64, 1], [33, 5, 24], [2, 40, 65], [6, 600, 9],
  ];
  for (const [rows, inner, columns] of shapes) {
    for (const tA of [false, true]) {
      for (const tB of [false, true]) {
        it.each([[4, 256], [3, 3], [5, 1]])(`matMul(${rows}×${inner}·${inner}×${columns}, transposeA ${tA}, transposeB ${tB}) equals a float64 reference within float32 rounding, blocks of %i rows, %i values of k`, (blockHeight, depthBlock) => {
          const heap = bumpHeap();
          const gemm = createWasmGemm(heap, { blockHeight, depthBlock })!;
          const random = createRandom(rows * 1000 + inner * 10 + columns);
          const a = Float32Array.from({ length: rows * inner }, () => random.next() - 0.5);
          const b = Float32Array.from({ length: inner * columns }, () => random.next() - 0.5);
          const [pa, pb, pc] = [heap.malloc(a.length * 4), heap.malloc(b.length * 4), heap.malloc(rows * columns * 4 + 4)];
          const f32 = new Float32Array(heap.memory.buffer);
          f32.set(a, pa / 4);
          f32.set(b, pb / 4);
          f32[pc / 4 + rows * columns] = 12345; // a guard just past C
          gemm.matMul({ a: pa, b: pb, c: pc, rows, inner, columns, transposeA: tA, transposeB: tB });
          const out = new Float32Array(heap.memory.buffer);
          const expected = reference(a, b, rows, inner, columns, tA, tB);
          for (let i = 0; i < expected.length; i++) expect(Math.abs(out[pc / 4 + i]! - expected[i]!)).toBeLessThan(1e-5 * (1 + inner));
          expect(out[pc / 4 + rows * columns]).toBe(12345);
          gemm.dispose();
        });
      }
    }
  }

  it('matMul throws a RangeError when the heap cannot allocate its scratch, and allocates again on the next call', () => {
    const heap = bumpHeap();
    const gemm = createWasmGemm(heap)!;
    const [pa, pb, pc] = [heap.malloc(4 * 4 * 4), heap.malloc(4 * 3 * 4), heap.malloc(4 * 3 * 4)];
    new Float32Array(heap.memory.buffer).fill(1, pa / 4, pa / 4 + 28);
    const malloc = heap.malloc;
    heap.malloc = () => 0;
    const operands = { a: pa, b: pb, c: pc, rows: 4, inner: 4, columns: 3, transposeA: false, transposeB: false };
    expect(() => gemm.matMul(operands)).toThrow(/Expected the heap to allocate \d+ bytes of scratch but malloc returned 0/);
    heap.malloc = malloc;
    gemm.matMul(operands);
    expect([...new Float32Array(heap.memory.buffer, pc, 12)]).toEqual(new Array<number>(12).fill(4));
  });

  it('matMul with inner size 0 writes zeros', () => {
    const heap = bumpHeap();
    const gemm = createWasmGemm(heap)!;
    const pc = heap.malloc(12);
    new Float32Array(heap.memory.buffer).fill(7, pc / 4, pc / 4 + 3);
    gemm.matMul({ a: 0, b: 0, c: pc, rows: 3, inner: 0, columns: 1, transposeA: false, transposeB: false });
    expect([...new Float32Array(heap.memory.buffer, pc, 3)]).toEqual([0, 0, 0]);
  });
});

describe('createWasmGemm without SIMD128', () => {
  it('createWasmGemm(heap) returns null where WebAssembly cannot validate the SIMD128 module', () => {
    const spy = vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    try {
      expect(wasmSimdSupported()).toBe(false);
      expect(createWasmGemm(bumpHeap())).toBeNull();
    } finally {
      spy.mockRestore();
    }
  });
});
