/**
 * `npm run bench`: training speed of our engines side by side with NumPy, PyTorch and
 * tfjs Layers on the workloads W1–W3, in one session, with every time as a ratio to
 * single-thread NumPy. Writes the report as JSON and the chart as a Plotly figure.
 * Usage and exit codes: tools/bench/README.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BACKENDS, WORKLOADS, benchmarkChart, chooseEngine, createNetwork, formatBenchmark, formatSeconds, measuredEntry, median, ratioToBaseline, selectBackend, tf,
  type BackendName, type BenchmarkEntry, type BenchmarkReport, type Workload, type WorkloadProblem, workloadProblem,
} from 'backprop-ts/internal';
import { loopMatmulGflops, tfjsMatmulGflops } from './ceiling.js';
import { measure, ourEngines, plan, type OurEngine, type Plan } from './ours.js';
import { defaultPeers, peerVersion, runPeer, writeProblem, type PeerTiming, type PeerWorkload } from './peers.js';
import { profileReport } from './profile.js';

const RESULTS = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'benchmarks');
const USAGE = `usage: npm run bench -- [--quick | --smoke] [--profile] [--rounds N] [--workloads W1,W2,W3] [--backends wasm,cpu] [--no-peers] [--no-pin] [--out FILE]`;
/** Set in the re-executed, pinned bench: the CPU it runs on. */
const PINNED = 'BACKPROP_BENCH_CPU';

class UsageError extends Error {}

interface Options {
  quick: boolean;
  /** Tiny sizes for the test suite: checks that everything runs, measures nothing worth reading. */
  smoke: boolean;
  profile: boolean;
  rounds: number;
  workloads: Workload[];
  backends: BackendName[] | undefined;
  peers: boolean;
  /** Run single-threaded work on CPU 0 (see `pinned`). */
  pin: boolean;
  out: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { quick: false, smoke: false, profile: false, rounds: 0, workloads: [...WORKLOADS], backends: undefined, peers: true, pin: true, out: '' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--quick') options.quick = true;
    else if (arg === '--smoke') options.smoke = options.quick = true;
    else if (arg === '--profile') options.profile = true;
    else if (arg === '--no-peers') options.peers = false;
    else if (arg === '--no-pin') options.pin = false;
    else if (arg === '--rounds') {
      options.rounds = Number(value());
      if (!Number.isInteger(options.rounds) || options.rounds < 1) throw new UsageError('--rounds takes a whole number ≥ 1');
    } else if (arg === '--workloads') {
      options.workloads = value().split(',').map((name) => {
        const w = WORKLOADS.find((x) => x.name === name.trim());
        if (!w) throw new UsageError(`unknown workload ${name} (known: ${WORKLOADS.map((x) => x.name).join(', ')})`);
        return w;
      });
    } else if (arg === '--backends') {
      options.backends = value().split(',').map((name) => {
        if (!(BACKENDS as readonly string[]).includes(name)) throw new UsageError(`unknown backend ${name} (known: ${BACKENDS.join(', ')})`);
        return name as BackendName;
      });
    } else if (arg === '--out') options.out = resolve(value());
    else if (arg === '--help' || arg === '-h') throw new UsageError('');
    else throw new UsageError(`unknown argument ${arg}`);
  }
  if (options.rounds === 0) options.rounds = options.quick ? 1 : 3;
  if (options.out === '') options.out = join(RESULTS, options.smoke ? 'quick-smoke.json' : options.quick ? 'quick.json' : 'latest.json');
  if (options.smoke) options.workloads = options.workloads.map(smokeWorkload);
  return options;
}

/** A workload cut down to a few rows and epochs, same layer sizes. */
function smokeWorkload(w: Workload): Workload {
  const rows = w.batchSize < w.rows ? 2 * w.batchSize : Math.min(w.rows, 64);
  return { ...w, rows, batchSize: Math.min(w.batchSize, rows), epochs: 2, description: `${w.description} (smoke test: ${rows} rows)` };
}

