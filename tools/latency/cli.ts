#!/usr/bin/env node
/**
 * `npm run latency`: how long the course takes to start and rerun on this machine.
 * Measures, on the real kernel: a kernel's start to its first output; rerunning a
 * small cell and the library's import cell; each notebook's full run, then the rerun
 * of its settings and training cells; and the book builder's whole run. Writes a JSON
 * report and prints a table of medians. Exit codes are listed in {@link EXIT}; see
 * tools/latency/README.md.
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_USAGE, defaultIo, isEntryPoint, parseCommandLine, type CliIo, type ParsedValues } from '../cli.js';
import { listNotebooks } from '../book/build.js';
import { measureBook, measureKernelStart, measureNotebook, measureSmallCells } from './measure.js';
import { formatComparison, formatReport, machineInfo, type LatencyReport } from './report.js';
import { FULL_BUILDER_ENV } from '../kernel/tslab-kernel.js';

/** Exit codes of the command. */
export const EXIT = {
  /** Measured, report written. */
  ok: 0,
  /** A cell or the book build failed, or the kernel did not start; no report written. */
  failed: 1,
  /** Bad arguments. */
  usage: EXIT_USAGE,
} as const;

/** What can be measured, in the order the tool measures it. */
export const PARTS = ['kernel', 'cells', 'notebooks', 'book'] as const;
/** One part of the measurement. */
export type Part = (typeof PARTS)[number];

/** Usage text printed by `--help` and after usage errors. */
export const USAGE = `Usage: node dist-tools/latency/cli.js [--out FILE] [--repeat N] [--only PARTS] [--notebooks DIR | NOTEBOOK.ipynb ...]

Measures on the project's tslab kernel how long the course takes to start and to
rerun, and writes a JSON report (with the machine and its load average) and a table.
\`npm run latency\` builds first, then runs this. Parts, in this order:

  kernel     a fresh kernel's start to the output of a trivial cell
  cells      rerunning \`1 + 1\`, the library's import cell, then \`1 + 1\` again
  notebooks  each notebook's full run (alone), then its settings and training
             cells (from its "Try it" metadata) and \`1 + 1\` rerun
  book       the book builder's whole run (node dist-tools/book/cli.js, to a
             temporary folder, for --notebooks)

Options:
  --out FILE       the JSON report (default data/latency/latest.json)
  --repeat N       samples of each repeated measurement (default 3)
  --only PARTS     comma-separated parts to measure (default all)
  --notebooks DIR  folder of notebooks (default notebooks)
  --compare BEFORE.json,AFTER.json
                   measure nothing: print two reports side by side, with the
                   ratio after/before of each median
  -h, --help       show this help

Exit codes: 0 measured (or compared), 1 a cell, the kernel or the book build failed
(or a report to compare cannot be read), 2 usage error.`;

const OPTIONS = {
  out: { type: 'string' },
  repeat: { type: 'string' },
  only: { type: 'string' },
  notebooks: { type: 'string' },
  compare: { type: 'string' },
} as const;

/** What the command was asked to do. */
export interface LatencyOptions {
  out: string;
  repeat: number;
  parts: Part[];
  notebooksDir: string;
  notebooks?: string[];
  /** Reports to compare instead of measuring: [before, after]. */
  compare?: [string, string];
}

