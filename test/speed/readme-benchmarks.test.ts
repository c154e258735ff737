// README's benchmark table and its sentences quote the committed report
// (data/benchmarks/latest.json), which chapter 9 shows: a new `npm run bench`
// that is committed without updating README fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baselineOf, formatSeconds, ratioToBaseline, readBenchmarkReport, type BenchmarkReport } from '../../src/speed/benchmark.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const report: BenchmarkReport = readBenchmarkReport();

/** README row label → engine id in the report. */
const ROWS: [string, string][] = [
  ['NumPy, 1 thread |', 'numpy-1'],
  ["NumPy, 1 thread, glibc's default allocator", 'numpy-1-glibc'],
  ['NumPy, 2 threads', 'numpy-2'],
  ['PyTorch, hand-written backprop', 'torch-manual'],
  ['PyTorch, autograd', 'torch-autograd'],
  ['ours, typed engine', 'typed'],
  ['ours, onnx engine', 'onnx'],
  ['ours, tensor engine on wasm (', 'tensor-wasm'],
  ["ours, tensor engine on wasm with XNNPACK's products", 'tensor-wasm-xnnpack'],
  ['straightforward tfjs (wasm)', 'straightforward-wasm'],
  ['tfjs Layers `fit` (wasm)', 'layers-wasm'],
  ['matrix products alone (wasm', 'products-wasm'],
];

const entry = (engine: string, workload: string) => {
  const found = report.entries.find((e) => e.engine === engine && e.workload === workload);
  if (found === undefined) throw new Error(`no ${engine} ${workload} in the report`);
  return found;
};
const ratio = (engine: string, workload: string) => ratioToBaseline(report, entry(engine, workload))!;

describe('README benchmarks', () => {
  const table = README.slice(README.indexOf('| stack | W1 | W2 | W3 |')).split('\n\n')[0]!.split('\n').slice(2);

  it('the table has one row per stack, each ratio as the report gives it', () => {
    expect(table).toHaveLength(ROWS.length);
    ROWS.forEach(([label, engine], i) => {
      const cells = table[i]!.split('|').slice(1, -1).map((c) => c.trim().replaceAll('**', ''));
      expect(`${cells[0]!} |`.startsWith(label), `row ${i + 1}: ${cells[0]}`).toBe(true);
      const expected = ['W1', 'W2', 'W3'].map((w) => `×${Number(ratio(engine, w).toPrecision(2))}`);
      expect(cells.slice(1), label).toEqual(expected);
    });
  });

  it("the baselines' times per epoch are the report's, and the baselines are bold", () => {
    const times = ['W1', 'W2', 'W3'].map((w) => formatSeconds(entry(baselineOf(report, w), w).secondsPerEpoch!));
    expect(README).toContain(`took ${times[0]}, ${times[1]} and ${times[2]} per epoch`);
    ['W1', 'W2', 'W3'].forEach((w, column) => {
      const row = table[ROWS.findIndex(([, id]) => id === baselineOf(report, w))]!;
      expect(row.split('|')[column + 2]!.trim(), `${w}'s baseline`).toMatch(/^\*\*×1\*\*$/);
    });
  });

  it('the sentence under the table quotes the same run', () => {
    const faster = (x: number) => Number(x.toPrecision(2));
    expect(README).toContain(`W1 trained ${faster(1 / ratio('typed', 'W1'))}x`);
    expect(README).toContain(`W2 took ${faster(ratio('tensor-wasm', 'W2'))}x NumPy's time`);
    expect(README).toContain(`W3 ${faster(ratio('tensor-wasm', 'W3'))}x NumPy's time`);
    expect(README).toContain(`took ${faster(ratio('onnx', 'W2'))}x NumPy's time on W2 and ${faster(ratio('onnx', 'W3'))}x on W3`);
    const onnxGain = entry('tensor-wasm', 'W3').secondsPerEpoch! / entry('onnx', 'W3').secondsPerEpoch!;
    expect(README).toContain(`${faster(onnxGain)}x faster than our tensor\nengine on wasm`);
    const xnnpackGain = entry('tensor-wasm-xnnpack', 'W3').secondsPerEpoch! / entry('onnx', 'W3').secondsPerEpoch!;
    expect(README).toContain(`(${faster(xnnpackGain)}x faster than that engine with XNNPACK's products`);
    expect(README).toContain(`with XNNPACK's products the same engine took ${faster(ratio('tensor-wasm-xnnpack', 'W2'))}x and ${faster(ratio('tensor-wasm-xnnpack', 'W3'))}x NumPy's\ntime`);
    const layers = entry('layers-wasm', 'W3').secondsPerEpoch! / entry('tensor-wasm', 'W3').secondsPerEpoch!;
    expect(README).toContain(`${Number(layers.toPrecision(3))}x faster than Layers`);
    expect(README).toContain(`alone took ${faster(ratio('products-wasm', 'W3'))}x NumPy's time`);
  });
});
