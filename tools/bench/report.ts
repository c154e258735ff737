/**
 * The bench's report: the machine it ran on, one entry per stack and workload from
 * what a session measured, the checks that every stack trained the same thing, and
 * the report as JSON, as a Plotly figure and as the table printed at the end.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';
import {
  benchmarkChart, chooseEngine, createNetwork, formatBenchmark, formatSeconds, formatTable, measuredEntry, ratioToBaseline, tf,
  type BackendName, type BenchmarkEntry, type BenchmarkReport, type Workload,
} from 'backprop-ts/internal';
import type { BenchOptions } from './options.js';
import type { Log, Measurements } from './session.js';

/** Set in the re-executed, pinned bench: the CPU it runs on. */
export const PINNED = 'BACKPROP_BENCH_CPU';

/** What /proc/cpuinfo says of the first CPU: model name, vendor, family, model, stepping, and the widest x86 vector extension. */
export function cpuInfo(cpuinfo?: string): { model?: string; vendor?: string; family?: number; modelNumber?: number; stepping?: number; vectorExtension: string } {
  let text: string;
  try {
    text = cpuinfo ?? readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return { vectorExtension: 'unknown' };
  }
  const first = text.split(/\n\s*\n/)[0] ?? '';
  const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(first)?.[1]?.trim();
  const number = (name: string) => {
    const value = field(name);
    return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
  };
  const flags = field('flags') ?? '';
  const model = field('model name');
  const vendor = field('vendor_id');
  const [family, modelNumber, stepping] = [number('cpu family'), number('model'), number('stepping')];
  return {
    ...(model ? { model } : {}),
    ...(vendor ? { vendor } : {}),
    ...(family !== undefined ? { family } : {}),
    ...(modelNumber !== undefined ? { modelNumber } : {}),
    ...(stepping !== undefined ? { stepping } : {}),
    vectorExtension: ['avx512f', 'avx2', 'avx', 'sse4_2'].find((flag) => new RegExp(`\\b${flag}\\b`).test(flags)) ?? 'none',
  };
}

