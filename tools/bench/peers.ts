/**
 * The Python peers: NumPy (pinned to 1 and to 2 BLAS threads) and PyTorch (manual
 * backprop and autograd, 2 threads). Each runs as a child process on data the bench
 * writes as raw float32 files, and answers with JSON on stdout (see python/common.py).
 * A peer that is not installed is reported as missing with its install command.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Workload, WorkloadProblem } from 'backprop-ts';

const SCRIPTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tools', 'bench', 'python');

/** One Python stack the bench runs. */
export interface Peer {
  /** Entry id(s) in the report, e.g. `"numpy-1"`; the torch script answers for two. */
  engines: { id: string; label: string; key: string }[];
  /** Name of its 1024² matrix-product ceiling, e.g. `"NumPy, 2 threads"`. */
  ceilingLabel: string;
  /** Threads it computes with: a pinned bench lets a peer with more than one use every CPU. */
  threads: number;
  python: string;
  script: string;
  /** Module that must import for the peer to be available. */
  module: string;
  install: string;
  env: NodeJS.ProcessEnv;
}

/** The BLAS core type Debian's OpenBLAS 0.3.21 should use: it takes recent CPUs for a 2004 Pentium 4 ("Prescott") and runs ~5x slower. */
export function openblasCoreType(): string | undefined {
  try {
    const flags = readFileSync('/proc/cpuinfo', 'utf8');
    if (/\bavx512f\b/.test(flags)) return 'SkylakeX';
    if (/\bavx2\b/.test(flags)) return 'Haswell';
  } catch {
    // not Linux: let OpenBLAS decide
  }
  return undefined;
}

/** The environment without the variables that pin OpenBLAS kernels (they slow NumPy's own, newer OpenBLAS). */
function numpyEnv(threads: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: String(threads) };
  delete env['OPENBLAS_CORETYPE'];
  delete env['OPENBLAS_L2_SIZE'];
  return env;
}

/** NumPy with the machine's `python3`, 1 and 2 threads; PyTorch with Debian's `/usr/bin/python3`. */
export function defaultPeers(): Peer[] {
  const numpy = (threads: number): Peer => ({
    engines: [{ id: `numpy-${threads}`, label: `NumPy, ${threads} thread${threads > 1 ? 's' : ''}`, key: 'workloads' }],
    ceilingLabel: `NumPy, ${threads} thread${threads > 1 ? 's' : ''}`,
    threads,
    python: 'python3',
    script: 'numpy_peer.py',
    module: 'numpy',
    install: 'pip install numpy (or: apt-get install -y python3-numpy)',
    env: numpyEnv(threads),
  });
  const coreType = process.env['OPENBLAS_CORETYPE'] ?? openblasCoreType();
  return [
    numpy(1),
    numpy(2),
    {
      engines: [
        { id: 'torch-manual', label: 'PyTorch, hand-written backprop', key: 'manual' },
        { id: 'torch-autograd', label: 'PyTorch, autograd + nn.Linear + SGD', key: 'autograd' },
      ],
      ceilingLabel: 'PyTorch, 2 threads',
      threads: 2,
      python: '/usr/bin/python3',
      script: 'torch_peer.py',
      module: 'torch',
      install: 'apt-get install -y python3-torch',
      // Torch's own threads do the parallel work; BLAS calls stay single-threaded so the two pools do not fight over 2 cores.
      env: { ...process.env, TORCH_THREADS: '2', OMP_WAIT_POLICY: 'PASSIVE', OPENBLAS_NUM_THREADS: '1', ...(coreType ? { OPENBLAS_CORETYPE: coreType } : {}) },
    },
  ];
}

/** Whether the peer's Python and module load; the version when they do. */
export function peerVersion(peer: Peer): { version?: string; error?: string } {
  const check = spawnSync(peer.python, ['-c', `import ${peer.module}; print(${peer.module}.__version__)`], { encoding: 'utf8', env: peer.env, timeout: 60_000 });
  if (check.error) return { error: `${peer.python} not found` };
  if (check.status !== 0) return { error: `${peer.python} cannot import ${peer.module}` };
  return { version: check.stdout.trim() };
}

/** Writes a problem's data and initial weights as raw little-endian float32 files for the peers. */
export function writeProblem(problem: WorkloadProblem, dir: string): void {
  writeFileSync(join(dir, 'X.f32'), problem.X);
  writeFileSync(join(dir, 'Y.f32'), problem.Y);
  problem.network.weights.forEach((w, l) => writeFileSync(join(dir, `W${l}.f32`), Float32Array.from(w.flat())));
}

/** A workload as a peer runs it: which rows, how many epochs, where the data is. */
export interface PeerWorkload {
  workload: Workload;
  rows: number;
  epochs: number;
  dir: string;
}

/** What one peer process answered: per engine key, per workload, the timing. */
export type PeerAnswer = Record<string, unknown> & { matmulGflops?: number };

/** Per-workload answer of a peer script. */
export interface PeerTiming {
  name: string;
  secondsPerEpoch: number[];
  firstLoss: number;
}

/**
 * Runs a peer once over the given workloads (one repeat each).
 *
 * @throws {Error} When the script fails, with its stderr.
 */
export function runPeer(peer: Peer, workloads: PeerWorkload[], options: { ceiling: boolean; configPath: string }): PeerAnswer {
  const config = {
    ceiling: options.ceiling,
    workloads: workloads.map(({ workload: w, rows, epochs, dir }) => ({
      name: w.name, sizes: w.sizes, rows, epochs, batchSize: w.batchSize, learningRate: w.learningRate, repeats: 1, dir,
    })),
  };
  writeFileSync(options.configPath, JSON.stringify(config));
  const env = { ...peer.env, PYTHONDONTWRITEBYTECODE: '1' }; // no __pycache__ in the source tree
  const command = [peer.python, join(SCRIPTS, peer.script), options.configPath];
  // The bench may run pinned to one CPU (see main.ts); a multi-threaded peer gets them all back.
  const every = process.env['BACKPROP_BENCH_CPUS'];
  if (peer.threads > 1 && process.env['BACKPROP_BENCH_CPU'] !== undefined && every !== undefined) command.unshift('taskset', '-c', every);
  const run = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', env, cwd: SCRIPTS, maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`${peer.script} failed (exit ${run.status ?? run.signal}): ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(run.stdout) as PeerAnswer;
}
