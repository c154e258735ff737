// The bench's report: the CPU read from /proc/cpuinfo, the baseline (the faster NumPy
// row per workload), and the checks that fail a run: a stack that trained something
// else (its first-epoch loss), a stack that cannot be checked, unequal warm-up.
import { describe, expect, it } from 'vitest';
import { trainNetwork, workload, workloadProblem, type Workload } from '../../../src/index.js';
import { measuredEntry, ratioToBaseline, type BenchmarkEntry, type BenchmarkReport } from '../../../src/speed/benchmark.js';
import { runSpec } from '../../../tools/bench/options.js';
import { measure, ourEngines, type OurEngine } from '../../../tools/bench/ours.js';
import { LOSS_TOLERANCE, QUICK_NOTE, check, chooseBaselines, cpuInfo, entries, summary } from '../../../tools/bench/report.js';
import type { Measurements } from '../../../tools/bench/session.js';
import { SHUFFLE_SEED, runUntilDone } from '../../../tools/bench/stack-timing.js';

const CPUINFO = `processor\t: 0
vendor_id\t: AuthenticAMD
cpu family\t: 25
model\t\t: 17
model name\t: AMD EPYC 9R14 96-Core Processor
stepping\t: 1
flags\t\t: fpu sse sse2 avx avx2 avx512f avx512bw

processor\t: 1
vendor_id\t: AuthenticAMD
model name\t: AMD EPYC 9R14 96-Core Processor
`;

describe('cpuInfo', () => {
  it("reads the first CPU's model name, vendor, family, model, stepping and widest vector extension from /proc/cpuinfo", () => {
    expect(cpuInfo(CPUINFO)).toEqual({ model: 'AMD EPYC 9R14 96-Core Processor', vendor: 'AuthenticAMD', family: 25, modelNumber: 17, stepping: 1, vectorExtension: 'avx512f' });
    expect(cpuInfo('processor\t: 0\nflags\t: fpu sse4_2\n')).toEqual({ vectorExtension: 'sse4_2' });
  });
});

const W: Workload = { ...workload('W2'), rows: 256, batchSize: 256, epochs: 2 };

/** A measured entry with the given first loss, time and warm-up. */
const entry = (engine: string, over: { seconds?: number; firstLoss?: number; warmup?: number; rows?: number; workload?: Workload } = {}): BenchmarkEntry => ({
  ...measuredEntry(over.workload ?? W, { engine, label: engine }, { secondsPerEpoch: [over.seconds ?? 1], firstLoss: over.firstLoss ?? 0.5, ...(over.rows ? { rows: over.rows } : {}) }, { statistic: 'minimum' }),
  warmupEpochs: over.warmup ?? 2,
});

const reportOf = (list: BenchmarkEntry[], workloads: Workload[] = [W], extra: Partial<BenchmarkReport> = {}): BenchmarkReport => ({
  createdAt: '', quick: false, machine: {}, workloads, ceilings: [], entries: list, ...chooseBaselines(list, workloads), statistic: 'minimum', ...extra,
});

describe('chooseBaselines', () => {
  it('takes the faster of the two 1-thread NumPy rows on each workload as its baseline, and the one faster most often as the report\'s', () => {
    const w3 = { ...workload('W3') };
    const list = [entry('numpy-1', { seconds: 2 }), entry('numpy-1-glibc', { seconds: 1 }), entry('numpy-2', { seconds: 0.1 }), entry('numpy-1', { seconds: 1, workload: w3 }), entry('numpy-1-glibc', { seconds: 3, workload: w3 })];
    const w1 = { ...workload('W1') };
    list.push(entry('numpy-1', { seconds: 1, workload: w1 }), entry('numpy-1-glibc', { seconds: 5, workload: w1 }));
    const report = reportOf(list, [W, w3, w1]);
    expect(report.baselines).toEqual({ W2: 'numpy-1-glibc', W3: 'numpy-1', W1: 'numpy-1' });
    expect(report.baseline).toBe('numpy-1');
    // Every ratio divides by its own workload's baseline: NumPy on 2 threads is ×0.1 of the faster 1-thread row.
    expect(ratioToBaseline(report, list[2]!)).toBeCloseTo(0.1, 12);
    expect(ratioToBaseline(report, list[0]!)).toBeCloseTo(2, 12);
  });

  it('names no baseline when no NumPy row ran', () => {
    expect(chooseBaselines([entry('typed')], [W])).toEqual({ baseline: 'numpy-1', baselines: {} });
  });
});

