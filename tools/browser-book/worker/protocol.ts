/** Messages between a book page and its kernel worker. */

/** A Jupyter output (nbformat 4), as the page renders it. */
export type CellOutput =
  | { output_type: 'stream'; name: 'stdout' | 'stderr'; text: string }
  | { output_type: 'display_data' | 'execute_result'; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: 'error'; ename: string; evalue: string; traceback: string[] };

/** Page → worker: the kernel's backend (before any run), then cells to run in order. */
export type PageMessage = { type: 'init'; backend: string } | RunRequest;

/** Run one cell's source; outputs and the end are tagged with `id`. */
export interface RunRequest {
  type: 'run';
  id: number;
  source: string;
}

/** Worker → page. `displayId`/`update`: a display that later outputs replace in place (live progress). */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'output'; id: number; output: CellOutput; displayId?: string; update?: boolean }
  | { type: 'done'; id: number; ok: boolean; ms: number };
