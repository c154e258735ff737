/**
 * The measurements of `npm run latency`, each on the real kernel through the
 * notebook runner's {@link KernelSession}: a kernel's start to its first output, the
 * rerun of a small cell, a notebook's full run with the time of each cell, the rerun
 * of a chapter's settings and training cells once the notebook has run, and the book
 * builder's whole run as a child process. Times are wall-clock milliseconds.
 */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { KernelSession, errorFromStderr, readNotebook, type ExecutionResult } from '../notebook-runner/index.js';
import { codeCells, rerunCells } from './cells.js';

/** A cell that failed while the latency tool measured it. */
export class MeasuredCellError extends Error {
  override name = 'MeasuredCellError';
}

/** The trivial cell whose output counts as the kernel's first. */
export const FIRST_OUTPUT_CELL = "console.log('ready')";
/** The small cell rerun to measure a cell's fixed cost (rerun unchanged, tslab reuses its last compile). */
export const SMALL_CELL = '1 + 1';
/** A small cell that declares a value: tslab compiles it twice on every run (once to find its declarations, once to export them). */
export const DECLARING_CELL = 'const two = 1 + 1;';
/** A cell that only imports the library, as every chapter's first cell does (relative to `notebooks/`). */
export const IMPORT_CELL = "import { INPUTS, tf } from '../dist/index.js';";

/** Per-cell time limit while measuring. */
const CELL_TIMEOUT_MS = 300_000;

/** Time of one kernel start. */
export interface KernelStartSample {
  /** From `start()` until the kernel answered. */
  readyMs: number;
  /** From `start()` until the first cell's output had arrived and the cell was done. */
  firstOutputMs: number;
}

/** Time of one notebook's run and of rerunning its settings and training cells. */
export interface NotebookLatency {
  notebook: string;
  /** Kernel start plus every code cell, in one kernel. */
  fullRunMs: number;
  /** Part of {@link fullRunMs}: the kernel's start. */
  kernelStartMs: number;
  /** The slowest cells of the run, slowest first. */
  slowestCells: { id: string; ms: number }[];
  /** Rerunning {@link DECLARING_CELL} after the notebook ran: a cell's fixed cost with the notebook's declarations. */
  declaringCellMs: number[];
  /** The settings and training cells rerun after the run, once per repeat (absent when the notebook offers no exercise). */
  rerun?: { cells: string[]; ms: number[] };
}

/** The book builder's run. */
export interface BookLatency {
  command: string[];
  wallMs: number;
  exitCode: number | null;
  /** "Time per notebook" as the builder printed it: notebook path to seconds. */
  perNotebookSeconds: Record<string, number>;
}

async function run(kernel: KernelSession, code: string, what: string): Promise<ExecutionResult> {
  const result = await kernel.execute(code, { timeoutMs: CELL_TIMEOUT_MS });
  if (result.status !== 'ok') {
    const error = result.error ?? errorFromStderr(result.stderr);
    const message = error ? `${error.ename}: ${error.evalue}` : result.stderr.trim() || result.status;
    throw new MeasuredCellError(`${what} failed: ${message}`);
  }
  return result;
}

async function timed(kernel: KernelSession, code: string, what: string): Promise<number> {
  const started = performance.now();
  await run(kernel, code, what);
  return performance.now() - started;
}

/** Starts a kernel in `cwd`, runs `fn` with it and always shuts it down. */
async function withKernel<T>(cwd: string, fn: (kernel: KernelSession, readyMs: number) => Promise<T>): Promise<T> {
  const kernel = new KernelSession({ cwd });
  const started = performance.now();
  try {
    await kernel.start();
    return await fn(kernel, performance.now() - started);
  } finally {
    await kernel.shutdown();
  }
}

/** `repeat` fresh kernels: each one's start and first output. */
export async function measureKernelStart(cwd: string, repeat: number): Promise<KernelStartSample[]> {
  const samples: KernelStartSample[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    samples.push(await withKernel(cwd, async (kernel, readyMs) => {
      await run(kernel, FIRST_OUTPUT_CELL, 'the first cell');
      return { readyMs, firstOutputMs: performance.now() - started };
    }));
  }
  return samples;
}

