/**
 * The bench's options: what `npm run bench -- …` asks for (`parseArgs` options and
 * their meaning), and the epochs and rows each workload gets in a quick or smoke run.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BACKENDS, WORKLOADS, type BackendName, type Workload } from 'backprop-ts/internal';
import type { ParsedValues } from '../cli.js';
import type { RunSpec } from './stack-timing.js';

/** Where reports go by default: `data/benchmarks/`. */
const RESULTS = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'benchmarks');

/** One bench run's options. */
export interface BenchOptions {
  quick: boolean;
  /** Tiny sizes for the test suite: checks that everything runs, measures nothing worth reading. */
  smoke: boolean;
  profile: boolean;
  rounds: number;
  workloads: Workload[];
  backends: BackendName[] | undefined;
  peers: boolean;
  /** Run single-threaded work on one CPU (see `runPinned` in main.ts). */
  pin: boolean;
  /** Absolute path of the report. */
  out: string;
}

/** The bench's options for `parseArgs`. */
export const OPTIONS = {
  quick: { type: 'boolean' },
  smoke: { type: 'boolean' },
  profile: { type: 'boolean' },
  rounds: { type: 'string' },
  workloads: { type: 'string' },
  backends: { type: 'string' },
  'no-peers': { type: 'boolean' },
  'no-pin': { type: 'boolean' },
  out: { type: 'string' },
} as const;

/**
 * The options the parsed values ask for, with their defaults filled in.
 *
 * @throws {Error} For an unknown workload or backend, or a round count that is not a whole number ≥ 1.
 */
export function readOptions(values: ParsedValues<typeof OPTIONS>): BenchOptions {
  const smoke = values.smoke === true;
  const quick = smoke || values.quick === true;
  const rounds = values.rounds === undefined ? (quick ? 1 : 3) : Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds takes a whole number ≥ 1');
  const workloads = values.workloads === undefined ? [...WORKLOADS] : values.workloads.split(',').map(knownWorkload);
  return {
    quick,
    smoke,
    profile: values.profile === true,
    rounds,
    workloads: smoke ? workloads.map(smokeWorkload) : workloads,
    backends: values.backends?.split(',').map(knownBackend),
    peers: values['no-peers'] !== true,
    pin: values['no-pin'] !== true,
    out: values.out !== undefined ? resolve(values.out) : join(RESULTS, smoke ? 'quick-smoke.json' : quick ? 'quick.json' : 'latest.json'),
  };
}

function knownWorkload(name: string): Workload {
  const w = WORKLOADS.find((x) => x.name === name.trim());
  if (!w) throw new Error(`unknown workload ${name} (known: ${WORKLOADS.map((x) => x.name).join(', ')})`);
  return w;
}

function knownBackend(name: string): BackendName {
  if (!(BACKENDS as readonly string[]).includes(name)) throw new Error(`unknown backend ${name} (known: ${BACKENDS.join(', ')})`);
  return name as BackendName;
}

/** A workload cut down to a few rows and epochs, same layer sizes. */
function smokeWorkload(w: Workload): Workload {
  const rows = w.batchSize < w.rows ? 2 * w.batchSize : Math.min(w.rows, 64);
  return { ...w, rows, batchSize: Math.min(w.batchSize, rows), epochs: 2, description: `${w.description} (smoke test: ${rows} rows)` };
}

/** Rows per workload: all of them, or for `--quick` the first 10 minibatches of a minibatch workload (same shapes, so the ratios compare). */
export function sizing(w: Workload, mode: Pick<BenchOptions, 'quick' | 'smoke'>): { rows: number } {
  if (!mode.quick || mode.smoke) return { rows: w.rows }; // smoke workloads are cut down already
  return { rows: w.batchSize < w.rows ? Math.min(w.rows, 10 * w.batchSize) : w.rows };
}

/** Seconds of timed epochs per measurement: full runs, quick runs, smoke runs. */
export const BUDGET_SECONDS = { full: 4, quick: 1, smoke: 0 } as const;

/**
 * How every stack, ours and the peers alike, is timed on a workload (see `RunSpec` in
 * stack-timing.ts): the same warm-up, the same minimum and maximum of timed epochs and
 * the same time budget for all, so the warm-up is equal in full and quick runs.
 */
export function runSpec(w: Workload, mode: Pick<BenchOptions, 'quick' | 'smoke'>): RunSpec {
  const minibatch = w.batchSize < w.rows;
  const probeRows = minibatch ? Math.min(w.rows, (mode.smoke ? 1 : 10) * w.batchSize) : 0;
  if (mode.smoke) return { warmupEpochs: 1, minEpochs: 2, maxEpochs: 2, budgetSeconds: BUDGET_SECONDS.smoke, chunk: 1, probeRows };
  const budgetSeconds = mode.quick ? BUDGET_SECONDS.quick : BUDGET_SECONDS.full;
  // Tiny epochs (W1): 1,000 untimed epochs, then samples of 100 epochs each.
  if (w.epochs >= 1000) return { warmupEpochs: 1000, minEpochs: 1000, maxEpochs: mode.quick ? 10_000 : 100_000, budgetSeconds, chunk: 100, probeRows };
  if (!minibatch) return { warmupEpochs: 2, minEpochs: mode.quick ? 2 : 5, maxEpochs: mode.quick ? 10 : 50, budgetSeconds, chunk: 1, probeRows };
  return { warmupEpochs: 2, minEpochs: 2, maxEpochs: mode.quick ? 10 : 20, budgetSeconds, chunk: 1, probeRows };
}
