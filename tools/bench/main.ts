#!/usr/bin/env node
/**
 * `npm run bench`: training speed of our engines side by side with NumPy, PyTorch and
 * tfjs Layers on the workloads W1–W3, in one session, with every time as a ratio to
 * single-thread NumPy. Writes the report as JSON and the chart as a Plotly figure.
 * Exit codes are listed in {@link EXIT}; see tools/bench/README.md.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { BACKENDS, WORKLOADS, selectBackend, type BackendName, type BenchmarkReport } from 'backprop-ts/internal';
import { EXIT_USAGE, defaultIo, isEntryPoint, parseCommandLine, type CliIo } from '../cli.js';
import { OPTIONS, readOptions, runSpec, type BenchOptions } from './options.js';
import { profileReport } from './profile.js';
import { PINNED, QUICK_NOTE, SMOKE_NOTE, check, chooseBaselines, enginePicks, entries, machine, summary, writeReport } from './report.js';
import { measureStacks, type Log } from './session.js';

/** Exit codes of the command. */
export const EXIT = {
  /** Every stack was measured, or reported missing with its install command. */
  ok: 0,
  /** A stack failed, a stack's first-epoch loss disagrees with NumPy's, or no tfjs backend loaded. */
  failed: 1,
  /** Bad arguments: unknown option, workload or backend. */
  usage: EXIT_USAGE,
} as const;

/** Usage text printed by `--help` and after usage errors. */
export const USAGE = `Usage: npm run bench -- [--quick | --smoke | --profile] [options]

Times our engines, straightforward tfjs, tfjs Layers, NumPy and PyTorch on the
workloads W1-W3 in one session, and reports each as a ratio to single-thread NumPy
at its best. Every stack gets the same warm-up and time budget; the run fails if a
stack's first-epoch loss differs from NumPy's on the same rows.
Progress goes to stderr, the table to stdout.

Options:
  --quick              a smoke test on fewer epochs and rows, 1 round (writes
                       data/benchmarks/quick.json); its ratios are not measurements
  --smoke              tiny sizes, to check that every stack runs; numbers mean nothing
  --profile            tf.profile kernel tables for one step of W2 and W3; measures nothing else
  --rounds N           rounds of measurements (default 3, --quick 1)
  --workloads LIST     only these workloads (${WORKLOADS.map((w) => w.name).join(',')})
  --backends LIST      only these tfjs backends (${BACKENDS.join(',')}; default every one that loads)
  --no-peers           skip NumPy and PyTorch (no ratios then)
  --no-pin             do not pin to one CPU
  --out FILE           the report (default data/benchmarks/latest.json)
  -h, --help           show this help

Exit codes: 0 measured (missing peers are not an error), 1 a stack failed or
trained something else, or no backend loaded, 2 usage error.`;

/**
 * Runs the bench with `args` (without `node` and the script).
 *
 * @returns The exit code, see {@link EXIT}.
 */
export async function main(args: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const options = parseCommandLine(args, io, { usage: USAGE, options: OPTIONS, read: readOptions });
  if (typeof options === 'number') return options;
  const pinnedRun = runPinned(options, args);
  if (pinnedRun !== undefined) return pinnedRun;
  const log = progressLog(io);
  if (options.smoke) log(SMOKE_NOTE);
  else if (options.quick) log(QUICK_NOTE);
  const { backends, notes } = await loadable(options.backends);
  if (backends.length === 0) {
    log(`bench: no backend loaded (${notes.join('; ')})`);
    return EXIT.failed;
  }
  if (options.profile) {
    await selectBackend({ backend: backends.includes('wasm') ? 'wasm' : backends[0]! });
    io.stdout(`${await profileReport(options.workloads.filter((w) => w.name !== 'W1'), { top: 12, steps: options.quick ? 3 : 10 })}\n`);
    return EXIT.ok;
  }
  const report = await benchmark(options, backends, notes, log);
  const problems = check(report);
  const figurePath = writeReport(report, options.out, log);
  io.stdout(summary(report, options, figurePath, problems));
  return problems.length > 0 ? EXIT.failed : EXIT.ok;
}

