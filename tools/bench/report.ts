/**
 * The bench's report: the machine it ran on, one entry per stack and workload from
 * what a session measured, the checks that every stack trained the same thing, and
 * the report as JSON, as a Plotly figure and as the table printed at the end.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';
import {
  benchmarkChart, chooseEngine, createNetwork, formatBenchmark, measuredEntry, ratioToBaseline, tf,
  type BackendName, type BenchmarkEntry, type BenchmarkReport, type Workload,
} from 'backprop-ts/internal';
import type { BenchOptions } from './options.js';
import type { Log, Measurements } from './session.js';

/** Set in the re-executed, pinned bench: the CPU it runs on. */
export const PINNED = 'BACKPROP_BENCH_CPU';

/** The widest x86 vector extension the CPU reports (virtual machines often hide the model name). */
function vectorExtension(): string {
  try {
    const flags = readFileSync('/proc/cpuinfo', 'utf8');
    return ['avx512f', 'avx2', 'avx', 'sse4_2'].find((flag) => new RegExp(`\\b${flag}\\b`).test(flags)) ?? 'none';
  } catch {
    return 'unknown';
  }
}

/** The machine at the start of a run (the report's `machine`; the session and the end of the run add to it). */
export function machine(backends: readonly BackendName[]): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    vectorExtension: vectorExtension(),
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    tfjs: tf.version_core,
    backends: backends.join(', '),
    loadAverageAtStart: os.loadavg()[0]!.toFixed(2),
    pinnedToCpu: process.env[PINNED] ?? 'no',
  };
}

/** One entry per stack and workload, in a stable order: peers first, then ours. */
export function entries(m: Measurements, workloads: readonly Workload[]): BenchmarkEntry[] {
  const out = [...m.missing];
  for (const [engine, label] of m.labels) {
    for (const w of workloads) {
      if (out.some((e) => e.engine === engine && e.workload === w.name)) continue;
      const s = m.samples.get(`${engine}|${w.name}`);
      const why = m.failed.get(`${engine}|${w.name}`) ?? m.failed.get(engine);
      const reference = m.references.has(engine) ? { reference: true } : {};
      if (s && s.secondsPerEpoch.length > 0) out.push({ ...measuredEntry(w, { engine, label }, s), ...reference });
      else out.push({ engine, label, workload: w.name, status: why ? 'failed' : 'skipped', ...(why ? { note: why } : {}), ...reference });
    }
  }
  return out;
}

/** Which engine `trainNetwork` picks for each workload on each backend. */
export function enginePicks(workloads: readonly Workload[], backends: readonly BackendName[]): string[] {
  return workloads.map((w) => {
    const network = createNetwork(w.sizes, { seed: 7, bias: false });
    const picks = backends.map((backend) => `${chooseEngine(network, Math.min(w.batchSize, w.rows), { backend })} on ${backend}`);
    return `${w.name}: trainNetwork's engine "auto" picks ${picks.join(', ')}`;
  });
}

/** Failed stacks, and stacks whose first-epoch loss disagrees with NumPy's (they did other work). */
export function check(report: BenchmarkReport): string[] {
  const problems = report.entries.filter((e) => e.status === 'failed').map((e) => `${e.workload} · ${e.label} failed: ${e.note}`);
  for (const w of report.workloads) {
    const base = report.entries.find((e) => e.engine === report.baseline && e.workload === w.name);
    if (base?.firstLoss === undefined) continue;
    const tolerance = w.batchSize < w.rows ? 0.05 : 1e-3; // shuffled minibatches see the rows in another order
    for (const e of report.entries) {
      if (e.workload !== w.name || e.firstLoss === undefined || e.rowsMeasured !== base.rowsMeasured) continue;
      const relative = Math.abs(e.firstLoss - base.firstLoss) / Math.abs(base.firstLoss);
      if (!(relative <= tolerance)) problems.push(`${w.name} · ${e.label}: first-epoch loss ${e.firstLoss} differs from NumPy's ${base.firstLoss} by ${relative.toPrecision(2)} (tolerance ${tolerance})`);
    }
  }
  return problems;
}