describe('check', () => {
  it('passes stacks whose first-epoch loss is the baseline\'s within float32 tolerance, and fails one that trained something else', () => {
    const ok = reportOf([entry('numpy-1', { firstLoss: 0.5 }), entry('typed', { firstLoss: 0.5 * (1 + LOSS_TOLERANCE / 2) })]);
    expect(check(ok)).toEqual([]);
    const wrong = reportOf([entry('numpy-1', { firstLoss: 0.5 }), entry('typed', { firstLoss: 0.5 * (1 + 3 * LOSS_TOLERANCE) })]);
    expect(check(wrong)).toEqual([expect.stringMatching(/^W2 · typed: first-epoch loss 0\.50015\d* differs from NumPy's 0\.5 by 0\.00030 \(tolerance 0\.0001\)$/)]);
  });

  it('checks a stack timed on fewer rows against the baseline\'s loss on those rows, and fails it when there is none', () => {
    const w3 = workload('W3');
    const list = [entry('numpy-1', { firstLoss: 0.3, workload: w3 }), entry('layers-cpu', { firstLoss: 0.4, rows: 1280, workload: w3 }), entry('typed', { firstLoss: 0.41, rows: 2560, workload: w3 })];
    const report = reportOf(list, [w3], { referenceLosses: [{ workload: 'W3', rows: 1280, loss: 0.4 }] });
    expect(check(report)).toEqual(['W3 · typed: first-epoch loss not checked (no baseline loss on 2560 rows)']);
    report.referenceLosses!.push({ workload: 'W3', rows: 2560, loss: 0.42 });
    expect(check(report)).toEqual([expect.stringMatching(/^W3 · typed: first-epoch loss 0\.41 differs from NumPy's 0\.42 on the same 2560 rows by 0\.024/)]);
  });

  it('fails a stack that reported no loss, except the matrix-products reference row; and says nothing of losses when no baseline ran', () => {
    const noLoss = { ...entry('straightforward-wasm') };
    delete noLoss.firstLoss;
    const products = { ...entry('products-wasm'), reference: true };
    delete products.firstLoss;
    expect(check(reportOf([entry('numpy-1'), noLoss, products]))).toEqual(['W2 · straightforward-wasm: first-epoch loss not checked (it reported none)']);
    expect(check(reportOf([entry('typed', { firstLoss: 1 }), entry('tensor-wasm', { firstLoss: 2 })]))).toEqual([]);
  });

  it('fails a run whose stacks had unequal warm-up, and lists failed stacks', () => {
    const failed: BenchmarkEntry = { engine: 'layers-cpu', label: 'tfjs Layers fit (cpu)', workload: 'W2', status: 'failed', note: 'out of memory' };
    expect(check(reportOf([entry('numpy-1', { warmup: 2 }), entry('typed', { warmup: 1 }), failed]))).toEqual([
      'W2 · tfjs Layers fit (cpu) failed: out of memory',
      'W2: unequal warm-up: numpy-1 2, typed 1 untimed epochs',
    ]);
  });
});

describe('a deliberately wrong stack, measured', () => {
  it('fails the check: it trains on targets 1% off, while the typed engine, in the baseline\'s place, and the tensor engine agree', async () => {
    const problem = workloadProblem(W);
    const spec = runSpec(W, { quick: false, smoke: true });
    const [typed] = ourEngines([]);
    const [, tensor] = ourEngines(['cpu']);
    const wrong: OurEngine = {
      id: 'wrong',
      label: 'a stack that trains something else',
      run: (p, clock) =>
        runUntilDone(() => {
          const targets = p.targets.map((row) => row.map((v) => v * 1.01));
          trainNetwork(p.network, p.inputs, targets, { learningRate: W.learningRate, epochs: clock.totalEpochs, shuffleSeed: SHUFFLE_SEED, engine: 'typed', onEpoch: (r) => clock.epochEndedOrStop(r.loss) });
        }),
    };
    const m: Measurements = { missing: [], labels: new Map(), references: new Set(), samples: new Map(), failed: new Map(), runtimes: new Map(), ceilings: [], referenceLosses: [], machine: {}, notes: [] };
    for (const [id, engine] of [['numpy-1', typed!], ['tensor-cpu', tensor!], ['wrong', wrong]] as const) {
      const timing = await measure(engine, problem, spec, problem.inputs.length);
      m.labels.set(id, engine.label);
      m.samples.set(`${id}|W2`, { secondsPerEpoch: timing.secondsPerEpoch, cpuSecondsPerEpoch: timing.cpuSecondsPerEpoch, firstLoss: timing.firstLoss!, rows: timing.rows, warmupEpochs: [timing.warmupEpochs] });
    }
    const list = entries(m, [W]);
    expect(list.map((e) => [e.engine, e.warmupEpochs, e.spread?.count, e.cpuSpread?.count])).toEqual([['numpy-1', 1, 2, 2], ['tensor-cpu', 1, 2, 2], ['wrong', 1, 2, 2]]);
    const problems = check(reportOf(list));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^W2 · a stack that trains something else: first-epoch loss .* differs from NumPy's/);
  }, 60_000);
});

describe('summary', () => {
  it('checks the issues\' targets on the ratios of the run: the onnx engine at NumPy\'s time and 4x the XNNPACK wasm engine, the wasm engine at 5x and 3.5x', () => {
    const [w2, w3] = [W, { ...workload('W3') }];
    const report = reportOf([
      entry('numpy-1', { seconds: 1 }), entry('numpy-1', { seconds: 1, workload: w3 }),
      entry('onnx', { seconds: 0.7 }), entry('onnx', { seconds: 1.1, workload: w3 }),
      entry('tensor-wasm', { seconds: 2.2 }), entry('tensor-wasm', { seconds: 3.6, workload: w3 }),
      entry('tensor-wasm-xnnpack', { seconds: 4.5, workload: w3 }),
    ], [w2, w3]);
    const text = summary(report, { quick: false, smoke: false, out: '/tmp/r.json' }, '/tmp/r.figure.json', []);
    expect(text).toContain("met   W2 onnx engine at most NumPy's time: ×0.70");
    expect(text).toContain("MISSED  W3 onnx engine at most NumPy's time: ×1.10");
    expect(text).toContain('met   W3 onnx engine at least 4x faster than the tensor engine (wasm, XNNPACK products): 4.1x faster');
    expect(text).toContain("against today's tensor engine (wasm, SIMD128 products), no target: 3.3x faster");
    expect(text).toContain('met   W2 tensor engine (wasm) at most 5x NumPy: ×2.20');
    expect(text).toContain('MISSED  W3 tensor engine (wasm) at most 3.5x NumPy: ×3.60');
    expect(text).toContain('—  W3 tensor engine (wasm) at least 10x faster than Layers fit (wasm) (not measured)');
  });

  it('says plainly that a quick run is a smoke test whose ratios are not measurements, and gives the spread', () => {
    const report = reportOf([entry('numpy-1'), entry('typed', { seconds: 0.5 })], [W], { notes: [QUICK_NOTE] });
    const text = summary(report, { quick: true, smoke: false, out: '/tmp/q.json' }, '/tmp/q.figure.json', []);
    expect(text).toContain('quick run: a smoke test, the ratios are not measurements');
    expect(text).toContain(`note: ${QUICK_NOTE}`);
    expect(text).toMatch(/minimum over every sample of every round/);
    expect(text).toMatch(/^typed\s+1 s · 1 s · 1 s \(1\)|^typed\s+500 ms · 500 ms · 500 ms \(1\)/m);
  });
});
