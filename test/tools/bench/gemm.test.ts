import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, tf } from '../../../src/index.js';
import { STEP_PRODUCTS, compareGemm, gemmTable } from '../../../tools/bench/gemm.js';

describe('compareGemm', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
  });

  it('compareGemm(shapes, rounds) measures both products on every shape, agreeing within float32 rounding, and leaks no tensors', () => {
    const shapes = [
      { label: 'odd', rows: 5, inner: 7, columns: 3 },
      { label: 'flags', rows: 9, inner: 4, columns: 12, transposeA: true, transposeB: true },
    ];
    const before = tf.memory().numTensors;
    const results = compareGemm(shapes, 2, 0.001);
    expect(tf.memory().numTensors).toBe(before);
    expect(results.map((r) => r.shape.label)).toEqual(['odd', 'flags']);
    for (const r of results) {
      expect(r.ratios).toHaveLength(2);
      expect(r.disagreement).toBeLessThan(1e-5);
      expect(r.xnnpack).toBeGreaterThan(0);
      expect(r.simd).toBeGreaterThan(0);
    }
    const table = gemmTable(results);
    expect(table).toContain('speed-up (per call)');
    expect(table).toContain('9×4·4×12');
  });

  it("STEP_PRODUCTS lists W3's and W2's products with matching shapes", () => {
    expect(STEP_PRODUCTS.filter((s) => s.label.startsWith('W3')).map((s) => 2 * s.rows * s.inner * s.columns)).toContain(2 * 128 * 784 * 128);
    expect(STEP_PRODUCTS.some((s) => s.label.startsWith('W2') && s.rows === 16384 && s.inner === 64 && s.columns === 64)).toBe(true);
  });
});
