// The bench CLI: its main() in-process (usage, a tiny run on the cpu backend), and the
// built CLI end to end at tiny sizes (--smoke), as `npm run bench` runs it, re-run
// under taskset: every stack runs or is reported missing with its install command, the
// report and the chart are written. No timing is checked: the numbers of a smoke run
// mean nothing. The built CLI needs `npm run build` first (npm test builds).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchmarkReport } from '../../../src/speed/benchmark.js';
import { onnxRuntimeAvailable } from '../../../src/network/engines/onnx-runtime.js';
import { EXIT, USAGE, main } from '../../../tools/bench/main.js';
import { runSpec } from '../../../tools/bench/options.js';
import { SMOKE_NOTE, cpuInfo } from '../../../tools/bench/report.js';
import { itHasTheCliShape, runMain } from '../cli-shape.js';

const CLI = 'dist-tools/bench/main.js';
const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 240_000 });

describe('bench CLI', () => {
  it('bench --smoke measures every stack or reports it missing, and writes the report and the chart', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'backprop-bench-')), 'report.json');
    const result = run(['--smoke', '--out', out]);
    expect(result.stderr).not.toMatch(/failed/);
    expect(result.status).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as BenchmarkReport;
    expect(report.workloads.map((w) => w.name)).toEqual(['W1', 'W2', 'W3']);
    const engines = [...new Set(report.entries.map((e) => e.engine))];
    expect(engines).toEqual(expect.arrayContaining(['numpy-1', 'numpy-1-glibc', 'numpy-2', 'torch-manual', 'torch-autograd', 'typed', 'tensor-wasm', 'tensor-cpu', 'layers-wasm', 'layers-cpu', 'straightforward-wasm', 'products-wasm']));
    for (const e of report.entries) {
      expect(['measured', 'missing'], `${e.engine} on ${e.workload}: ${e.note}`).toContain(e.status);
      if (e.status === 'missing') expect(e.note).toMatch(/install: /);
      else expect(e.secondsPerEpoch).toBeGreaterThan(0);
    }
    // Ours always run; a missing peer is named on stderr with its install command.
    expect(report.entries.filter((e) => e.engine === 'tensor-wasm').every((e) => e.status === 'measured')).toBe(true);
    // The matrix products alone are a reference row, and the only one.
    expect([...new Set(report.entries.filter((e) => e.reference).map((e) => e.engine))]).toEqual(['products-wasm']);
    for (const e of report.entries.filter((x) => x.status === 'missing')) expect(result.stderr).toContain(`missing peer: `);
    expect(result.stdout).toMatch(/^stack\s+W1 per epoch/m);
    expect(existsSync(out.replace(/\.json$/, '.figure.json'))).toBe(true);
    // Every stack, peers included, had the same warm-up; every stack's first loss was checked (exit 0), and the times are minima with their spread.
    for (const w of report.workloads) {
      const measured = report.entries.filter((e) => e.workload === w.name && e.status === 'measured');
      expect(new Set(measured.map((e) => e.warmupEpochs)), w.name).toEqual(new Set([runSpec(w, { quick: true, smoke: true }).warmupEpochs]));
      for (const e of measured) {
        expect(e.secondsPerEpoch).toBe(e.spread!.min);
        expect(e.cpuSpread!.count).toBe(e.spread!.count);
        expect(e.runtime!.threads).toBeGreaterThanOrEqual(1);
        if (!e.reference) expect(e.firstLoss, `${e.engine} ${e.workload}`).toBeGreaterThan(0);
      }
    }
    expect(report.statistic).toBe('minimum');
    expect(report.machine['cpu']).toBe(cpuInfo().model ?? report.machine['cpu']);
    const numpy = report.entries.find((e) => e.engine === 'numpy-1' && e.status === 'measured');
    if (numpy) {
      expect(numpy.runtime!.env).toMatchObject({ OPENBLAS_NUM_THREADS: '1', MALLOC_MMAP_THRESHOLD_: '1073741824' });
      expect(report.entries.find((e) => e.engine === 'numpy-1-glibc')!.runtime!.env).toEqual({ OPENBLAS_NUM_THREADS: '1' });
      expect(Object.keys(report.baselines!)).toEqual(['W1', 'W2', 'W3']);
    }
    const torch = report.entries.find((e) => e.engine === 'torch-manual' && e.status === 'measured');
    if (torch) expect(torch.runtime!.env).toMatchObject({ TORCH_THREADS: '1', OMP_NUM_THREADS: '1' });
    expect(result.stderr).toContain(SMOKE_NOTE);
  }, 240_000);
});

describe('bench main', () => {
  itHasTheCliShape({ main, USAGE, EXIT }, [
    [['--fast'], /Unknown option '--fast'/],
    [['--workloads', 'W7'], /unknown workload W7/],
    [['--backends', 'gpu'], /unknown backend gpu/],
    [['--rounds', '0'], /--rounds takes a whole number ≥ 1/],
  ]);

  it('USAGE names the command and lists the exit codes', () => {
    expect(USAGE).toMatch(/^Usage: npm run bench -- /);
    expect(USAGE).toContain('Exit codes: 0 measured (missing peers are not an error), 1 a stack failed');
  });

  it('main(["--smoke", "--no-peers", …]) measures our stacks on the cpu backend, prints the table and writes the report', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'backprop-bench-main-')), 'report.json');
    const result = await runMain(main, '--smoke', '--no-peers', '--workloads', 'W1', '--backends', 'cpu', '--out', out);
    expect(result.stderr).not.toMatch(/failed/);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stderr).toMatch(/\[\s*\d+\.\d s\] == round 1 of 1/);
    const report = JSON.parse(readFileSync(out, 'utf8')) as BenchmarkReport;
    expect(report.entries.map((e) => [e.engine, e.workload, e.status])).toEqual([
      ['typed', 'W1', 'measured'],
      // The native engine is a stack where onnxruntime-node (an optional dependency) is installed.
      ...(onnxRuntimeAvailable() ? [['onnx', 'W1', 'measured']] : []),
      ['tensor-cpu', 'W1', 'measured'],
      ['layers-cpu', 'W1', 'measured'],
    ]);
    expect(report.notes).toEqual([
      SMOKE_NOTE,
      'peers not run (--no-peers): ratios and the loss check need NumPy',
      'every stack: W1 1 untimed epoch and 2–2 timed (0 s); secondsPerEpoch is the minimum of the wall-clock samples, with their spread and CPU time beside it',
      expect.stringMatching(/^W1: trainNetwork's engine "auto" picks \w+ on cpu$/),
    ]);
    expect(report.machine['pinnedToCpu']).toBe('no');
    expect(result.stdout).toMatch(/^Training speed: time per epoch \(the minimum over every sample of every round, wall clock\) and its ratio to NumPy on 1 thread at its best \(smoke run/m);
    expect(result.stdout).toMatch(/^stack\s+W1 per epoch/m);
    expect(result.stdout).toContain(`wrote ${out} and ${out.replace(/\.json$/, '.figure.json')}`);
    // Without NumPy there is no baseline, so no chart; the run still succeeds.
    expect(result.stderr).toMatch(/no chart: /);
  }, 60_000);
});
