import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { baselineOf, epochSeconds, formatBenchmark, formatSeconds, measuredEntry, ratioToBaseline, readBenchmarkReport, sampleSpread, timeTraining } from '../../src/speed/benchmark.js';
import { trainNetwork } from '../../src/network/training.js';
import { workload, workloadProblem } from '../../src/speed/workloads.js';
import { sampleReport } from '../support/benchmark-helpers.js';
import { useBackend } from '../support/helpers.js';

beforeAll(() => useBackend('wasm'));

describe('epochSeconds', () => {
  it('epochSeconds gives each gap in seconds, or the mean of each 100 epochs for runs over 1,000', () => {
    expect(epochSeconds([0, 2, 5])).toEqual([0.002, 0.003]);
    const stamps = Array.from({ length: 1201 }, (_, i) => i * 0.01);
    const chunks = epochSeconds(stamps);
    expect(chunks).toHaveLength(12);
    chunks.forEach((s) => expect(s).toBeCloseTo(1e-5, 12));
  });
});

describe('timeTraining', () => {
  it('timeTraining times every epoch but the first, and reports the first loss trainNetwork reports', () => {
    const problem = workloadProblem(workload('W2'), { rows: 16_384 });
    const small = { ...problem, inputs: problem.inputs, targets: problem.targets };
    const timing = timeTraining(small, { engine: 'typed', epochs: 2, repeats: 2 });
    expect(timing.secondsPerEpoch).toHaveLength(4);
    expect(timing.secondsPerEpoch.every((s) => s > 0)).toBe(true);
    const { history } = trainNetwork(problem.network, problem.inputs, problem.targets, { learningRate: problem.workload.learningRate, epochs: 1, engine: 'tensor' });
    expect(Math.abs(timing.firstLoss - history[0]!.loss) / history[0]!.loss).toBeLessThan(1e-5);
    expect(timing.rows).toBe(16_384);
  }, 60_000);

  it('timeTraining reports 100-epoch means for tiny epochs, and checks its options', () => {
    const problem = workloadProblem(workload('W1'));
    expect(timeTraining(problem, { engine: 'typed', epochs: 1000 }).secondsPerEpoch).toHaveLength(10);
    expect(() => timeTraining(problem, { engine: 'typed', epochs: 0 })).toThrow(/epochs/);
    expect(() => timeTraining(problem, { engine: 'typed', repeats: 1.5 })).toThrow(/repeats/);
  });
});

describe('measuredEntry', () => {
  it('measuredEntry takes the median, samples per second and GFLOP/s, and scales minibatch epochs to the full data', () => {
    const report = sampleReport();
    const w1 = report.entries[0]!;
    expect(w1.secondsPerEpoch).toBe(9e-6);
    expect(w1.samplesPerSecond).toBeCloseTo(4 / 9e-6, 3);
    expect(w1.gflops).toBeCloseTo(2 * 4 * 28 / 9e-6 / 1e9, 9);
    expect(report.entries[1]!.secondsPerEpoch).toBeCloseTo(0.15, 12); // median of an even count
    const scaled = report.entries[3]!;
    expect(scaled.secondsPerEpoch).toBeCloseTo(5, 12);
    expect(scaled.rowsMeasured).toBe(6_000);
  });

  it('measuredEntry gives the spread of the samples, and with statistic "minimum" takes the minimum, of wall-clock and of CPU time alike', () => {
    const entry = measuredEntry(workload('W3'), { engine: 'x', label: 'x' }, { secondsPerEpoch: [0.3, 0.1, 0.2, 0.6], cpuSecondsPerEpoch: [0.1, 0.1, 0.2, 0.1], rows: 6_000 }, { statistic: 'minimum' });
    expect(entry.secondsPerEpoch).toBeCloseTo(1, 12); // 0.1 s on 6,000 rows, scaled to 60,000
    expect(entry.spread).toMatchObject({ count: 4, max: 6 });
    expect(entry.spread!.median).toBeCloseTo(2.5, 12);
    expect(entry.cpuSecondsPerEpoch).toBeCloseTo(1, 12);
    expect(entry.cpuSpread!.max).toBeCloseTo(2, 12);
    expect(entry.cpuSamples).toEqual([0.1, 0.1, 0.2, 0.1]);
    expect(entry.samples).toEqual([0.3, 0.1, 0.2, 0.6]);
    expect(entry.samplesPerSecond).toBeCloseTo(60_000, 6);
    // The default stays the median, without CPU fields when no CPU times are given.
    const median = measuredEntry(workload('W1'), { engine: 'x', label: 'x' }, { secondsPerEpoch: [3, 1, 2] });
    expect([median.secondsPerEpoch, median.cpuSecondsPerEpoch, median.cpuSpread]).toEqual([2, undefined, undefined]);
    expect(() => measuredEntry(workload('W1'), { engine: 'x', label: 'x' }, { secondsPerEpoch: [1] }, { statistic: 'mean' as 'median' })).toThrow(/options.statistic/);
  });

  it('measuredEntry refuses no samples, and a full-batch workload timed on fewer rows', () => {
    expect(() => measuredEntry(workload('W1'), { engine: 'x', label: 'x' }, { secondsPerEpoch: [] })).toThrow(/at least one/);
    expect(() => measuredEntry(workload('W2'), { engine: 'x', label: 'x' }, { secondsPerEpoch: [1], rows: 100 })).toThrow(/full batch/);
  });
});

