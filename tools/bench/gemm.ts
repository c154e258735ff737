/**
 * The wasm engine's choice of matrix product, decided by measurement (issue 16):
 * tf.matMul on the wasm backend as tfjs does it (XNNPACK) against this project's
 * SIMD128 kernel (`src/network/engines/wasm-gemm*.ts`, through `withWasmGemm`), at
 * exactly the products a W3 and a W2 training step of the tensor engine computes,
 * with both operands new tensors on every call as in training (so XNNPACK packs B
 * every time). One process, one thread; rounds alternate which variant goes first,
 * and each sample is the mean of enough calls to take ~30 ms. The upload of the two
 * operands (the same for both) is timed alone and subtracted before GFLOP/s.
 *
 * With `--training`, whole training runs instead: the tensor engine on W3 and W2
 * through `trainNetwork`, with the SIMD128 products and without (`setWasmGemmEnabled`),
 * alternating run by run in one process.
 *
 * Usage: `npm run build && node dist-tools/bench/gemm.js [--rounds N] [--training]`
 * (default 7 rounds, 3 with `--training`). Prints a table to stdout: per product the
 * median GFLOP/s of each (upload subtracted) and the speed-up, XNNPACK's time per call
 * over SIMD128's (upload included), as median [min–max] over rounds; with `--training`, per workload each variant's best and median epoch, the
 * ratio of medians per round and the first-epoch losses. Exit code 0, or 1 if the two
 * disagree beyond float32 rounding.
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createRandom, formatTable, selectBackend, setWasmGemmEnabled, tf, trainNetwork, withWasmGemm, workload, workloadProblem } from 'backprop-ts/internal';
import { isEntryPoint } from '../cli.js';

/** One product C = op(A)·op(B): A is `[rows, inner]` (`[inner, rows]` when transposed), B `[inner, columns]` (`[columns, inner]`). */
export interface GemmShape {
  label: string;
  rows: number;
  inner: number;
  columns: number;
  transposeA?: boolean;
  transposeB?: boolean;
}

/** The tensor engine's products in one step of W3 (784-128-10, 128 rows) and W2 (8-64-64-1, 16,384 rows), as backprop.ts calls them. */
export const STEP_PRODUCTS: GemmShape[] = [
  { label: 'W3 a·W0', rows: 128, inner: 784, columns: 128 },
  { label: 'W3 a·W1', rows: 128, inner: 128, columns: 10 },
  { label: 'W3 aᵀ·δ1', rows: 128, inner: 128, columns: 10 },
  { label: 'W3 δ1·W1ᵀ', rows: 128, inner: 10, columns: 128 },
  { label: 'W3 Xᵀ·δ0', rows: 784, inner: 128, columns: 128 },
  { label: 'W3 aᵀ·δ1 (flag)', rows: 128, inner: 128, columns: 10, transposeA: true },
  { label: 'W3 δ1·W1ᵀ (flag)', rows: 128, inner: 10, columns: 128, transposeB: true },
  { label: 'W3 Xᵀ·δ0 (flag)', rows: 784, inner: 128, columns: 128, transposeA: true },
  { label: 'W2 a·W0', rows: 16384, inner: 8, columns: 64 },
  { label: 'W2 a·W1', rows: 16384, inner: 64, columns: 64 },
  { label: 'W2 a·W2', rows: 16384, inner: 64, columns: 1 },
  { label: 'W2 aᵀ·δ2 (flag)', rows: 64, inner: 16384, columns: 1, transposeA: true },
  { label: 'W2 δ2·W2ᵀ', rows: 16384, inner: 1, columns: 64 },
  { label: 'W2 aᵀ·δ1', rows: 64, inner: 16384, columns: 64 },
  { label: 'W2 aᵀ·δ1 (flag)', rows: 64, inner: 16384, columns: 64, transposeA: true },
  { label: 'W2 δ1·W1ᵀ', rows: 16384, inner: 64, columns: 64 },
  { label: 'W2 Xᵀ·δ0', rows: 8, inner: 16384, columns: 64 },
  { label: 'W2 Xᵀ·δ0 (flag)', rows: 8, inner: 16384, columns: 64, transposeA: true },
];