/** Writes the report and, next to it, its chart (`….figure.json`); returns the chart's path. */
export function writeReport(report: BenchmarkReport, out: string, log: Log): string {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 1)}\n`);
  const figurePath = out.replace(/\.json$/, '') + '.figure.json';
  try {
    writeFileSync(figurePath, `${JSON.stringify(benchmarkChart(report), null, 1)}\n`);
  } catch (e) {
    log(`no chart: ${(e as Error).message}`);
  }
  return figurePath;
}

/** The table printed at the end of a run, with the ceilings, the targets, the notes and the problems. */
export function summary(report: BenchmarkReport, options: Pick<BenchOptions, 'quick' | 'smoke' | 'out'>, figurePath: string, problems: readonly string[]): string {
  const info = report.machine;
  const kind = options.smoke ? ' (smoke test: tiny sizes, the numbers mean nothing)' : options.quick ? ' (quick run)' : '';
  const size = (c: BenchmarkReport['ceilings'][number]) => (c.n !== undefined && c.n !== 1024 ? ` (${c.n}²)` : '');
  const lines = [
    `\nTraining speed, time per epoch (median) and ratio to NumPy, 1 thread${kind}`,
    `${info['cpu']} (${info['vectorExtension']}), ${info['cores']} cores, ${info['os']}, node ${info['node']}, tfjs ${info['tfjs']}\n`,
    formatBenchmark(report),
    ...(report.entries.some((e) => e.rowsMeasured) ? ['* measured on fewer rows, scaled to a full epoch (minibatch steps all cost the same)'] : []),
    `\nFloat32 1024² matrix product, GFLOP/s: ${report.ceilings.map((c) => `${c.label}${size(c)} ${c.gflops === null ? '—' : Number(c.gflops.toPrecision(2))}`).join(', ')}`,
    ...(options.smoke ? [] : [targets(report).join('\n')]),
    ...(report.notes ?? []).map((note) => `note: ${note}`),
    ...problems.map((p) => `PROBLEM: ${p}`),
    `\nwrote ${options.out} and ${figurePath}`,
  ];
  return lines.map((line) => `${line}\n`).join('');
}

/** The issue's targets, met or not, as ratios measured in this run. */
function targets(report: BenchmarkReport): string[] {
  const ratio = (engine: string, workload: string) => {
    const e = report.entries.find((x) => x.engine === engine && x.workload === workload);
    return e ? ratioToBaseline(report, e) : undefined;
  };
  const seconds = (engine: string, workload: string) => report.entries.find((x) => x.engine === engine && x.workload === workload)?.secondsPerEpoch;
  const line = (text: string, value: number | undefined, met: (v: number) => boolean, show: (v: number) => string) =>
    `  ${value === undefined ? '—' : met(value) ? 'met ' : 'MISSED'}  ${text}${value === undefined ? ' (not measured)' : `: ${show(value)}`}`;
  const speedup = (() => {
    const [layers, ours] = [seconds('layers-wasm', 'W3'), seconds('tensor-wasm', 'W3')];
    return layers !== undefined && ours !== undefined ? layers / ours : undefined;
  })();
  return [
    '\nTargets:',
    line('W1 typed engine at least 10x faster than NumPy', ratio('typed', 'W1'), (v) => v <= 0.1, (v) => `${(1 / v).toFixed(1)}x faster`),
    line('W2 tensor engine (wasm) at most 5x NumPy', ratio('tensor-wasm', 'W2'), (v) => v <= 5, (v) => `×${v.toFixed(2)}`),
    line('W3 tensor engine (wasm) at most 5x NumPy', ratio('tensor-wasm', 'W3'), (v) => v <= 5, (v) => {
      const products = ratio('products-wasm', 'W3');
      return `×${v.toFixed(2)}${products === undefined ? '' : ` (the step's matrix products alone: ×${products.toFixed(2)})`}`;
    }),
    line('W3 tensor engine (wasm) at least 10x faster than Layers fit (wasm)', speedup, (v) => v >= 10, (v) => `${v.toFixed(1)}x faster`),
  ];
}
