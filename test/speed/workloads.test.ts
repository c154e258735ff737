import { describe, expect, it } from 'vitest';
import { INPUTS, TARGETS } from '../../src/article/data.js';
import { parameterCount } from '../../src/network/network.js';
import { WORKLOADS, workload, workloadFlops, workloadProblem } from '../../src/speed/workloads.js';

describe('WORKLOADS', () => {
  it('WORKLOADS are the issue\'s W1, W2 and W3: shapes, rows, batches and epochs', () => {
    expect(WORKLOADS.map((w) => [w.name, w.sizes, w.rows, w.batchSize, w.epochs])).toEqual([
      ['W1', [2, 4, 1], 4, 4, 10_000],
      ['W2', [8, 64, 64, 1], 16_384, 16_384, 50],
      ['W3', [784, 128, 10], 60_000, 128, 2],
    ]);
  });

  it('workload(name) finds a workload and rejects an unknown name', () => {
    expect(workload('W2').sizes).toEqual([8, 64, 64, 1]);
    expect(() => workload('W9')).toThrow(/W1, W2, W3.*"W9"/);
  });
});

describe('workloadFlops', () => {
  it('workloadFlops counts forward, weight-gradient and upstream products, 2 FLOPs per multiply-add', () => {
    // 2-4-1 on 4 rows: forward 8 + 4, gradients 8 + 4, upstream 4 (none into the input).
    expect(workloadFlops({ sizes: [2, 4, 1], rows: 4 })).toBe(2 * 4 * (8 * 2 + 4 * 3));
    expect(workloadFlops(workload('W3'))).toBe(2 * 60_000 * (784 * 128 * 2 + 128 * 10 * 3));
  });
});

describe('workloadProblem', () => {
  it("workloadProblem(W1) trains on the article's four days from a network without biases", () => {
    const p = workloadProblem(workload('W1'));
    expect(p.inputs).toEqual(INPUTS);
    expect(p.targets).toEqual(TARGETS.map((t) => [t]));
    expect(p.network.biases).toBeNull();
    expect(p.network.activations).toEqual(['tanh', 'identity']);
  });

  it('workloadProblem is seeded, and its first rows do not depend on how many rows are built', () => {
    const w2 = workload('W2');
    const small = workloadProblem(w2, { rows: 10 });
    const larger = workloadProblem(w2, { rows: 20 });
    expect(larger.inputs.slice(0, 10)).toEqual(small.inputs);
    expect(larger.targets.slice(0, 10)).toEqual(small.targets);
    expect(workloadProblem(w2, { rows: 10 })).toEqual(small);
    expect(small.X).toHaveLength(10 * 8);
    expect(small.targets.every(([y], r) => Math.abs(y! - Math.sin(small.inputs[r]!.reduce((s, v) => s + v, 0))) < 1e-6)).toBe(true);
    expect(parameterCount(small.network)).toBe(8 * 64 + 64 * 64 + 64);
  });

  it('workloadProblem(W3) has pixels in [0, 1) and one-hot targets', () => {
    const p = workloadProblem(workload('W3'), { rows: 50 });
    expect(p.inputs.flat().every((v) => v >= 0 && v < 1)).toBe(true);
    expect(p.targets.every((row) => row.filter((v) => v === 1).length === 1 && row.reduce((s, v) => s + v, 0) === 1)).toBe(true);
    expect(() => workloadProblem(workload('W3'), { rows: 0 })).toThrow(/rows/);
  });
});