type Variant = 'upload' | 'xnnpack' | 'simd';

/** Seconds per call of `calls` calls: upload both operands, multiply (unless 'upload'), dispose. */
function timeCalls(shape: GemmShape, a: Float32Array, b: Float32Array, variant: Variant, calls: number): number {
  const { rows, inner, columns, transposeA = false, transposeB = false } = shape;
  const aShape: [number, number] = transposeA ? [inner, rows] : [rows, inner];
  const bShape: [number, number] = transposeB ? [columns, inner] : [inner, columns];
  const call = () => tf.tidy(() => {
    const [A, B] = [tf.tensor2d(a, aShape), tf.tensor2d(b, bShape)];
    if (variant !== 'upload') tf.matMul(A, B, transposeA, transposeB);
  });
  const start = performance.now();
  for (let c = 0; c < calls; c++) (variant === 'simd' ? withWasmGemm(call) : call());
  return (performance.now() - start) / 1000 / calls;
}

/** The largest difference between the two variants' products, relative to the largest |C|. */
function disagreement(shape: GemmShape, a: Float32Array, b: Float32Array): number {
  const { rows, inner, columns, transposeA = false, transposeB = false } = shape;
  const product = () => tf.tidy(() => tf.matMul(tf.tensor2d(a, transposeA ? [inner, rows] : [rows, inner]), tf.tensor2d(b, transposeB ? [columns, inner] : [inner, columns]), transposeA, transposeB).dataSync());
  const [x, s] = [product(), withWasmGemm(product)];
  let [diff, size] = [0, 0];
  for (let i = 0; i < x.length; i++) [diff, size] = [Math.max(diff, Math.abs(x[i]! - s[i]!)), Math.max(size, Math.abs(x[i]!))];
  return diff / size;
}

export interface GemmComparison {
  shape: GemmShape;
  /** Median GFLOP/s over rounds, upload subtracted. */
  xnnpack: number;
  simd: number;
  /** XNNPACK's time per call over SIMD128's (the upload included in both), per round. */
  ratios: number[];
  disagreement: number;
}

/** Compares the two products on every shape over `rounds` interleaved rounds (wasm backend active). */
export function compareGemm(shapes: readonly GemmShape[], rounds: number, sampleSeconds = 0.03): GemmComparison[] {
  const random = createRandom(16);
  return shapes.map((shape) => {
    const { rows, inner, columns } = shape;
    const a = Float32Array.from({ length: rows * inner }, () => random.next() - 0.5);
    const b = Float32Array.from({ length: inner * columns }, () => random.next() - 0.5);
    const flops = 2 * rows * inner * columns;
    const probe = timeCalls(shape, a, b, 'xnnpack', 3) + timeCalls(shape, a, b, 'simd', 3); // warms both
    const calls = Math.max(3, Math.round(sampleSeconds / (probe / 2)));
    const speeds: Record<'xnnpack' | 'simd', number[]> = { xnnpack: [], simd: [] };
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const order: ('xnnpack' | 'simd')[] = r % 2 === 0 ? ['xnnpack', 'simd'] : ['simd', 'xnnpack'];
      const upload = timeCalls(shape, a, b, 'upload', calls);
      const seconds = Object.fromEntries(order.map((v) => [v, timeCalls(shape, a, b, v, calls)])) as Record<'xnnpack' | 'simd', number>;
      for (const v of order) speeds[v].push(flops / Math.max(seconds[v] - upload, 1e-9) / 1e9);
      ratios.push(seconds.xnnpack / seconds.simd); // whole calls, upload included: robust to a noisy upload time
    }
    return { shape, xnnpack: median(speeds.xnnpack), simd: median(speeds.simd), ratios, disagreement: disagreement(shape, a, b) };
  });
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
};