/** The parsed command line. @throws {Error} For a usage error. */
export function readOptions(values: ParsedValues<typeof OPTIONS>, positionals: string[]): LatencyOptions {
  const repeat = values.repeat === undefined ? 3 : Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`Expected --repeat to be an integer greater than 0 but found ${values.repeat}`);
  const parts = values.only === undefined ? [...PARTS] : values.only.split(',').map((p) => p.trim());
  const unknown = parts.find((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown !== undefined) throw new Error(`Expected --only to list parts among ${PARTS.join(', ')} but found ${JSON.stringify(unknown)}`);
  if (positionals.length > 0 && values.notebooks !== undefined) throw new Error('Expected either --notebooks or notebook files, not both');
  const compare = values.compare?.split(',');
  if (compare !== undefined && (compare.length !== 2 || compare.some((f) => f === ''))) throw new Error(`Expected --compare to be two report files, BEFORE.json,AFTER.json, but found ${JSON.stringify(values.compare)}`);
  const bad = positionals.find((p) => !p.endsWith('.ipynb'));
  if (bad !== undefined) throw new Error(`Expected notebook files (*.ipynb) but found ${JSON.stringify(bad)}`);
  return {
    out: values.out ?? 'data/latency/latest.json',
    repeat,
    parts: PARTS.filter((p) => parts.includes(p)),
    notebooksDir: values.notebooks ?? 'notebooks',
    ...(positionals.length > 0 ? { notebooks: positionals } : {}),
    ...(compare === undefined ? {} : { compare: [compare[0]!, compare[1]!] as [string, string] }),
  };
}

/** The book builder's command line, this project's, for the notebooks of `notebooksDir`. */
export function bookCommand(outDir: string, notebooksDir = 'notebooks'): string[] {
  const builder = join(dirname(fileURLToPath(import.meta.url)), '..', 'book', 'cli.js');
  return [process.execPath, builder, '--out', outDir, '--notebooks', notebooksDir];
}

/**
 * Runs the command with `args` (without `node` and the script).
 *
 * @returns The exit code, see {@link EXIT}.
 */
export async function main(args: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const options = parseCommandLine(args, io, { usage: USAGE, options: OPTIONS, positionals: true, read: readOptions });
  if (typeof options === 'number') return options;
  if (options.compare !== undefined) return compareReports(options.compare, io);
  const started = Date.now();
  const report: LatencyReport = {
    createdAt: new Date(started).toISOString(),
    machine: machineInfo(),
    repeat: options.repeat,
    kernelBuilders: process.env[FULL_BUILDER_ENV] === '1' ? 'full' : 'light',
  };
  const cwd = resolve(options.notebooksDir);
  const progress = (text: string) => io.stderr(`[latency] ${text}\n`);
  try {
    if (options.parts.includes('kernel')) {
      progress(`kernel start, ${options.repeat} times`);
      report.kernelStart = await measureKernelStart(cwd, options.repeat);
    }
    if (options.parts.includes('cells')) {
      progress('small cells');
      report.smallCells = await measureSmallCells(cwd, options.repeat);
    }
    if (options.parts.includes('notebooks')) {
      report.notebooks = [];
      for (const path of options.notebooks ?? (await listNotebooks(options.notebooksDir))) {
        progress(`${path}: full run, then reruns`);
        report.notebooks.push(await measureNotebook(path, options.repeat));
      }
    }
    if (options.parts.includes('book')) {
      const outDir = await mkdtemp(join(os.tmpdir(), 'latency-book-'));
      progress(`book build to ${outDir}`);
      try {
        report.book = await measureBook(bookCommand(outDir, options.notebooksDir), process.cwd());
      } finally {
        await rm(outDir, { recursive: true, force: true });
      }
    }
  } catch (error) {
    io.stderr(`Latency measurement failed: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
  report.machine.loadAverageAtEnd = os.loadavg().map((l) => Number(l.toFixed(2)));
  report.machine.minutes = Number(((Date.now() - started) / 60_000).toFixed(1));
  await mkdir(dirname(resolve(options.out)), { recursive: true });
  await writeFile(options.out, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
  io.stdout(`${formatReport(report)}\n\nWrote ${options.out}\n`);
  return EXIT.ok;
}

/** Prints two reports side by side; a report that cannot be read is a failure. */
async function compareReports([before, after]: [string, string], io: CliIo): Promise<number> {
  const read = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as LatencyReport;
  try {
    io.stdout(`${formatComparison(await read(before), await read(after))}\n`);
    return EXIT.ok;
  } catch (error) {
    io.stderr(`Cannot compare ${before} and ${after}: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
