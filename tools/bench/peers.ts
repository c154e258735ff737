/**
 * The Python peers, each at its best and said how: NumPy on one BLAS thread with
 * glibc's allocator told to keep freed memory (MALLOC_*) and with glibc's defaults
 * (both rows are shown; the faster is the baseline), NumPy on two threads, and PyTorch
 * (manual backprop and autograd) on one thread, with the OpenBLAS kernel it is fastest
 * with. Each runs as a child process on data the bench writes as raw float32 files,
 * and answers with JSON on stdout (see python/common.py). A peer that is not installed
 * is reported as missing with its install command.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Workload, WorkloadProblem } from 'backprop-ts';
import type { RunSpec } from './stack-timing.js';

const SCRIPTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tools', 'bench', 'python');

/**
 * glibc's allocator, told to keep what NumPy frees: by default blocks of 128 KiB or more
 * are mmap'ed and returned to the kernel when freed, so W2's 4 MiB temporaries are
 * faulted in again every epoch (66–90 ms per W2 epoch against 7.6–9.5 ms with these).
 */
export const KEEP_MEMORY: Readonly<Record<string, string>> = Object.freeze({
  MALLOC_MMAP_THRESHOLD_: String(2 ** 30),
  MALLOC_TRIM_THRESHOLD_: String(2 ** 30),
  MALLOC_TOP_PAD_: String(2 ** 26),
});

/** Variables that steer OpenBLAS or the allocator, removed from what a peer inherits so that only the bench's settings apply. */
const STEERING = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE', 'OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'GOTO_NUM_THREADS', 'MALLOC_ARENA_MAX', ...Object.keys(KEEP_MEMORY)];

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
  /** The variables the bench sets for this peer (the report shows them), on top of the inherited environment less {@link STEERING}. */
  settings: Record<string, string>;
  /** Why this Python and these settings, for the report. */
  why: string;
}

/** The virtualenv `tools/bench/install-peers.sh` makes: `BACKPROP_BENCH_VENV`, default ~/.cache/backprop-ts/bench-venv. */
export function benchVenv(env: NodeJS.ProcessEnv = process.env): string {
  return env['BACKPROP_BENCH_VENV'] ?? join(os.homedir(), '.cache', 'backprop-ts', 'bench-venv');
}

/** The environment a peer runs with: the inherited one without the steering variables, plus its settings. */
export function peerEnv(peer: Pick<Peer, 'settings'>, inherited: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...inherited };
  for (const name of STEERING) delete env[name];
  return { ...env, ...peer.settings, PYTHONDONTWRITEBYTECODE: '1' }; // no __pycache__ in the source tree
}

/** The BLAS core type to try forcing on an OpenBLAS that mis-detects the CPU (Debian's 0.3.21 took a Xeon for a 2004 Pentium 4, "Prescott"). */
export function openblasCoreType(cpuinfo?: string): string | undefined {
  try {
    const flags = cpuinfo ?? readFileSync('/proc/cpuinfo', 'utf8');
    if (/\bavx512f\b/.test(flags)) return 'SkylakeX';
    if (/\bavx2\b/.test(flags)) return 'Haswell';
  } catch {
    // not Linux: let OpenBLAS decide
  }
  return undefined;
}

/** One way to run a peer: its Python, and for PyTorch the OpenBLAS kernel forced, if any. */
export interface PeerSetup {
  python: string;
  coreType?: string;
}

/** A setup's name in the report, e.g. `"/usr/bin/python3, OPENBLAS_CORETYPE=SkylakeX"`. */
export function setupName(setup: PeerSetup): string {
  return `${setup.python}${setup.coreType ? `, OPENBLAS_CORETYPE=${setup.coreType}` : ''}`;
}

/**
 * The Pythons worth trying for each peer, in order of preference: for NumPy the bench
 * virtualenv's (pip's NumPy, see install-peers.sh) or else `python3`, then Debian's
 * `/usr/bin/python3` (python3-numpy); for PyTorch the virtualenv's when it has torch
 * (a pip wheel), then Debian's (python3-torch). `BACKPROP_BENCH_NUMPY_PYTHON` and
 * `BACKPROP_BENCH_TORCH_PYTHON` name one Python instead.
 */
export function pythonCandidates(env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync, imports: (python: string, module: string) => boolean = canImport): { numpy: string[]; torch: string[] } {
  const venvPython = join(benchVenv(env), 'bin', 'python');
  const venv = exists(venvPython);
  const unique = (list: string[]) => [...new Set(list)];
  return {
    numpy: env['BACKPROP_BENCH_NUMPY_PYTHON'] ? [env['BACKPROP_BENCH_NUMPY_PYTHON']] : unique([venv ? venvPython : 'python3', '/usr/bin/python3']),
    torch: env['BACKPROP_BENCH_TORCH_PYTHON'] ? [env['BACKPROP_BENCH_TORCH_PYTHON']] : unique([...(venv && imports(venvPython, 'torch') ? [venvPython] : []), '/usr/bin/python3']),
  };
}