/** Epochs and rows per workload: the issue's, or fewer for `--quick` (same shapes, so the ratios compare). */
function sizing(w: Workload, mode: Pick<Options, 'quick' | 'smoke'>): { epochs: number; rows: number } {
  if (!mode.quick || mode.smoke) return { epochs: w.epochs, rows: w.rows }; // smoke workloads are cut down already
  if (w.batchSize < w.rows) return { epochs: 1, rows: Math.min(w.rows, 10 * w.batchSize) };
  return { epochs: w.epochs >= 1000 ? 1000 : 1, rows: w.rows };
}

const t0 = performance.now();
const log = (text: string) => void process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${text}\n`);

async function loadable(requested: readonly BackendName[] | undefined): Promise<{ backends: BackendName[]; notes: string[] }> {
  const backends: BackendName[] = [];
  const notes: string[] = [];
  for (const name of requested ?? BACKENDS) {
    try {
      await selectBackend({ backend: name });
      backends.push(name);
    } catch (e) {
      notes.push(`backend ${name} not measured: ${(e as Error).message}`);
    }
  }
  return { backends, notes };
}

/** The widest x86 vector extension the CPU reports (virtual machines often hide the model name). */
function vectorExtension(): string {
  try {
    const flags = readFileSync('/proc/cpuinfo', 'utf8');
    return ['avx512f', 'avx2', 'avx', 'sse4_2'].find((flag) => new RegExp(`\\b${flag}\\b`).test(flags)) ?? 'none';
  } catch {
    return 'unknown';
  }
}

function machine(backends: readonly BackendName[]): Record<string, string | number> {
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

/**
 * Re-runs the bench pinned to one CPU (the first it may use) with `taskset`, when it can. On a shared virtual
 * machine the two virtual CPUs are not equally fast (one's host sibling may be busy:
 * we measured 0.86 µs against 1.7 µs for the same W1 epoch), so every single-threaded
 * stack, ours and NumPy's, runs on the same one; the two-thread peers get both.
 * Returns the exit code of the pinned run, or undefined when not pinning.
 */
function runPinned(options: Options): number | undefined {
  if (!options.pin || process.env[PINNED] !== undefined || process.platform !== 'linux' || os.cpus().length < 2) return undefined;
  // The first CPU this process may run on (a cpuset may leave CPU 0 out); unpinned if taskset cannot pin to it.
  const list = /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '0';
  const allowed = /^\d+/.exec(list)![0];
  if (spawnSync('taskset', ['-c', allowed, 'true'], { stdio: 'ignore' }).status !== 0) return undefined;
  const args = ['-c', allowed, process.execPath, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)];
  // The two-thread peers get every CPU of `list` back (peers.ts).
  const child = spawnSync('taskset', args, { stdio: 'inherit', env: { ...process.env, [PINNED]: allowed, BACKPROP_BENCH_CPUS: list } });
  return child.status ?? 1;
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    if (e.message) log(`bench: ${e.message}`);
    log(USAGE);
    return e.message ? 2 : 0;
  }
  const pinnedRun = runPinned(options);
  if (pinnedRun !== undefined) return pinnedRun;
  const { backends, notes } = await loadable(options.backends);
  if (backends.length === 0) {
    log(`bench: no backend loaded (${notes.join('; ')})`);
    return 1;
  }
  if (options.profile) {
    await selectBackend({ backend: backends.includes('wasm') ? 'wasm' : backends[0]! });
    console.log(await profileReport(options.workloads.filter((w) => w.name !== 'W1'), { top: 12, steps: options.quick ? 3 : 10 }));
    return 0;
  }
  const started = performance.now();
  const info = machine(backends);
  const budget = 6; // seconds per measurement in a full run
  // Built afresh for each round and let go after it: W3's rows as JavaScript arrays take
  // ~0.5 GB, and a heap that size slows every allocating loop (W1's epochs among them).
  const problemOf = (w: Workload): WorkloadProblem => workloadProblem(w, { rows: sizing(w, options).rows });
  const rowsOf = new Map(options.workloads.map((w) => [w.name, sizing(w, options).rows]));

  // Peers: which are installed, and the data they read.
  const tmp = mkdtempSync(join(os.tmpdir(), 'backprop-bench-'));
  const entries: BenchmarkEntry[] = [];
  const ceilings: BenchmarkReport['ceilings'] = [];
  const samples = new Map<string, { secondsPerEpoch: number[]; firstLoss?: number; rows: number }>();
  const add = (engine: string, workload: string, timing: { secondsPerEpoch: readonly number[]; firstLoss?: number; rows: number }) => {
    const key = `${engine}|${workload}`;
    const s = samples.get(key) ?? { secondsPerEpoch: [], rows: timing.rows };
    s.secondsPerEpoch.push(...timing.secondsPerEpoch);
    s.firstLoss ??= timing.firstLoss;
    samples.set(key, s);
  };
  const labels = new Map<string, string>();
  const references = new Set<string>();
  const failed = new Map<string, string>();
  try {
    const peers = options.peers ? defaultPeers() : [];
    const peerWorkloads: PeerWorkload[] = options.workloads.map((w) => {
      const dir = join(tmp, w.name);
      mkdirSync(dir);
      writeProblem(problemOf(w), dir);
      return { workload: w, rows: rowsOf.get(w.name)!, epochs: sizing(w, options).epochs, dir };
    });
    const available = peers.filter((peer) => {
      const { version, error } = peerVersion(peer);
      for (const e of peer.engines) labels.set(e.id, e.label);
      if (version) {
        info[peer.module] = version;
        return true;
      }
      for (const e of peer.engines) {
        for (const w of options.workloads) entries.push({ engine: e.id, label: e.label, workload: w.name, status: 'missing', note: `${error}; install: ${peer.install}` });
      }
      log(`missing peer: ${peer.engines.map((e) => e.label).join(' and ')} (${error}); install: ${peer.install}`);
      return false;
    });
    if (!options.peers) notes.push('peers not run (--no-peers): ratios need NumPy');
    if (available.some((p) => p.module === 'torch')) info['torchOpenblasCoreType'] = String(available.find((p) => p.module === 'torch')!.env['OPENBLAS_CORETYPE'] ?? 'auto');

    const ours = ourEngines(backends);
    for (const e of ours) {
      labels.set(e.id, e.label);
      if (e.reference) references.add(e.id);
    }
    const plans = new Map<string, Plan>();
    for (let round = 1; round <= options.rounds; round++) {
      log(`== round ${round} of ${options.rounds}`);
      for (const peer of available) {
        try {
          const answer = runPeer(peer, peerWorkloads, { ceiling: round === 1, configPath: join(tmp, 'config.json') });
          for (const e of peer.engines) {
            for (const t of answer[e.key] as PeerTiming[]) {
              add(e.id, t.name, { ...t, rows: rowsOf.get(t.name)! });
              log(`${t.name} · ${e.label} · ${formatSeconds(median(t.secondsPerEpoch))} per epoch`);
            }
          }
          if (answer.matmulGflops !== undefined) ceilings.push({ engine: peer.engines[0]!.id, label: peer.ceilingLabel, gflops: answer.matmulGflops });
        } catch (e) {
          for (const x of peer.engines) failed.set(x.id, (e as Error).message);
          log(`failed: ${peer.script}: ${(e as Error).message}`);
        }
      }
      for (const w of options.workloads) {
        const problem = problemOf(w);
        for (const engine of ours) {
          const key = `${engine.id}|${w.name}`;
          if (failed.has(key)) continue;
          try {
            // Quick runs take the cut-down sizes as they are; full runs fit slow stacks into the budget.
            if (!plans.has(key)) plans.set(key, options.quick ? sizing(w, options) : await plan(engine, problem, budget, w.epochs));
            const timing = await measure(engine, problem, plans.get(key)!);
            add(engine.id, w.name, timing);
            log(`${w.name} · ${engine.label} · ${formatSeconds(median(timing.secondsPerEpoch))} per epoch${timing.rows < problem.inputs.length ? ` on ${timing.rows} rows` : ''}`);
          } catch (e) {
            failed.set(key, (e as Error).message);
            log(`failed: ${w.name} · ${engine.label}: ${(e as Error).message}`);
          }
        }
      }
    }
    ceilings.push(...(await tfjsCeilings(backends, ours, options.smoke ? 64 : options.quick ? 512 : 1024)));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  // Entries, in a stable order: peers first, then ours.
  for (const [engine, label] of labels) {
    for (const w of options.workloads) {
      if (entries.some((e) => e.engine === engine && e.workload === w.name)) continue;
      const s = samples.get(`${engine}|${w.name}`);
      const why = failed.get(`${engine}|${w.name}`) ?? failed.get(engine);
      const reference = references.has(engine) ? { reference: true } : {};
      if (s && s.secondsPerEpoch.length > 0) entries.push({ ...measuredEntry(w, { engine, label }, s), ...reference });
      else entries.push({ engine, label, workload: w.name, status: why ? 'failed' : 'skipped', ...(why ? { note: why } : {}), ...reference });
    }
  }
  for (const w of options.workloads) {
    const network = createNetwork(w.sizes, { seed: 7, bias: false });
    const picks = backends.map((backend) => `${chooseEngine(network, Math.min(w.batchSize, w.rows), { backend })} on ${backend}`);
    notes.push(`${w.name}: trainNetwork's engine "auto" picks ${picks.join(', ')}`);
  }
  info['loadAverageAtEnd'] = os.loadavg()[0]!.toFixed(2);
  info['minutes'] = Number(((performance.now() - started) / 60_000).toFixed(1));
  const report: BenchmarkReport = { createdAt: new Date().toISOString(), quick: options.quick, machine: info, workloads: options.workloads, ceilings, entries, baseline: 'numpy-1', notes };
  const problemsFound = check(report);

  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(report, null, 1)}\n`);
  const figurePath = options.out.replace(/\.json$/, '') + '.figure.json';
  try {
    writeFileSync(figurePath, `${JSON.stringify(benchmarkChart(report), null, 1)}\n`);
  } catch (e) {
    log(`no chart: ${(e as Error).message}`);
  }
  const kind = options.smoke ? ' (smoke test: tiny sizes, the numbers mean nothing)' : options.quick ? ' (quick run)' : '';
  console.log(`\nTraining speed, time per epoch (median) and ratio to NumPy, 1 thread${kind}`);
  console.log(`${info['cpu']} (${info['vectorExtension']}), ${info['cores']} cores, ${info['os']}, node ${info['node']}, tfjs ${info['tfjs']}\n`);
  console.log(formatBenchmark(report));
  if (entries.some((e) => e.rowsMeasured)) console.log('* measured on fewer rows, scaled to a full epoch (minibatch steps all cost the same)');
  const size = (c: BenchmarkReport['ceilings'][number]) => (c.n !== undefined && c.n !== 1024 ? ` (${c.n}²)` : '');
  console.log(`\nFloat32 1024² matrix product, GFLOP/s: ${ceilings.map((c) => `${c.label}${size(c)} ${c.gflops === null ? '—' : Number(c.gflops.toPrecision(2))}`).join(', ')}`);
  if (!options.smoke) console.log(targets(report).join('\n'));
  for (const note of notes) console.log(`note: ${note}`);
  for (const p of problemsFound) console.log(`PROBLEM: ${p}`);
  console.log(`\nwrote ${options.out} and ${figurePath}`);
  return problemsFound.length > 0 ? 1 : 0;
}

/** tfjs per backend at n = 1024 (`slowN` for the pure-JavaScript ones), and the plain loops. */
async function tfjsCeilings(backends: readonly BackendName[], ours: OurEngine[], slowN: number): Promise<BenchmarkReport['ceilings']> {
  const out: BenchmarkReport['ceilings'] = [];
  for (const backend of backends) {
    await selectBackend({ backend });
    const slow = backend === 'cpu';
    const n = slow ? slowN : Math.min(1024, slowN * 2);
    out.push({ engine: `tensor-${backend}`, label: `tfjs ${backend}`, gflops: tfjsMatmulGflops(n, slow ? 1 : 5), n });
  }
  out.push({ engine: ours[0]!.id, label: 'plain JS loops', gflops: loopMatmulGflops(slowN, 1), n: slowN });
  return out;
}

/** Failed stacks, and stacks whose first-epoch loss disagrees with NumPy's (they did other work). */
function check(report: BenchmarkReport): string[] {
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

process.exitCode = await main();
