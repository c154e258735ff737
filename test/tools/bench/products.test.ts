import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, tf, workload, workloadProblem } from '../../../src/index.js';
import { timeMatrixProducts } from '../../../tools/bench/products.js';
import { EpochClock, type StackTiming } from '../../../tools/bench/stack-timing.js';

const spec = (timed: number) => ({ warmupEpochs: 1, minEpochs: timed, maxEpochs: timed, budgetSeconds: 0, chunk: 1, probeRows: 0 });

describe('timeMatrixProducts', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
  });

  it("runs a step's matrix products, and only those, for every step of every epoch, one epoch more than it times", async () => {
    const problem = workloadProblem(workload('W3'), { rows: 300 }); // three steps per epoch (the short last batch counted as a full one)
    let timing: StackTiming | undefined;
    const firstId = tf.tidy(() => tf.scalar(0).id);
    const info = await tf.profile(async () => {
      const clock = new EpochClock(spec(2));
      await timeMatrixProducts(problem, clock);
      timing = clock.timing(problem.inputs.length);
    });
    // Every step uploads its weights, Wᵀ and deltas anew (5 tensors) and makes 5 products;
    // once per run: two layer inputs and their transposes. Then the probe below.
    expect(tf.tidy(() => tf.scalar(0).id) - firstId).toBe(3 * 3 * (5 + 5) + 4 + 1);
    const products = info.kernels.filter((k) => k.name === 'BatchMatMul');
    // Per step on 784-128-10: a·W and aᵀ·δ for both layers, δ·Wᵀ for the second.
    expect(products).toHaveLength(3 * 3 * 5);
    expect(info.kernels.filter((k) => k.name !== 'BatchMatMul').map((k) => k.name)).toEqual(['Transpose', 'Transpose']);
    expect(products.slice(0, 5).map((k) => k.inputShapes)).toEqual([
      [[128, 784], [784, 128]],
      [[784, 128], [128, 128]],
      [[128, 128], [128, 10]],
      [[128, 128], [128, 10]],
      [[128, 10], [10, 128]],
    ]);
    expect(timing!.rows).toBe(300);
    expect(timing!.secondsPerEpoch).toHaveLength(2);
    expect(timing!.secondsPerEpoch.every((s) => s > 0)).toBe(true);
    expect(timing!.cpuSecondsPerEpoch).toHaveLength(2);
    expect([timing!.warmupEpochs, timing!.timedEpochs, timing!.firstLoss]).toEqual([1, 2, undefined]);
  });

  it('leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    await timeMatrixProducts(workloadProblem(workload('W2'), { rows: 64 }), new EpochClock(spec(3)));
    expect(tf.memory().numTensors).toBe(before);
  });
});