/** The machine at the start of a run (the report's `machine`; the session and the end of the run add to it), the CPU read from /proc/cpuinfo at run time. */
export function machine(backends: readonly BackendName[], cpuinfo?: string): Record<string, string | number> {
  const cpus = os.cpus();
  const cpu = cpuInfo(cpuinfo);
  return {
    cpu: cpu.model ?? cpus[0]?.model ?? 'unknown',
    ...(cpu.vendor ? { cpuVendor: cpu.vendor } : {}),
    ...(cpu.family !== undefined ? { cpuFamily: cpu.family } : {}),
    ...(cpu.modelNumber !== undefined ? { cpuModel: cpu.modelNumber } : {}),
    ...(cpu.stepping !== undefined ? { cpuStepping: cpu.stepping } : {}),
    vectorExtension: cpu.vectorExtension,
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

/** The id of the entry a workload's ratios divide by (as `ratioToBaseline` takes it). */
function baselineOf(report: BenchmarkReport, workload: string): string {
  return report.baselines?.[workload] ?? report.baseline;
}

/** The ids of the NumPy rows that can be the baseline (one thread, memory kept or glibc's defaults); the faster per workload is. */
export const BASELINE_CANDIDATES = ['numpy-1', 'numpy-1-glibc'] as const;

/**
 * Per workload, the fastest measured baseline candidate; and the one that is fastest
 * most often (ties: the first candidate) as the report's `baseline`.
 */
export function chooseBaselines(entries: readonly BenchmarkEntry[], workloads: readonly Workload[]): { baseline: string; baselines: Record<string, string> } {
  const baselines: Record<string, string> = {};
  for (const w of workloads) {
    const candidates = entries.filter((e) => e.workload === w.name && (BASELINE_CANDIDATES as readonly string[]).includes(e.engine) && e.secondsPerEpoch !== undefined);
    const best = candidates.reduce<BenchmarkEntry | undefined>((a, e) => (a === undefined || e.secondsPerEpoch! < a.secondsPerEpoch! ? e : a), undefined);
    if (best) baselines[w.name] = best.engine;
  }
  const wins = (id: string) => Object.values(baselines).filter((x) => x === id).length;
  const baseline = BASELINE_CANDIDATES.reduce<string>((a, id) => (wins(id) > wins(a) ? id : a), BASELINE_CANDIDATES[0]);
  return { baseline, baselines };
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
      const runtime = m.runtimes.get(engine);
      const how = runtime ? { runtime } : {};
      if (s && s.secondsPerEpoch.length > 0) {
        const warmup = [...new Set(s.warmupEpochs)];
        out.push({
          ...measuredEntry(w, { engine, label }, s, { statistic: 'minimum' }),
          warmupEpochs: warmup.length === 1 ? warmup[0]! : Math.min(...warmup),
          ...how,
          ...reference,
        });
      } else out.push({ engine, label, workload: w.name, status: why ? 'failed' : 'skipped', ...(why ? { note: why } : {}), ...reference });
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

/**
 * Relative difference allowed between a stack's first-epoch loss and the baseline's on
 * the same rows: every stack trains its first epoch from the same float32 weights, in
 * the same row order, so they differ by float32 rounding only (the typed engine computes
 * in float64, the tensor engine's tanh is within 2e-7 of tf.tanh).
 */
export const LOSS_TOLERANCE = 1e-4;

/**
 * What is wrong with a run: failed stacks; stacks whose first-epoch loss differs from the
 * baseline's on the same rows by more than {@link LOSS_TOLERANCE} (they trained something
 * else), or that cannot be checked (no loss, or no baseline loss on their rows while the
 * baseline ran); and stacks whose warm-up differs from the others'.
 */
export function check(report: BenchmarkReport): string[] {
  const problems = report.entries.filter((e) => e.status === 'failed').map((e) => `${e.workload} · ${e.label} failed: ${e.note}`);
  for (const w of report.workloads) {
    const measured = report.entries.filter((e) => e.workload === w.name && e.status === 'measured');
    const warmups = new Set(measured.map((e) => e.warmupEpochs));
    if (warmups.size > 1) problems.push(`${w.name}: unequal warm-up: ${measured.map((e) => `${e.engine} ${e.warmupEpochs}`).join(', ')} untimed epochs`);
    const base = report.entries.find((e) => e.engine === baselineOf(report, w.name) && e.workload === w.name);
    if (base?.firstLoss === undefined) continue; // no baseline ran (--no-peers, NumPy missing or failed): said in the notes
    const baseRows = base.rowsMeasured ?? w.rows;
    for (const e of measured) {
      if (e.reference === true) continue; // the matrix products alone train nothing
      const rows = e.rowsMeasured ?? w.rows;
      const expected = rows === baseRows ? base.firstLoss : report.referenceLosses?.find((r) => r.workload === w.name && r.rows === rows)?.loss;
      if (e.firstLoss === undefined || expected === undefined) {
        problems.push(`${w.name} · ${e.label}: first-epoch loss not checked (${e.firstLoss === undefined ? 'it reported none' : `no baseline loss on ${rows} rows`})`);
        continue;
      }
      const relative = Math.abs(e.firstLoss - expected) / Math.abs(expected);
      if (!(relative <= LOSS_TOLERANCE)) {
        problems.push(`${w.name} · ${e.label}: first-epoch loss ${e.firstLoss} differs from NumPy's ${expected}${rows === w.rows ? '' : ` on the same ${rows} rows`} by ${relative.toPrecision(2)} (tolerance ${LOSS_TOLERANCE})`);
      }
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

/** Said on stderr and in the report's notes of every quick run. */
export const QUICK_NOTE =
  'quick run: a smoke test of every stack on fewer epochs and rows, with 1 s per measurement; its ratios are not measurements (quick W3 ratios have ranged ×2.6–×28 between runs): run the full `npm run bench` on a quiet machine for those';

/** Said on stderr and in the report's notes of every smoke run. */
export const SMOKE_NOTE = 'smoke run: tiny sizes, to check that every stack runs and trains the same thing; its numbers mean nothing';

/** Min, median and max of the wall-clock samples, and the minimum CPU time, per stack and workload. */
export function formatSpread(report: BenchmarkReport): string {
  const engines = [...new Map(report.entries.map((e) => [e.engine, e.label])).entries()];
  const names = report.workloads.map((w) => w.name);
  const rows = engines.map(([engine, label]) => [
    label,
    ...names.map((name) => {
      const e = report.entries.find((x) => x.engine === engine && x.workload === name);
      if (e?.spread === undefined) return e?.status ?? '';
      const cpu = e.cpuSpread ? `, CPU ${formatSeconds(e.cpuSpread.min)}` : '';
      return `${formatSeconds(e.spread.min)} · ${formatSeconds(e.spread.median)} · ${formatSeconds(e.spread.max)} (${e.spread.count}${cpu})`;
    }),
  ]);
  return formatTable(['stack', ...names.map((name) => `${name} min · median · max (samples, CPU min)`)], rows);
}

/** The table printed at the end of a run, with the spread, the ceilings, the targets, the notes and the problems. */
export function summary(report: BenchmarkReport, options: Pick<BenchOptions, 'quick' | 'smoke' | 'out'>, figurePath: string, problems: readonly string[]): string {
  const info = report.machine;
  const kind = options.smoke ? ` (${SMOKE_NOTE})` : options.quick ? ' (quick run: a smoke test, the ratios are not measurements)' : '';
  const size = (c: BenchmarkReport['ceilings'][number]) => (c.n !== undefined && c.n !== 1024 ? ` (${c.n}²)` : '');
  const bases = Object.entries(report.baselines ?? {}).map(([w, id]) => `${w} ${id}`).join(', ');
  const lines = [
    `\nTraining speed: time per epoch (the minimum over every sample of every round, wall clock) and its ratio to NumPy on 1 thread at its best${kind}`,
    `${info['cpu']} (${info['vectorExtension']}), ${info['cores']} cores, ${info['os']}, node ${info['node']}, tfjs ${info['tfjs']}${bases ? `; baseline per workload: ${bases}` : ''}\n`,
    formatBenchmark(report),
    ...(report.entries.some((e) => e.rowsMeasured) ? ['* measured on fewer rows, scaled to a full epoch (minibatch steps all cost the same)'] : []),
    `\nSpread of the samples, seconds per epoch:\n${formatSpread(report)}`,
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
  const faster = (slow: [string, string], fast: [string, string]) => {
    const [a, b] = [seconds(...slow), seconds(...fast)];
    return a !== undefined && b !== undefined ? a / b : undefined;
  };
  const times = (v: number) => `×${v.toFixed(2)}`;
  return [
    '\nTargets (issues 8 and 16):',
    line('W1 typed engine at least 10x faster than NumPy', ratio('typed', 'W1'), (v) => v <= 0.1, (v) => `${(1 / v).toFixed(1)}x faster`),
    line('W2 onnx engine at most NumPy\'s time', ratio('onnx', 'W2'), (v) => v <= 1, times),
    line('W3 onnx engine at most NumPy\'s time', ratio('onnx', 'W3'), (v) => v <= 1, times),
    // Set when the wasm engine ran XNNPACK's products; it now has its own (the first line), and is measured both ways.
    line('W3 onnx engine at least 4x faster than the tensor engine (wasm, XNNPACK products)', faster(['tensor-wasm-xnnpack', 'W3'], ['onnx', 'W3']), (v) => v >= 4, (v) => `${v.toFixed(1)}x faster`),
    `          against today's tensor engine (wasm, SIMD128 products), no target: ${((v) => (v === undefined ? 'not measured' : `${v.toFixed(1)}x faster`))(faster(['tensor-wasm', 'W3'], ['onnx', 'W3']))}`,
    line('W2 tensor engine (wasm) at most 5x NumPy', ratio('tensor-wasm', 'W2'), (v) => v <= 5, times),
    line('W3 tensor engine (wasm) at most 3.5x NumPy', ratio('tensor-wasm', 'W3'), (v) => v <= 3.5, (v) => {
      const products = ratio('products-wasm', 'W3');
      return `${times(v)}${products === undefined ? '' : ` (the step's matrix products alone: ${times(products)})`}`;
    }),
    line('W3 tensor engine (wasm) at least 10x faster than Layers fit (wasm)', faster(['layers-wasm', 'W3'], ['tensor-wasm', 'W3']), (v) => v >= 10, (v) => `${v.toFixed(1)}x faster`),
  ];
}
