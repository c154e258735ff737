// The bench CLI end to end at tiny sizes (--smoke): every stack runs or is reported
// missing with its install command, the report and the chart are written. No timing
// is checked: the numbers of a smoke run mean nothing. Runs the built CLI (npm test builds first).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchmarkReport } from '../../../src/speed/benchmark.js';

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

  it('bench rejects unknown arguments with exit code 2 and prints the usage', () => {
    const result = run(['--fast']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown argument --fast[\s\S]*usage: npm run bench/);
    expect(run(['--workloads', 'W7']).stderr).toMatch(/unknown workload W7/);
    expect(run(['--rounds', '0']).status).toBe(2);
  });

  it('bench --help prints the usage and exits 0', () => {
    const result = run(['--help']);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/usage: npm run bench/);
  });
});