/** Measures every stack and puts the report together. */
async function benchmark(options: BenchOptions, backends: BackendName[], notes: string[], log: Log): Promise<BenchmarkReport> {
  const started = performance.now();
  const info = machine(backends);
  const measured = await measureStacks(options, backends, log);
  Object.assign(info, measured.machine);
  if (options.smoke) notes.unshift(SMOKE_NOTE);
  else if (options.quick) notes.unshift(QUICK_NOTE);
  if (!options.peers) notes.push('peers not run (--no-peers): ratios and the loss check need NumPy');
  const all = entries(measured, options.workloads);
  const { baseline, baselines } = chooseBaselines(all, options.workloads);
  if (Object.keys(baselines).length < options.workloads.length && options.peers) notes.push('NumPy did not run on every workload: ratios and the loss check need it');
  notes.push(
    ...measured.notes,
    `every stack: ${warmupText(options)}; secondsPerEpoch is the minimum of the wall-clock samples, with their spread and CPU time beside it`,
    ...enginePicks(options.workloads, backends),
  );
  info['loadAverageAtEnd'] = os.loadavg()[0]!.toFixed(2);
  info['minutes'] = Number(((performance.now() - started) / 60_000).toFixed(1));
  return {
    createdAt: new Date().toISOString(), quick: options.quick, machine: info, workloads: options.workloads, ceilings: measured.ceilings, entries: all,
    baseline, baselines, statistic: 'minimum', ...(measured.referenceLosses.length > 0 ? { referenceLosses: measured.referenceLosses } : {}), notes,
  };
}

/** How every stack was warmed up and timed in this run, per workload. */
function warmupText(options: BenchOptions): string {
  return options.workloads.map((w) => {
    const s = runSpec(w, options);
    const probe = s.probeRows > 0 ? `a probe run on ${s.probeRows} rows, then ` : '';
    return `${w.name} ${probe}${s.warmupEpochs} untimed epoch${s.warmupEpochs > 1 ? 's' : ''} and ${s.minEpochs}–${s.maxEpochs} timed (${s.budgetSeconds} s)${s.chunk > 1 ? ` in samples of ${s.chunk}` : ''}`;
  }).join('; ');
}

/** Progress lines on stderr, each with the seconds since the start. */
function progressLog(io: CliIo): Log {
  const t0 = performance.now();
  return (text) => io.stderr(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${text}\n`);
}

/** The requested backends (default every one) that load, and a note for each that does not. */
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

/**
 * Re-runs the bench pinned to one CPU (the first it may use) with `taskset`, when it can. On a shared virtual
 * machine the two virtual CPUs are not equally fast (one's host sibling may be busy:
 * we measured 0.86 µs against 1.7 µs for the same W1 epoch), so every single-threaded
 * stack, ours and NumPy's, runs on the same one; the two-thread peers get both.
 * Only the script itself re-runs: `main` called from another module runs unpinned.
 * Returns the exit code of the pinned run, or undefined when not pinning.
 */
function runPinned(options: BenchOptions, args: readonly string[]): number | undefined {
  if (!options.pin || process.env[PINNED] !== undefined || process.platform !== 'linux' || os.cpus().length < 2 || !isEntryPoint(import.meta.url)) return undefined;
  // The first CPU this process may run on (a cpuset may leave CPU 0 out); unpinned if taskset cannot pin to it.
  const list = /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '0';
  const allowed = /^\d+/.exec(list)![0];
  if (spawnSync('taskset', ['-c', allowed, 'true'], { stdio: 'ignore' }).status !== 0) return undefined;
  const command = ['-c', allowed, process.execPath, ...process.execArgv, fileURLToPath(import.meta.url), ...args];
  // The two-thread peers get every CPU of `list` back (peers.ts).
  const child = spawnSync('taskset', command, { stdio: 'inherit', env: { ...process.env, [PINNED]: allowed, BACKPROP_BENCH_CPUS: list } });
  return child.status ?? 1;
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