/** Small cells rerun `repeat` times each in one kernel, by what was run before: sample arrays keyed by {@link SMALL_CELL_STEPS}' names. */
export type SmallCellLatency = Record<(typeof SMALL_CELL_STEPS)[number]['name'], number[]>;

/** The steps of {@link measureSmallCells}, in order: a name and the cell. */
export const SMALL_CELL_STEPS = [
  { name: 'small', code: SMALL_CELL },
  { name: 'declaring', code: DECLARING_CELL },
  { name: 'import', code: IMPORT_CELL },
  { name: 'smallAfterImport', code: SMALL_CELL },
  { name: 'declaringAfterImport', code: DECLARING_CELL },
] as const;

/** Small cells rerun `repeat` times each in one kernel: before the library is imported, the import cell itself, and after it. */
export async function measureSmallCells(cwd: string, repeat: number): Promise<SmallCellLatency> {
  return withKernel(cwd, async (kernel) => {
    await run(kernel, FIRST_OUTPUT_CELL, 'the first cell');
    const samples: Partial<SmallCellLatency> = {};
    for (const step of SMALL_CELL_STEPS) {
      const ms: number[] = [];
      for (let i = 0; i < repeat; i++) ms.push(await timed(kernel, step.code, JSON.stringify(step.code)));
      samples[step.name] = ms;
    }
    return samples as SmallCellLatency;
  });
}

/**
 * Runs a notebook's code cells in a fresh kernel (in the notebook's folder), then
 * reruns its settings and training cells `repeat` times and {@link DECLARING_CELL} `repeat` times.
 *
 * @throws {MeasuredCellError} When a cell fails.
 */
export async function measureNotebook(path: string, repeat: number, slowest = 3): Promise<NotebookLatency> {
  const notebook = await readNotebook(path);
  const cells = codeCells(notebook);
  const rerun = rerunCells(notebook);
  const started = performance.now();
  return withKernel(dirname(resolve(path)), async (kernel, kernelStartMs) => {
    const times: { id: string; ms: number }[] = [];
    for (const [i, cell] of cells.entries()) {
      const id = cell.id ?? `code cell ${i + 1}`;
      times.push({ id, ms: await timed(kernel, cell.source, `${path}: cell ${id}`) });
    }
    const fullRunMs = performance.now() - started;
    const result: NotebookLatency = {
      notebook: path,
      fullRunMs,
      kernelStartMs,
      slowestCells: [...times].sort((a, b) => b.ms - a.ms).slice(0, slowest),
      declaringCellMs: [],
    };
    if (rerun !== undefined) {
      const sources = rerun.cells.map((id) => cells.find((c) => c.id === id)!.source);
      const ms: number[] = [];
      for (let i = 0; i < repeat; i++) {
        const t = performance.now();
        for (const [j, source] of sources.entries()) await run(kernel, source, `${path}: rerun of cell ${rerun.cells[j]}`);
        ms.push(performance.now() - t);
      }
      result.rerun = { cells: rerun.cells, ms };
    }
    for (let i = 0; i < repeat; i++) result.declaringCellMs.push(await timed(kernel, DECLARING_CELL, `${path}: ${DECLARING_CELL}`));
    return result;
  });
}

/** Reads the "Time per notebook" lines the book builder prints. */
export function parseBookTimes(stdout: string): Record<string, number> {
  const times: Record<string, number> = {};
  for (const match of stdout.matchAll(/^\s+([\d.]+) s\s+(\S+\.ipynb)\s*$/gm)) times[match[2]!] = Number(match[1]);
  return times;
}

/** Runs `command` (the book builder) to its end and times it; its stderr (progress) is dropped. */
export function measureBook(command: string[], cwd: string): Promise<BookLatency> {
  const [file, ...args] = command;
  if (file === undefined) throw new TypeError('Expected a book command but found an empty one');
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-4_000)));
    child.on('error', fail);
    child.on('close', (exitCode) => {
      const result = { command, wallMs: performance.now() - started, exitCode, perNotebookSeconds: parseBookTimes(stdout) };
      if (exitCode === 0) done(result);
      else fail(new MeasuredCellError(`the book build (${command.join(' ')}) exited with ${String(exitCode)}:\n${stderr}`));
    });
  });
}