/** The comparison as a text table. */
export function gemmTable(results: readonly GemmComparison[]): string {
  const rows = results.map(({ shape, xnnpack, simd, ratios, disagreement }) => [
    shape.label,
    `${shape.rows}×${shape.inner}·${shape.inner}×${shape.columns}`,
    xnnpack.toFixed(1),
    simd.toFixed(1),
    `×${median(ratios).toFixed(2)} [${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}]`,
    disagreement.toExponential(1),
  ]);
  return formatTable(['product', 'M×K·K×N', 'XNNPACK GFLOP/s', 'SIMD128 GFLOP/s', 'speed-up (per call)', 'max rel. diff'], rows);
}

/** Seconds of each timed epoch of one tensor-engine run (after `warmup` untimed epochs), and its first-epoch loss. */
function trainingEpochs(name: 'W2' | 'W3', simd: boolean, warmup: number, epochs: number): { perEpoch: number[]; firstLoss: number } {
  const w = workload(name);
  const problem = workloadProblem(w);
  const stamps: number[] = [];
  const before = setWasmGemmEnabled(simd);
  try {
    const { history } = trainNetwork(problem.network, problem.inputs, problem.targets, {
      learningRate: w.learningRate,
      epochs: warmup + epochs,
      batchSize: Math.min(w.batchSize, problem.inputs.length),
      engine: 'tensor',
      onEpoch: () => void stamps.push(performance.now()),
    });
    return { perEpoch: stamps.slice(warmup).map((t, k) => (t - stamps[warmup - 1 + k]!) / 1000), firstLoss: history[0]!.loss };
  } finally {
    setWasmGemmEnabled(before);
  }
}

/** Whole training runs with and without the SIMD128 products, alternating; a table and whether the losses agree. */
export function compareTraining(rounds: number): { table: string; lossesAgree: boolean } {
  let lossesAgree = true;
  const rows = (['W3', 'W2'] as const).map((name) => {
    const [warmup, epochs] = name === 'W3' ? [1, 2] : [2, 10];
    const samples = { xnnpack: [] as number[], simd: [] as number[] };
    const losses = { xnnpack: NaN, simd: NaN };
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const medians = { xnnpack: 0, simd: 0 };
      for (const v of r % 2 === 0 ? (['xnnpack', 'simd'] as const) : (['simd', 'xnnpack'] as const)) {
        const t = trainingEpochs(name, v === 'simd', warmup, epochs);
        samples[v].push(...t.perEpoch);
        losses[v] = t.firstLoss;
        medians[v] = median(t.perEpoch);
        process.stderr.write(`${name} round ${r + 1} ${v}: ${t.perEpoch.map((s) => (s * 1000).toFixed(1)).join(', ')} ms\n`);
      }
      ratios.push(medians.xnnpack / medians.simd);
    }
    const agree = Math.abs(losses.simd - losses.xnnpack) <= 1e-5 * Math.abs(losses.xnnpack);
    lossesAgree &&= agree;
    const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`;
    return [
      name,
      ms(Math.min(...samples.xnnpack)), ms(median(samples.xnnpack)),
      ms(Math.min(...samples.simd)), ms(median(samples.simd)),
      `×${median(ratios).toFixed(2)} [${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}]`,
      `${losses.xnnpack.toPrecision(7)} / ${losses.simd.toPrecision(7)}`,
    ];
  });
  const table = formatTable(['workload', 'XNNPACK best', 'XNNPACK median', 'SIMD128 best', 'SIMD128 median', 'speed-up (medians per round)', 'first-epoch loss X / S'], rows);
  return { table, lossesAgree };
}

if (isEntryPoint(import.meta.url)) {
  const { values } = parseArgs({ options: { rounds: { type: 'string' }, training: { type: 'boolean', default: false } } });
  await selectBackend({ backend: 'wasm' });
  console.log(`gemm, ${new Date().toISOString()}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} CPUs`);
  if (values.training) {
    const { table, lossesAgree } = compareTraining(Number(values.rounds ?? 3));
    console.log(table);
    process.exitCode = lossesAgree ? 0 : 1;
  } else {
    const results = compareGemm(STEP_PRODUCTS, Number(values.rounds ?? 7));
    console.log(gemmTable(results));
    process.exitCode = results.every((r) => r.disagreement < 1e-5) ? 0 : 1;
  }
}
