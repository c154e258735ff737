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
import { EXIT, USAGE, main } from '../../../tools/bench/main.js';
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
    expect(engines).toEqual(expect.arrayContaining(['numpy-1', 'numpy-2', 'torch-manual', 'torch-autograd', 'typed', 'tensor-wasm', 'tensor-cpu', 'layers-wasm', 'layers-cpu', 'straightforward-wasm', 'products-wasm']));
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
      ['tensor-cpu', 'W1', 'measured'],
      ['layers-cpu', 'W1', 'measured'],
    ]);
    expect(report.notes).toEqual(['peers not run (--no-peers): ratios need NumPy', expect.stringMatching(/^W1: trainNetwork's engine "auto" picks \w+ on cpu$/)]);
    expect(report.machine['pinnedToCpu']).toBe('no');
    expect(result.stdout).toMatch(/^Training speed, time per epoch \(median\) and ratio to NumPy, 1 thread \(smoke test/m);
    expect(result.stdout).toMatch(/^stack\s+W1 per epoch/m);
    expect(result.stdout).toContain(`wrote ${out} and ${out.replace(/\.json$/, '.figure.json')}`);
    // Without NumPy there is no baseline, so no chart; the run still succeeds.
    expect(result.stderr).toMatch(/no chart: /);
  }, 60_000);
});
