/**
 * One bench session: finds the Python peers and how each runs at its best, then runs
 * every stack on every workload once per round (peers first, then ours), so that a
 * slow spell of the machine hits all of them, then the loss references for stacks
 * timed on fewer rows, and each backend's float32 ceiling at the end.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { formatSeconds, selectBackend, workloadProblem, type BackendName, type BenchmarkEntry, type BenchmarkReport, type Workload, type WorkloadProblem } from 'backprop-ts/internal';
import { loopMatmulGflops, tfjsMatmulGflops } from './ceiling.js';
import { runSpec, sizing, type BenchOptions } from './options.js';
import { measure, ourEngines, type OurEngine } from './ours.js';
import {
  CALIBRATION_SETTINGS, chooseSetup, defaultPeers, firstSetups, peerVersion, pythonCandidates, runPeer, setupName, torchSetups, writeProblem,
  type Peer, type PeerAnswer, type PeerTiming, type PeerWorkload, type SetupChoice,
} from './peers.js';
import { firstEpochOrder, type StackTiming } from './stack-timing.js';

/** Every timed sample of one stack on one workload, over all rounds. */
export interface Samples {
  secondsPerEpoch: number[];
  cpuSecondsPerEpoch: number[];
  firstLoss?: number;
  rows: number;
  /** Untimed epochs before each timed run, per round (they must all be the same). */
  warmupEpochs: number[];
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
  /** Stack id → how it ran (the report's `runtime`). */
  runtimes: Map<string, NonNullable<BenchmarkEntry['runtime']>>;
  ceilings: BenchmarkReport['ceilings'];
  /** The baseline's first-epoch loss on the fewer rows some stacks were timed on. */
  referenceLosses: NonNullable<BenchmarkReport['referenceLosses']>;
  /** For the report's `machine`: the peers' versions, BLAS and settings. */
  machine: Record<string, string>;
  /** Lines for the report's notes (how the peers were chosen). */
  notes: string[];
}

/** Progress on stderr. */
export type Log = (text: string) => void;

/** The NumPy row that computes the loss references: the baseline's maths (both NumPy 1-thread rows give the same losses). */
export const REFERENCE_PEER = 'numpy-1';

