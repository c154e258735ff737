/**
 * The bench's reference row: a training step's matrix products and nothing else, on
 * a tfjs backend. Per weight layer l, with input a (rows × nIn) and weights W:
 * `a·W` forward, `aᵀ·δ` for the gradient, and `δ·Wᵀ` for the layer below (not for the
 * first layer). The weights and deltas are new tensors every step, as in training, so
 * wasm's XNNPACK packs them afresh every step; the inputs, their transposes and the
 * hidden outputs are uploaded once, and an epoch's short last batch counts as a full
 * one (W3: 469 steps of 128 rows). No activation, loss, update or batch gathering.
 * Timed by the same rule as every stack (stack-timing.ts).
 * One plain formulation of the products `workloadFlops` counts: our engine transposes
 * a on the device where this row has it transposed already, and uses the transpose flag
 * for a one-column operand, which move its time by a few percent. On W3 the row shows how
 * close our tensor engine runs to the backend's matrix-product speed. On wasm the
 * products run inside `withWasmGemm`, as the engine's do (the SIMD128 kernel instead
 * of XNNPACK, `tools/bench/gemm.ts`), so the row stays the engine's reference.
 */
import { createRandom, tf, withWasmGemm, type WorkloadProblem } from 'backprop-ts/internal';
import { runUntilDone, type EpochClock } from './stack-timing.js';

/** Runs products-only epochs until `clock` ends the run (no loss: it trains nothing). */
export function timeMatrixProducts(problem: WorkloadProblem, clock: EpochClock): Promise<void> {
  const { sizes, batchSize } = problem.workload;
  const rows = problem.inputs.length;
  const m = Math.min(batchSize, rows);
  const steps = Math.ceil(rows / m);
  const random = createRandom(1);
  const values = (n: number) => Float32Array.from({ length: n }, () => random.next() - 0.5);
  const layers = sizes.slice(0, -1).map((nIn, l) => ({ nIn, nOut: sizes[l + 1]!, W: values(nIn * sizes[l + 1]!), delta: values(m * sizes[l + 1]!) }));
  // Layer inputs as the step sees them: the batch itself, then hidden outputs.
  const inputs = layers.map(({ nIn }, l) => (l === 0 ? tf.tensor2d(problem.X.subarray(0, m * nIn), [m, nIn]) : tf.tensor2d(values(m * nIn), [m, nIn])));
  const transposed = inputs.map((a) => tf.transpose(a));
  const step = () =>
    withWasmGemm(() => tf.tidy(() => {
      layers.forEach(({ nIn, nOut, W, delta }, l) => {
        const weights = tf.tensor2d(W, [nIn, nOut]);
        const d = tf.tensor2d(delta, [m, nOut]);
        tf.matMul(inputs[l]!, weights);
        tf.matMul(transposed[l]!, d);
        if (l > 0) tf.matMul(d, tf.tensor2d(W, [nOut, nIn]));
      });
    }));
  return runUntilDone(() => {
    try {
      for (;;) {
        for (let s = 0; s < steps; s++) step();
        clock.epochEndedOrStop();
      }
    } finally {
      tf.dispose([...inputs, ...transposed]);
    }
  });
}
