import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../src/core/tf.js';
import { createRandom } from '../../../src/core/random.js';
import { setWasmGemmEnabled, wasmGemmActive, wasmGemmReady, withWasmGemm } from '../../../src/network/engines/wasm-gemm-kernel.js';
import { leakedTensors, useBackend } from '../../support/helpers.js';

function operands(rows: number, inner: number, columns: number, tA: boolean, tB: boolean, seed: number) {
  const random = createRandom(seed);
  const values = (n: number) => Float32Array.from({ length: n }, () => random.next() - 0.5);
  return {
    a: tf.tensor2d(values(rows * inner), tA ? [inner, rows] : [rows, inner]),
    b: tf.tensor2d(values(inner * columns), tB ? [columns, inner] : [inner, columns]),
  };
}

/** Largest |x − y| over the largest |x|. */
function relativeDifference(x: Float32Array, y: Float32Array): number {
  let [diff, size] = [0, 0];
  for (let i = 0; i < x.length; i++) [diff, size] = [Math.max(diff, Math.abs(x[i]! - y[i]!)), Math.max(size, Math.abs(x[i]!))];
  return diff / Math.max(size, 1e-30);
}

describe('withWasmGemm on wasm', () => {
  beforeAll(() => useBackend('wasm'));

  const shapes: [number, number, number][] = [[1, 1, 1], [1, 5, 1], [3, 1, 9], [4, 8, 8], [5, 13, 7], [17, 3, 33], [128, 784, 128], [784, 128, 128], [64, 300, 1], [300, 64, 10]];
  for (const [rows, inner, columns] of shapes) {
    it(`withWasmGemm(tf.matMul) on ${rows}×${inner}·${inner}×${columns} equals XNNPACK's within float32 rounding, with every transpose flag`, () => {
      for (const tA of [false, true]) {
        for (const tB of [false, true]) {
          const { a, b } = operands(rows, inner, columns, tA, tB, rows + inner + columns);
          const expected = tf.tidy(() => tf.matMul(a, b, tA, tB).dataSync() as Float32Array);
          const actual = withWasmGemm(() => tf.tidy(() => tf.matMul(a, b, tA, tB)));
          expect(actual.shape).toEqual([rows, columns]);
          expect(relativeDifference(expected, actual.dataSync() as Float32Array), `transposeA ${tA} transposeB ${tB}`).toBeLessThan(1e-5);
          tf.dispose([a, b, actual]);
        }
      }
    });
  }

  it('withWasmGemm(tf.matMul) leaks no tensors and no backend memory', () => {
    const { a, b } = operands(37, 19, 11, false, true, 3); // b: 11×19, so (a·bᵀ)·b is 37×19
    withWasmGemm(() => tf.matMul(a, b, false, true).dispose()); // the first call allocates the scratch
    const bytes = tf.memory().numBytes;
    expect(leakedTensors(() => withWasmGemm(() => tf.tidy(() => tf.matMul(tf.matMul(a, b, false, true), b)).dispose())), 'tensors').toBe(0);
    expect(tf.memory().numBytes).toBe(bytes);
    tf.dispose([a, b]);
  });

  it('withWasmGemm leaves batched products to the backend', () => {
    const random = createRandom(5);
    const a = tf.tensor3d(Float32Array.from({ length: 2 * 3 * 4 }, () => random.next()), [2, 3, 4]);
    const b = tf.tensor3d(Float32Array.from({ length: 2 * 4 * 5 }, () => random.next()), [2, 4, 5]);
    const expected = tf.tidy(() => tf.matMul(a, b).dataSync() as Float32Array);
    const actual = withWasmGemm(() => tf.tidy(() => tf.matMul(a, b).dataSync() as Float32Array));
    expect([...actual]).toEqual([...expected]);
    tf.dispose([a, b]);
  });

  it('setWasmGemmEnabled(false) makes withWasmGemm run its function unchanged, and returns the previous setting', () => {
    const { a, b } = operands(9, 7, 10, true, false, 8);
    const expected = tf.tidy(() => tf.matMul(a, b, true, false).dataSync() as Float32Array);
    expect(setWasmGemmEnabled(false)).toBe(true);
    try {
      expect([...withWasmGemm(() => tf.tidy(() => tf.matMul(a, b, true, false).dataSync() as Float32Array))]).toEqual([...expected]);
    } finally {
      expect(setWasmGemmEnabled(true)).toBe(false);
    }
    tf.dispose([a, b]);
  });
});

describe('wasmGemmReady and wasmGemmActive', () => {
  it('wasmGemmActive() is true only inside withWasmGemm on wasm, and neither is true once disabled or on cpu', async () => {
    await useBackend('wasm');
    expect(wasmGemmReady()).toBe(true);
    expect(wasmGemmActive()).toBe(false);
    expect(withWasmGemm(() => wasmGemmActive())).toBe(true);
    setWasmGemmEnabled(false);
    try {
      expect(wasmGemmReady()).toBe(false);
      expect(withWasmGemm(() => wasmGemmActive())).toBe(false);
    } finally {
      setWasmGemmEnabled(true);
    }
    await useBackend('cpu');
    expect(wasmGemmReady()).toBe(false);
    expect(withWasmGemm(() => wasmGemmActive())).toBe(false);
  });
});

describe('withWasmGemm on cpu', () => {
  beforeAll(() => useBackend('cpu'));

  it('withWasmGemm(fn) on another backend runs fn as it is', () => {
    const { a, b } = operands(6, 5, 9, false, false, 2);
    const expected = tf.tidy(() => tf.matMul(a, b).dataSync() as Float32Array);
    expect([...withWasmGemm(() => tf.tidy(() => tf.matMul(a, b).dataSync() as Float32Array))]).toEqual([...expected]);
    tf.dispose([a, b]);
  });
});

describe('withWasmGemm and setWasmGemmEnabled, bad input', () => {
  it.each([[null, 'null'], ['tf.matMul(A, B)', 'string'], [undefined, 'undefined']])('withWasmGemm(%j) names what it expects', (fn, found) => {
    expect(() => withWasmGemm(fn as unknown as () => void)).toThrow(`Expected fn to be a function that calls tf.matMul, such as () => tf.matMul(A, B), but found ${found}.`);
  });

  it('setWasmGemmEnabled accepts true or false only, and a refused value changes nothing', () => {
    expect(() => setWasmGemmEnabled('no' as unknown as boolean)).toThrow(/Expected on to be true or false but found/);
    expect(setWasmGemmEnabled(true)).toBe(true);
  });
});
