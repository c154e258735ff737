/**
 * `Kernel`: runs cells one after the other in one shared scope, as tslab does in
 * Jupyter, and turns what they throw into Jupyter `error` outputs that name the cell's
 * line. The worker (worker.ts) gives it the import hook and sends outputs to the page;
 * nothing here touches the page, so Node tests run it too.
 */
import { cellFunction, compileCell } from './compile-cell.js';

/** A Jupyter `error` output. */
export interface ErrorOutput {
  output_type: 'error';
  ename: string;
  evalue: string;
  traceback: string[];
}

/** Where a stack frame of a cell's code is: `cell-3.js:12:5` (V8) or `@cell-3.js:12:5` (Firefox, Safari). */
const frame = (name: string) => new RegExp(`${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):\\d+`);

/** How many lines the engine puts before a `new Function` body (2 in V8): measured once, not assumed. */
let headerLines: number | undefined;
function functionHeaderLines(): number {
  if (headerLines === undefined) {
    try {
      new Function('throw new Error("probe")\n//# sourceURL=backprop-ts-probe.js')();
    } catch (error) {
      const line = frame('backprop-ts-probe.js').exec(String((error as Error).stack))?.[1];
      headerLines = line === undefined ? 0 : Number(line) - 1;
    }
  }
  return headerLines ?? 0;
}

/** The line of the cell an error comes from, 1-based, if its stack says. */
export function errorLine(error: unknown, name: string): number | undefined {
  const stack = (error as { stack?: unknown } | null)?.stack;
  if (typeof stack !== 'string') return undefined;
  const line = frame(name).exec(stack)?.[1];
  return line === undefined ? undefined : Number(line) - functionHeaderLines();
}

/** A thrown value as a Jupyter error output; `line` (1-based) adds where in the cell. */
export function errorOutput(error: unknown, source: string, line?: number): ErrorOutput {
  const ename = error instanceof Error ? error.name : 'Error';
  const evalue = error instanceof Error ? error.message : `Uncaught ${String(error)}`;
  const traceback = [`${ename}: ${evalue}`];
  const code = line === undefined ? undefined : source.split('\n')[line - 1];
  if (code !== undefined) traceback.push(`    at line ${line} of this cell: ${code.trim()}`);
  return { output_type: 'error', ename, evalue, traceback };
}

/** What one run of a cell gave. */
export type CellResult = { ok: true; value: unknown } | { ok: false; error: ErrorOutput };

/** One scope of names shared by the cells it runs, like a Jupyter kernel session. */
export class Kernel {
  /** The cells' top-level names. No prototype, so `toString` or `constructor` in a cell mean the globals. */
  readonly scope: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  private runs = 0;

  /** @param importer What `import … from 'x'` in a cell gives for `x`. */
  constructor(private readonly importer: (specifier: string) => Promise<unknown>) {}

  /** Runs a cell's TypeScript; never throws: a failure is an `error` output. */
  async run(source: string): Promise<CellResult> {
    const name = `cell-${++this.runs}.js`;
    let run: ReturnType<typeof cellFunction>;
    try {
      const cell = compileCell(source);
      for (const n of cell.names) if (!(n in this.scope)) this.scope[n] = undefined;
      run = cellFunction(cell, name);
    } catch (error) {
      // Parse errors say "(line:column)" in their message.
      const line = /\((\d+):\d+\)/.exec(String((error as Error).message))?.[1];
      return { ok: false, error: errorOutput(error, source, line === undefined ? undefined : Number(line)) };
    }
    try {
      return { ok: true, value: await run(this.scope, this.importer) };
    } catch (error) {
      return { ok: false, error: errorOutput(error, source, errorLine(error, name)) };
    }
  }
}
