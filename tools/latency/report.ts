/**
 * The latency report: the machine and its load at the start and end, every sample
 * the tool took, as JSON (data/latency/latest.json), and a table of medians for the
 * terminal, with the targets of issue 16 beside the numbers they concern.
 */
import os from 'node:os';
import { median as medianOf } from 'backprop-ts/internal';
import type { BookLatency, KernelStartSample, NotebookLatency, SmallCellLatency } from './measure.js';

/** Targets on a quiet machine (issue 16). */
export const TARGETS = {
  /** The whole book, `npm start`. */
  bookMs: 60_000,
  /** Rerunning a settings cell and its training cell, chapters 1–5. */
  rerunMs: 2_000,
} as const;

/** The machine a report was taken on. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
  minutes?: number;
}

/** Everything one run of the tool measured. */
export interface LatencyReport {
  createdAt: string;
  machine: MachineInfo;
  repeat: number;
  /** How tslab compiled cells: `light` builders (the kernel launcher's default) or TypeScript's `full` ones (`BACKPROP_KERNEL_FULL_BUILDER=1`, tools/kernel/README.md). */
  kernelBuilders?: 'light' | 'full';
  kernelStart?: KernelStartSample[];
  smallCells?: SmallCellLatency;
  notebooks?: NotebookLatency[];
  book?: BookLatency;
}

/** The machine now, with the load average at the start. */
export function machineInfo(): MachineInfo {
  const loads = os.loadavg().map((l) => Number(l.toFixed(2)));
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAverageAtStart: loads,
  };
}

/** The median of some samples (the library's: the mean of the middle two for an even count); NaN for none. */
export function median(samples: readonly number[]): number {
  return samples.length === 0 ? Number.NaN : medianOf(samples);
}

/** `within 2.0 s` or `over 2.0 s`: the median of `samples` against a target. */
function againstTarget(samples: readonly number[], targetMs: number): string {
  return `${median(samples) <= targetMs ? 'within' : 'over'} ${formatMs(targetMs)}`;
}

/** Milliseconds as the table shows them: `850 ms` below a second, else `12.3 s`. */
export function formatMs(ms: number): string {
  if (Number.isNaN(ms)) return '–';
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(1)} s`;
}

/** One measurement of a report: what it is, its samples, and the target it has (issue 16). */
export interface ReportRow {
  what: string;
  samples: number[];
  targetMs?: number;
}

/** The measurements of a report, in the order the tool takes them. */
export function reportRows(report: LatencyReport): ReportRow[] {
  const rows: ReportRow[] = [];
  const row = (what: string, samples: readonly number[], targetMs?: number) => rows.push({ what, samples: [...samples], ...(targetMs === undefined ? {} : { targetMs }) });
  if (report.kernelStart) {
    row('kernel start → answering', report.kernelStart.map((s) => s.readyMs));
    row('kernel start → first output', report.kernelStart.map((s) => s.firstOutputMs));
  }
  if (report.smallCells) {
    const cells = report.smallCells;
    row('rerun `1 + 1`', cells.small);
    row('rerun `const two = 1 + 1;`', cells.declaring);
    row('rerun the import cell (library)', cells.import);
    row('rerun `1 + 1`, library imported', cells.smallAfterImport);
    row('rerun `const two = 1 + 1;`, library imported', cells.declaringAfterImport);
  }
  for (const n of report.notebooks ?? []) {
    const name = n.notebook.replace(/^.*\//, '').replace(/\.ipynb$/, '');
    row(`${name}: full run`, [n.fullRunMs]);
    if (n.rerun) row(`${name}: rerun ${n.rerun.cells.join(' + ')}`, n.rerun.ms, /^0[1-5]-/.test(name) ? TARGETS.rerunMs : undefined);
    row(`${name}: rerun \`const two = 1 + 1;\``, n.declaringCellMs);
  }
  if (report.book) row('book (node dist-tools/book/cli.js)', [report.book.wallMs], TARGETS.bookMs);
  return rows;
}

/** Rows of text as a table: the first column left-aligned, the others right-aligned. */
function table(rows: readonly string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd());
}

const load = (l?: number[]) => (l ? l.join(' ') : '?');
const builders = (report: LatencyReport) => (report.kernelBuilders === undefined ? '' : `, ${report.kernelBuilders} builders`);