/** Runs every round of a session on the given backends. */
export async function measureStacks(options: BenchOptions, backends: readonly BackendName[], log: Log): Promise<Measurements> {
  const m: Measurements = {
    missing: [], labels: new Map(), references: new Set(), samples: new Map(), failed: new Map(), runtimes: new Map(), ceilings: [], referenceLosses: [], machine: {}, notes: [],
  };
  // Built afresh for each round and let go after it: W3's rows as JavaScript arrays take
  // ~0.5 GB, and a heap that size slows every allocating loop (W1's epochs among them).
  const problemOf = (w: Workload): WorkloadProblem => workloadProblem(w, { rows: sizing(w, options).rows });
  const tmp = mkdtempSync(join(os.tmpdir(), 'backprop-bench-'));
  try {
    const peerWorkloads: PeerWorkload[] = options.workloads.map((w) => {
      const dir = join(tmp, w.name);
      mkdirSync(dir);
      const { rows } = sizing(w, options);
      writeProblem(problemOf(w), dir);
      return { workload: w, rows, spec: runSpec(w, options), dir, ...orderFile(w, rows, dir) };
    });
    const peers = availablePeers(options.peers ? findPeers(options, m, log) : [], options.workloads, m, log);
    const ours = ourEngines(backends);
    for (const e of ours) {
      m.labels.set(e.id, e.label);
      if (e.reference) m.references.add(e.id);
      m.runtimes.set(e.id, { command: `node ${process.version}, this process${e.backend ? `, tfjs ${e.backend} backend` : ''}`, threads: 1 });
    }
    const planned = new Map<string, number>();
    for (let round = 1; round <= options.rounds; round++) {
      log(`== round ${round} of ${options.rounds}`);
      for (const peer of peers) peerRound(peer, peerWorkloads, { ceiling: round === 1, configPath: join(tmp, 'config.json') }, m, log);
      for (const w of options.workloads) await oursRound(ours, problemOf(w), planned, options, m, log);
    }
    const reference = peers.find((p) => p.engines.some((e) => e.id === REFERENCE_PEER));
    if (reference) referenceLosses(reference, peerWorkloads, m, tmp, log);
    m.ceilings.push(...(await tfjsCeilings(backends, ours, options.smoke ? 64 : options.quick ? 512 : 1024)));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return m;
}

/** Writes the first epoch's row order of a minibatch workload next to its data. */
function orderFile(w: Workload, rows: number, dir: string): { order?: string } {
  if (w.batchSize >= rows) return {};
  const path = join(dir, `order-${rows}.u32`);
  writeFileSync(path, firstEpochOrder(rows));
  return { order: path };
}

/**
 * The peers, each run the fastest way measured here: NumPy with the faster of its
 * Pythons (pip's in the bench virtualenv, Debian's), PyTorch with the faster of its
 * Pythons and OpenBLAS kernels. Smoke runs take the first candidates uncalibrated.
 */
function findPeers(options: Pick<BenchOptions, 'smoke'>, m: Measurements, log: Log): Peer[] {
  const candidates = pythonCandidates();
  if (options.smoke) {
    m.notes.push(`peers not calibrated (smoke run): NumPy with ${candidates.numpy[0]}, PyTorch with ${candidates.torch[0]}`);
    return defaultPeers(firstSetups(candidates));
  }
  log(`calibrating the peers: NumPy with ${candidates.numpy.join(', ')}; PyTorch with ${candidates.torch.join(', ')}`);
  const numpy = chooseSetup('numpy_peer.py', candidates.numpy.map((python) => ({ python })), CALIBRATION_SETTINGS.numpy);
  const torch = chooseSetup('torch_peer.py', torchSetups(candidates.torch), CALIBRATION_SETTINGS.torch);
  const said = (choice: SetupChoice) =>
    Object.entries(choice.seconds).map(([name, s]) => `${name}${choice.details[name] ? ` (${choice.details[name]})` : ''} ${Number.isFinite(s) ? `${(s * 1e3).toFixed(0)} ms` : 'did not run'}`).join('; ');
  const rule = 'CPU time of a W2 and a W3 epoch with the peer\'s own code, one thread; the first candidate unless another is 10% faster';
  m.notes.push(`NumPy runs with ${numpy.setup ? setupName(numpy.setup) : 'none of its candidates (none ran)'}, by the ${rule}: ${said(numpy)}`);
  m.notes.push(`PyTorch runs with ${torch.setup ? setupName(torch.setup) : 'none of its candidates (none ran)'}, by the same measure: ${said(torch)}`);
  log(`NumPy: ${said(numpy)}; PyTorch: ${said(torch)}`);
  if (torch.setup) m.machine['torchOpenblasCoreType'] = torch.setup.coreType ?? 'auto';
  const chosen = { numpy: numpy.setup ?? { python: candidates.numpy[0]! }, torch: torch.setup ?? { python: candidates.torch[0]! } };
  return defaultPeers(chosen, { numpy: 'the fastest Python measured here (see the notes)', torch: 'the fastest Python and kernel measured here (see the notes)' });
}

/** The peers that are installed; the others get `missing` entries and a line on stderr. */
function availablePeers(peers: Peer[], workloads: readonly Workload[], m: Measurements, log: Log): Peer[] {
  return peers.filter((peer) => {
    const { version, error } = peerVersion(peer);
    for (const e of peer.engines) m.labels.set(e.id, e.label);
    if (version) {
      m.machine[peer.module] = version;
      for (const e of peer.engines) m.runtimes.set(e.id, { command: `${peer.python} ${peer.script} (${peer.module} ${version})`, threads: peer.threads, env: { ...peer.settings } });
      m.notes.push(`${peer.engines.map((e) => e.id).join(' and ')}: ${peer.python}, ${peer.module} ${version}; ${peer.why}`);
      return true;
    }
    for (const e of peer.engines) {
      for (const w of workloads) m.missing.push({ engine: e.id, label: e.label, workload: w.name, status: 'missing', note: `${error}; install: ${peer.install}` });
    }
    log(`missing peer: ${peer.engines.map((e) => e.label).join(' and ')} (${error}); install: ${peer.install}`);
    return false;
  });
}

/** One run of a peer over every workload; its 1024² ceiling too in the first round. */
function peerRound(peer: Peer, workloads: PeerWorkload[], run: { ceiling: boolean; configPath: string }, m: Measurements, log: Log): void {
  try {
    const answer = runPeer(peer, workloads, run);
    describePeer(peer, answer, m);
    for (const e of peer.engines) {
      for (const t of answer[e.key] as PeerTiming[]) {
        add(m, e.id, t.name, { ...t });
        log(`${t.name} · ${e.label} · ${formatSeconds(Math.min(...t.secondsPerEpoch))} per epoch (best of ${t.secondsPerEpoch.length})`);
      }
    }
    if (answer.matmulGflops !== undefined) m.ceilings.push({ engine: peer.engines[0]!.id, label: peer.ceilingLabel, gflops: answer.matmulGflops });
  } catch (e) {
    for (const x of peer.engines) m.failed.set(x.id, (e as Error).message);
    log(`failed: ${peer.script}: ${(e as Error).message}`);
  }
}

/** Adds what a peer says of itself (BLAS, the kernel OpenBLAS chose, threads) to its runtime. */
function describePeer(peer: Peer, answer: PeerAnswer, m: Measurements): void {
  const details = [
    answer.blas,
    answer.openblasCore ? `OpenBLAS kernel ${answer.openblasCore}` : undefined,
    answer.threads !== undefined ? `${answer.threads} intra-op thread${answer.threads > 1 ? 's' : ''}, ${answer.interopThreads} inter-op` : undefined,
  ].filter((x): x is string => typeof x === 'string' && x !== '');
  if (details.length === 0) return;
  m.machine[`${peer.module}Blas`] = answer.blas ?? '';
  for (const e of peer.engines) {
    const runtime = m.runtimes.get(e.id);
    if (runtime && !runtime.command.includes(details[0]!)) runtime.command += `, ${details.join(', ')}`;
  }
}

/** One measurement of each of our stacks on one workload; a stack that failed once is not run again. */
async function oursRound(ours: OurEngine[], problem: WorkloadProblem, planned: Map<string, number>, options: BenchOptions, m: Measurements, log: Log): Promise<void> {
  const w = problem.workload;
  const spec = runSpec(w, options);
  for (const engine of ours) {
    const key = `${engine.id}|${w.name}`;
    if (m.failed.has(key)) continue;
    try {
      // Full runs fit slow stacks into the budget with fewer rows of a minibatch workload (planned in round 1).
      const rows = options.quick || spec.probeRows === 0 ? problem.inputs.length : planned.get(key) ?? 'plan';
      const timing = await measure(engine, problem, spec, rows);
      planned.set(key, timing.rows);
      add(m, engine.id, w.name, timing);
      log(`${w.name} · ${engine.label} · ${formatSeconds(Math.min(...timing.secondsPerEpoch))} per epoch (best of ${timing.secondsPerEpoch.length})${timing.rows < problem.inputs.length ? ` on ${timing.rows} rows` : ''}`);
    } catch (e) {
      m.failed.set(key, (e as Error).message);
      log(`failed: ${w.name} · ${engine.label}: ${(e as Error).message}`);
    }
  }
}

/** Adds one run's timed samples to a stack's samples. */
function add(m: Measurements, engine: string, workload: string, timing: Pick<StackTiming, 'secondsPerEpoch' | 'cpuSecondsPerEpoch' | 'firstLoss' | 'rows' | 'warmupEpochs'>): void {
  const key = `${engine}|${workload}`;
  const s = m.samples.get(key) ?? { secondsPerEpoch: [], cpuSecondsPerEpoch: [], rows: timing.rows, warmupEpochs: [] };
  s.secondsPerEpoch.push(...timing.secondsPerEpoch);
  s.cpuSecondsPerEpoch.push(...timing.cpuSecondsPerEpoch);
  s.warmupEpochs.push(timing.warmupEpochs);
  s.firstLoss ??= timing.firstLoss ?? undefined;
  m.samples.set(key, s);
}

/**
 * The baseline's first-epoch loss on every row count a stack was timed on that the
 * peers were not (slow stacks on a minibatch workload in a full run): one untimed epoch
 * of NumPy in the same first-epoch order, so every stack's loss is checked.
 */
function referenceLosses(peer: Peer, workloads: PeerWorkload[], m: Measurements, tmp: string, log: Log): void {
  const wanted: PeerWorkload[] = [];
  for (const pw of workloads) {
    const rowCounts = new Set([...m.samples].filter(([key]) => key.endsWith(`|${pw.workload.name}`)).map(([, s]) => s.rows).filter((rows) => rows !== pw.rows));
    for (const rows of rowCounts) {
      wanted.push({ ...pw, rows, spec: { warmupEpochs: 1, minEpochs: 1, maxEpochs: 1, budgetSeconds: 0, chunk: 1, probeRows: 0 }, ...orderFile(pw.workload, rows, pw.dir) });
    }
  }
  if (wanted.length === 0) return;
  try {
    const only = { ...peer, engines: peer.engines.filter((e) => e.id === REFERENCE_PEER) };
    const answer = runPeer(only, wanted, { ceiling: false, configPath: join(tmp, 'reference.json') });
    for (const t of answer['workloads'] as PeerTiming[]) m.referenceLosses.push({ workload: t.name, rows: t.rows, loss: t.firstLoss });
    log(`loss references on fewer rows: ${m.referenceLosses.map((r) => `${r.workload} ${r.rows} rows ${r.loss.toPrecision(7)}`).join(', ')}`);
  } catch (e) {
    log(`failed: loss references: ${(e as Error).message}`);
  }
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