describe('sampleSpread', () => {
  it('sampleSpread gives the minimum, the quartiles interpolated as NumPy does, the median and the maximum, scaled', () => {
    expect(sampleSpread([4, 1, 3, 2, 5])).toEqual({ min: 1, q1: 2, median: 3, q3: 4, max: 5, count: 5 });
    expect(sampleSpread([1, 2, 3, 4])).toEqual({ min: 1, q1: 1.75, median: 2.5, q3: 3.25, max: 4, count: 4 });
    expect(sampleSpread([0.5], 10)).toEqual({ min: 5, q1: 5, median: 5, q3: 5, max: 5, count: 1 });
  });

  it('sampleSpread refuses no samples and samples that are not finite numbers', () => {
    expect(() => sampleSpread([])).toThrow(/at least one sample/);
    expect(() => sampleSpread([1, NaN])).toThrow(/finite numbers but found NaN at index 1/);
  });
});

describe('ratioToBaseline and formatBenchmark', () => {
  it('ratioToBaseline divides by the per-workload baseline when the report names one (baselineOf)', () => {
    const report = sampleReport();
    const [w1] = report.workloads;
    report.entries.push(measuredEntry(w1!, { engine: 'numpy-1-glibc', label: 'NumPy, glibc' }, { secondsPerEpoch: [4.5e-6] }));
    expect(baselineOf(report, 'W1')).toBe('numpy-1');
    report.baselines = { W1: 'numpy-1-glibc' };
    expect(baselineOf(report, 'W1')).toBe('numpy-1-glibc');
    expect(baselineOf(report, 'W3')).toBe('numpy-1');
    expect(ratioToBaseline(report, report.entries[2]!)).toBeCloseTo(0.2, 12);
    expect(ratioToBaseline(report, report.entries[3]!)).toBeCloseTo(5 / 0.15, 9);
  });

  it('ratioToBaseline divides by the baseline on the same workload, undefined when either is missing', () => {
    const report = sampleReport();
    expect(ratioToBaseline(report, report.entries[2]!)).toBeCloseTo(0.1, 12);
    expect(ratioToBaseline(report, report.entries[3]!)).toBeCloseTo(5 / 0.15, 9);
    expect(ratioToBaseline(report, report.entries[4]!)).toBeUndefined();
  });

  it('formatSeconds picks µs, ms or s', () => {
    expect([formatSeconds(8.31e-6), formatSeconds(0.0075), formatSeconds(0.137), formatSeconds(17.8)]).toEqual(['8.31 µs', '7.5 ms', '137 ms', '17.8 s']);
  });

  it('formatBenchmark prints one row per stack with times, ratios, scaled times and statuses', () => {
    const text = formatBenchmark(sampleReport());
    expect(text.split('\n')[0]).toMatch(/^stack\s+W1 per epoch\s+vs NumPy\s+W3 per epoch\s+vs NumPy$/);
    expect(text).toMatch(/NumPy, 1 thread\s+9 µs\s+×1\s+150 ms\s+×1/);
    expect(text).toMatch(/ours, typed\s+0\.9 µs\s+×0\.1\s+5 s\*\s+×33/);
    expect(text).toMatch(/PyTorch\s+missing\s+missing/);
  });
});

describe('readBenchmarkReport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backprop-report-'));

  it('readBenchmarkReport reads what the bench wrote', () => {
    const path = join(dir, 'report.json');
    writeFileSync(path, JSON.stringify(sampleReport()));
    expect(readBenchmarkReport(path)).toEqual(sampleReport());
    // Without a path: the committed report of the last full run, found next to the library.
    expect(readBenchmarkReport().workloads).toHaveLength(3);
  });

  it('readBenchmarkReport names the file when it is missing, not JSON, or not a report', () => {
    expect(() => readBenchmarkReport(join(dir, 'none.json'))).toThrow(/none\.json.*npm run bench/);
    writeFileSync(join(dir, 'bad.json'), '{"entries": 3}');
    expect(() => readBenchmarkReport(join(dir, 'bad.json'))).toThrow(/bad\.json to hold a benchmark report/);
  });
});
