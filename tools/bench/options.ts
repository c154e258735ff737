/**
 * The bench's options: what `npm run bench -- …` asks for (`parseArgs` options and
 * their meaning), and the epochs and rows each workload gets in a quick or smoke run.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BACKENDS, WORKLOADS, type BackendName, type Workload } from 'backprop-ts/internal';
import type { ParsedValues } from '../cli.js';

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

/** Epochs and rows per workload: the issue's, or fewer for `--quick` (same shapes, so the ratios compare). */
export function sizing(w: Workload, mode: Pick<BenchOptions, 'quick' | 'smoke'>): { epochs: number; rows: number } {
  if (!mode.quick || mode.smoke) return { epochs: w.epochs, rows: w.rows }; // smoke workloads are cut down already
  if (w.batchSize < w.rows) return { epochs: 1, rows: Math.min(w.rows, 10 * w.batchSize) };
  return { epochs: w.epochs >= 1000 ? 1000 : 1, rows: w.rows };
}