/** The report as the terminal table: one row per measurement, the median of its samples, and the target where there is one. */
export function formatReport(report: LatencyReport): string {
  const rows = reportRows(report).map(({ what, samples, targetMs }) => [
    what,
    formatMs(median(samples)),
    targetMs === undefined ? '' : againstTarget(samples, targetMs),
  ]);
  return [
    `Latency on ${report.machine.cores} CPUs (${report.machine.cpu}), Node ${report.machine.node}; median of ${report.repeat} where repeated.`,
    `Load average at start ${load(report.machine.loadAverageAtStart)}, at end ${load(report.machine.loadAverageAtEnd)}.${report.kernelBuilders === 'full' ? ' Kernel with TypeScript\'s full builders.' : ''}`,
    '',
    ...table([['measurement', 'median', 'target'], ...rows]),
  ].join('\n');
}

/**
 * Two reports side by side (before, after): the median of each measurement both
 * report, and after / before. For before/after pairs taken one right after the other.
 */
export function formatComparison(before: LatencyReport, after: LatencyReport): string {
  const afterRows = new Map(reportRows(after).map((r) => [r.what, r.samples]));
  const rows = reportRows(before).flatMap(({ what, samples }) => {
    const next = afterRows.get(what);
    if (next === undefined) return [];
    const [a, b] = [median(samples), median(next)];
    return [[what, formatMs(a), formatMs(b), `×${(b / a).toFixed(2)}`]];
  });
  return [
    `Before: ${before.createdAt}, load ${load(before.machine.loadAverageAtStart)} → ${load(before.machine.loadAverageAtEnd)}${builders(before)}.`,
    `After:  ${after.createdAt}, load ${load(after.machine.loadAverageAtStart)} → ${load(after.machine.loadAverageAtEnd)}${builders(after)}.`,
    '',
    ...table([['measurement', 'before', 'after', 'after/before'], ...rows]),
  ].join('\n');
}

/**
 * The report as README shows it (markdown): the kernel and small cells in one table,
 * then one row per notebook with its full run alone and its settings + training rerun,
 * then the book; the targets beside the numbers they concern. README quotes exactly
 * this text for `data/latency/latest.json` (test/speed/readme-latency.test.ts).
 */
export function readmeTables(report: LatencyReport): string {
  const ms = (samples: readonly number[] | undefined) => (samples === undefined || samples.length === 0 ? '–' : formatMs(median(samples)));
  const target = (samples: readonly number[] | undefined, targetMs: number) => (samples === undefined || samples.length === 0 ? '' : againstTarget(samples, targetMs));
  const cells = report.smallCells;
  const first = [
    '| measurement | median |',
    '|---|---|',
    `| kernel start → first output (a fresh kernel) | ${ms(report.kernelStart?.map((s) => s.firstOutputMs))} |`,
    `| a chapter's import cell, first run in a fresh kernel | ${ms(cells?.import.slice(0, 1))} |`,
    `| rerun the import cell | ${ms(cells?.import.slice(1))} |`,
    `| rerun \`1 + 1\`, library imported | ${ms(cells?.smallAfterImport)} |`,
    `| rerun \`const two = 1 + 1;\`, library imported | ${ms(cells?.declaringAfterImport)} |`,
  ];
  const notebooks = [
    '| notebook | full run, alone in a fresh kernel | rerun its settings and training cells | target |',
    '|---|---|---|---|',
    ...(report.notebooks ?? []).map((n) => {
      const name = n.notebook.replace(/^.*\//, '');
      const counted = /^0[1-5]-/.test(name);
      return `| ${name} | ${formatMs(n.fullRunMs)} | ${n.rerun ? `${ms(n.rerun.ms)} (${n.rerun.cells.map((c) => `\`${c}\``).join(' + ')})` : '–'} | ${counted && n.rerun ? target(n.rerun.ms, TARGETS.rerunMs) : ''} |`;
    }),
    `| the whole book (\`npm start\` after its build: chapters 1–8 two at a time, then 9 alone) | ${report.book ? formatMs(report.book.wallMs) : '–'} | | ${report.book ? target([report.book.wallMs], TARGETS.bookMs) : ''} |`,
  ];
  return [...first, '', ...notebooks].join('\n');
}
