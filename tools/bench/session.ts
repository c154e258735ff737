/**
 * One bench session: finds the Python peers, then runs every stack on every workload
 * once per round (peers first, then ours), so that a slow spell of the machine hits
 * all of them, and measures each backend's float32 ceiling at the end.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { formatSeconds, median, selectBackend, workloadProblem, type BackendName, type BenchmarkEntry, type BenchmarkReport, type Workload, type WorkloadProblem } from 'backprop-ts/internal';
import { loopMatmulGflops, tfjsMatmulGflops } from './ceiling.js';
import { sizing, type BenchOptions } from './options.js';
import { measure, ourEngines, plan, type OurEngine, type Plan } from './ours.js';
import { defaultPeers, peerVersion, runPeer, writeProblem, type Peer, type PeerTiming, type PeerWorkload } from './peers.js';
import type { StackTiming } from './stack-timing.js';

/** Seconds per measurement in a full run. */
const BUDGET_SECONDS = 6;

/** Every timed epoch of one stack on one workload, over all rounds. */
export interface Samples {
  secondsPerEpoch: number[];
  firstLoss?: number;
  rows: number;
}

/** What a session measured. */
export interface Measurements {
  /** Entries of the peers that are not installed, with their install command. */
  missing: BenchmarkEntry[];
  /** Stack id → label, peers first, then ours: the order of the report. */
  labels: Map<string, string>;
  /** Ids of the reference rows (not stacks). */
  references: Set<string>;
  /** Keyed `${engine}|${workload}`. */
  samples: Map<string, Samples>;
  /** Why a stack failed, keyed by `${engine}|${workload}`, or by engine for a whole peer. */
  failed: Map<string, string>;
  ceilings: BenchmarkReport['ceilings'];
  /** For the report's `machine`: the peers' versions (`numpy`, `torch`), and PyTorch's OpenBLAS core type. */
  machine: Record<string, string>;
}

/** Progress on stderr. */
export type Log = (text: string) => void;

/** Runs every round of a session on the given backends. */
export async function measureStacks(options: BenchOptions, backends: readonly BackendName[], log: Log): Promise<Measurements> {
  const m: Measurements = { missing: [], labels: new Map(), references: new Set(), samples: new Map(), failed: new Map(), ceilings: [], machine: {} };
  // Built afresh for each round and let go after it: W3's rows as JavaScript arrays take
  // ~0.5 GB, and a heap that size slows every allocating loop (W1's epochs among them).
  const problemOf = (w: Workload): WorkloadProblem => workloadProblem(w, { rows: sizing(w, options).rows });
  const tmp = mkdtempSync(join(os.tmpdir(), 'backprop-bench-'));
  try {
    const peerWorkloads: PeerWorkload[] = options.workloads.map((w) => {
      const dir = join(tmp, w.name);
      mkdirSync(dir);
      writeProblem(problemOf(w), dir);
      return { workload: w, ...sizing(w, options), dir };
    });
    const peers = availablePeers(options.peers ? defaultPeers() : [], options.workloads, m, log);
    const ours = ourEngines(backends);
    for (const e of ours) {
      m.labels.set(e.id, e.label);
      if (e.reference) m.references.add(e.id);
    }
    const plans = new Map<string, Plan>();
    for (let round = 1; round <= options.rounds; round++) {
      log(`== round ${round} of ${options.rounds}`);
      for (const peer of peers) peerRound(peer, peerWorkloads, { ceiling: round === 1, configPath: join(tmp, 'config.json') }, m, log);
      for (const w of options.workloads) await oursRound(ours, problemOf(w), plans, options, m, log);
    }
    m.ceilings.push(...(await tfjsCeilings(backends, ours, options.smoke ? 64 : options.quick ? 512 : 1024)));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return m;
}

/** The peers that are installed; the others get `missing` entries and a line on stderr. */
function availablePeers(peers: Peer[], workloads: readonly Workload[], m: Measurements, log: Log): Peer[] {
  const available = peers.filter((peer) => {
    const { version, error } = peerVersion(peer);
    for (const e of peer.engines) m.labels.set(e.id, e.label);
    if (version) {
      m.machine[peer.module] = version;
      return true;
    }
    for (const e of peer.engines) {
      for (const w of workloads) m.missing.push({ engine: e.id, label: e.label, workload: w.name, status: 'missing', note: `${error}; install: ${peer.install}` });
    }
    log(`missing peer: ${peer.engines.map((e) => e.label).join(' and ')} (${error}); install: ${peer.install}`);
    return false;
  });
  const torch = available.find((p) => p.module === 'torch');
  if (torch) m.machine['torchOpenblasCoreType'] = String(torch.env['OPENBLAS_CORETYPE'] ?? 'auto');
  return available;
}

/** One run of a peer over every workload; its 1024² ceiling too in the first round. */
function peerRound(peer: Peer, workloads: PeerWorkload[], run: { ceiling: boolean; configPath: string }, m: Measurements, log: Log): void {
  try {
    const answer = runPeer(peer, workloads, run);
    for (const e of peer.engines) {
      for (const t of answer[e.key] as PeerTiming[]) {
        add(m, e.id, t.name, { ...t, rows: workloads.find((w) => w.workload.name === t.name)!.rows });
        log(`${t.name} · ${e.label} · ${formatSeconds(median(t.secondsPerEpoch))} per epoch`);
      }
    }
    if (answer.matmulGflops !== undefined) m.ceilings.push({ engine: peer.engines[0]!.id, label: peer.ceilingLabel, gflops: answer.matmulGflops });
  } catch (e) {
    for (const x of peer.engines) m.failed.set(x.id, (e as Error).message);
    log(`failed: ${peer.script}: ${(e as Error).message}`);
  }
}

/** One measurement of each of our stacks on one workload; a stack that failed once is not run again. */
async function oursRound(ours: OurEngine[], problem: WorkloadProblem, plans: Map<string, Plan>, options: BenchOptions, m: Measurements, log: Log): Promise<void> {
  const w = problem.workload;
  for (const engine of ours) {
    const key = `${engine.id}|${w.name}`;
    if (m.failed.has(key)) continue;
    try {
      // Quick runs take the cut-down sizes as they are; full runs fit slow stacks into the budget.
      if (!plans.has(key)) plans.set(key, options.quick ? sizing(w, options) : await plan(engine, problem, BUDGET_SECONDS, w.epochs));
      const timing = await measure(engine, problem, plans.get(key)!);
      add(m, engine.id, w.name, timing);
      log(`${w.name} · ${engine.label} · ${formatSeconds(median(timing.secondsPerEpoch))} per epoch${timing.rows < problem.inputs.length ? ` on ${timing.rows} rows` : ''}`);
    } catch (e) {
      m.failed.set(key, (e as Error).message);
      log(`failed: ${w.name} · ${engine.label}: ${(e as Error).message}`);
    }
  }
}

/** Adds one run's timed epochs to a stack's samples. */
function add(m: Measurements, engine: string, workload: string, timing: StackTiming): void {
  const key = `${engine}|${workload}`;
  const s = m.samples.get(key) ?? { secondsPerEpoch: [], rows: timing.rows };
  s.secondsPerEpoch.push(...timing.secondsPerEpoch);
  s.firstLoss ??= timing.firstLoss;
  m.samples.set(key, s);
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