function canImport(python: string, module: string): boolean {
  return spawnSync(python, ['-c', `import ${module}`], { stdio: 'ignore', timeout: 60_000 }).status === 0;
}

/**
 * NumPy on 1 thread with memory kept (`numpy-1`) and with glibc's defaults
 * (`numpy-1-glibc`), NumPy on 2 threads with memory kept, and PyTorch on 1 thread with
 * memory kept, each with the Python (and PyTorch's OpenBLAS kernel) of `setups`
 * (see {@link chooseSetup}); `why` says how those were chosen.
 */
export function defaultPeers(setups: { numpy: PeerSetup; torch: PeerSetup } = firstSetups(), why: { numpy?: string; torch?: string } = {}): Peer[] {
  const torchCoreType = setups.torch.coreType;
  const numpy = (threads: number, keep: boolean): Peer => {
    const plural = threads > 1 ? 's' : '';
    return {
      engines: [{
        id: `numpy-${threads}${keep ? '' : '-glibc'}`,
        label: `NumPy, ${threads} thread${plural}${keep ? '' : ", glibc's default allocator"}`,
        key: 'workloads',
      }],
      ceilingLabel: `NumPy, ${threads} thread${plural}${keep ? '' : ' (glibc defaults)'}`,
      threads,
      python: setups.numpy.python,
      script: 'numpy_peer.py',
      module: 'numpy',
      install: 'bash tools/bench/install-peers.sh (or: pip install numpy)',
      settings: { OPENBLAS_NUM_THREADS: String(threads), ...(keep ? KEEP_MEMORY : {}) },
      why: `${keep
        ? "glibc's allocator keeps freed memory (MALLOC_*), so large temporaries are not faulted in again every epoch"
        : "glibc's default allocator: blocks of 128 KiB or more go back to the kernel when freed"}${why.numpy ? `; ${why.numpy}` : ''}`,
    };
  };
  return [
    numpy(1, true),
    numpy(1, false),
    numpy(2, true),
    {
      engines: [
        { id: 'torch-manual', label: 'PyTorch, hand-written backprop', key: 'manual' },
        { id: 'torch-autograd', label: 'PyTorch, autograd + nn.Linear + SGD', key: 'autograd' },
      ],
      ceilingLabel: 'PyTorch, 1 thread',
      threads: 1,
      python: setups.torch.python,
      script: 'torch_peer.py',
      module: 'torch',
      install: 'bash tools/bench/install-peers.sh (a torch wheel in the bench virtualenv, or Debian\'s python3-torch)',
      settings: { ...CALIBRATION_SETTINGS.torch, ...(torchCoreType ? { OPENBLAS_CORETYPE: torchCoreType } : {}) },
      why: `one intra-op and one inter-op thread, like every single-threaded stack; memory kept like NumPy's; ${torchCoreType ? `OPENBLAS_CORETYPE=${torchCoreType}` : "OpenBLAS' own choice of kernel (if it uses OpenBLAS)"}${why.torch ? `; ${why.torch}` : ''}`,
    },
  ];
}

/** Whether the peer's Python and module load; the version when they do. */
export function peerVersion(peer: Peer): { version?: string; error?: string } {
  const check = spawnSync(peer.python, ['-c', `import ${peer.module}; print(${peer.module}.__version__)`], { encoding: 'utf8', env: peerEnv(peer), timeout: 60_000 });
  if (check.error) return { error: `${peer.python} not found` };
  if (check.status !== 0) return { error: `${peer.python} cannot import ${peer.module}` };
  return { version: check.stdout.trim() };
}

/** The first candidate of each peer, uncalibrated (smoke runs, and tests). */
export function firstSetups(candidates: { numpy: string[]; torch: string[] } = pythonCandidates()): { numpy: PeerSetup; torch: PeerSetup } {
  return { numpy: { python: candidates.numpy[0]! }, torch: { python: candidates.torch[0]! } };
}

/**
 * The candidate to use, from each one's calibration seconds (undefined or not finite:
 * it did not run), in order of preference: a later candidate replaces the pick only
 * when it is at least `margin` faster, so that noise does not flip the choice between
 * equals (Debian's OpenBLAS 0.3.21 took a Xeon for a Pentium 4 and ran 4–6x slower:
 * forcing the kernel then wins by far more than 10%).
 */
export function pickFastest<T>(candidates: readonly { candidate: T; seconds: number | undefined }[], margin = 0.1): T | undefined {
  let best: { candidate: T; seconds: number } | undefined;
  for (const { candidate, seconds } of candidates) {
    if (seconds === undefined || !Number.isFinite(seconds)) continue;
    if (best === undefined || seconds < best.seconds * (1 - margin)) best = { candidate, seconds };
  }
  return best?.candidate;
}

/** What a peer's calibration measured, and the setup it chose. */
export interface SetupChoice {
  setup: PeerSetup | undefined;
  /** CPU seconds of a W2 plus a W3 epoch per setup name (NaN: it did not run). */
  seconds: Record<string, number>;
  /** What each setup said of itself: version and BLAS. */
  details: Record<string, string>;
}

/**
 * Runs `script calibrate` (a W2 and a W3 epoch on random data, CPU time, with the
 * peer's own training code and single-thread settings) for every candidate setup,
 * and picks with {@link pickFastest}.
 */
export function chooseSetup(script: string, candidates: readonly PeerSetup[], settings: Record<string, string>): SetupChoice {
  const seconds: Record<string, number> = {};
  const details: Record<string, string> = {};
  const measured = candidates.map((setup) => {
    const env = peerEnv({ settings: { ...settings, ...(setup.coreType ? { OPENBLAS_CORETYPE: setup.coreType } : {}) } });
    const run = spawnSync(setup.python, [join(SCRIPTS, script), 'calibrate'], { encoding: 'utf8', env, cwd: SCRIPTS, timeout: 300_000 });
    let answer: { seconds?: number; version?: string; blas?: string; openblasCore?: string | null } = {};
    try {
      answer = run.status === 0 ? JSON.parse(run.stdout) : {};
    } catch {
      // not JSON: it did not run
    }
    seconds[setupName(setup)] = answer.seconds ?? NaN;
    if (answer.version) details[setupName(setup)] = `${answer.version}, ${answer.blas}${answer.openblasCore ? `, OpenBLAS kernel ${answer.openblasCore}` : ''}`;
    return { candidate: setup, seconds: answer.seconds };
  });
  return { setup: pickFastest(measured), seconds, details };
}

/** The settings every single-thread calibration runs with: those of the 1-thread rows. */
export const CALIBRATION_SETTINGS = { numpy: { OPENBLAS_NUM_THREADS: '1', ...KEEP_MEMORY }, torch: { TORCH_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', ...KEEP_MEMORY } };

/** The candidate setups of PyTorch: each Python with OpenBLAS' own kernel, then with the one the CPU's flags suggest. */
export function torchSetups(pythons: readonly string[], coreType: string | null = openblasCoreType() ?? null): PeerSetup[] {
  return pythons.flatMap((python) => [{ python }, ...(coreType ? [{ python, coreType }] : [])]);
}

/** Writes a problem's data and initial weights as raw little-endian float32 files for the peers. */
export function writeProblem(problem: WorkloadProblem, dir: string): void {
  writeFileSync(join(dir, 'X.f32'), problem.X);
  writeFileSync(join(dir, 'Y.f32'), problem.Y);
  problem.network.weights.forEach((w, l) => writeFileSync(join(dir, `W${l}.f32`), Float32Array.from(w.flat())));
}

/** A workload as a peer runs it: which rows, the timing rule, where the data and the first epoch's row order are. */
export interface PeerWorkload {
  workload: Workload;
  rows: number;
  spec: RunSpec;
  dir: string;
  /** The first epoch's row order (uint32 file), for minibatch workloads. */
  order?: string;
}

/** What one peer process answered: per engine key, per workload, the timing. */
export type PeerAnswer = Record<string, unknown> & { matmulGflops?: number; blas?: string; openblasCore?: string | null; threads?: number; interopThreads?: number };

/** Per-workload answer of a peer script. */
export interface PeerTiming {
  name: string;
  rows: number;
  secondsPerEpoch: number[];
  cpuSecondsPerEpoch: number[];
  firstLoss: number;
  warmupEpochs: number;
  timedEpochs: number;
}

/** The command that runs a peer: its Python and script, under `taskset` on every allowed CPU when it uses more than one thread in a pinned bench. */
export function peerCommand(peer: Peer, configPath: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const command = [peer.python, join(SCRIPTS, peer.script), configPath];
  // The bench may run pinned to one CPU (see main.ts); a multi-threaded peer gets them all back.
  const every = env['BACKPROP_BENCH_CPUS'];
  if (peer.threads > 1 && env['BACKPROP_BENCH_CPU'] !== undefined && every !== undefined) command.unshift('taskset', '-c', every);
  return command;
}

/**
 * Runs a peer once over the given workloads.
 *
 * @throws {Error} When the script fails, with its stderr.
 */
export function runPeer(peer: Peer, workloads: PeerWorkload[], options: { ceiling: boolean; configPath: string }): PeerAnswer {
  const config = {
    ceiling: options.ceiling,
    workloads: workloads.map(({ workload: w, rows, spec, dir, order }) => ({
      name: w.name, sizes: w.sizes, rows, batchSize: w.batchSize, learningRate: w.learningRate, dir, spec, ...(order ? { order } : {}),
    })),
  };
  writeFileSync(options.configPath, JSON.stringify(config));
  const command = peerCommand(peer, options.configPath);
  const run = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', env: peerEnv(peer), cwd: SCRIPTS, maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`${peer.script} failed (exit ${run.status ?? run.signal}): ${(run.stderr ?? String(run.error)).trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(run.stdout) as PeerAnswer;
}
